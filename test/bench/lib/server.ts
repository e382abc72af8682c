import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bundle } from '../../../api/src/cli/build';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  url: string;
  pid: number;
  /** Highest VmRSS (bytes) seen per phase, sampled every 100 ms. */
  rss: Map<string, number>;
  phase(name: string): void;
  stop(): Promise<void>;
}

function vmRss(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * A TypeScript entry point in a child process on a free loopback port, run the way `npm start`
 * and `npm run serve` run the API: bundled by the API's build into one file under dist/ (so its
 * packages resolve from node_modules) and run with plain `node`. Its output goes to a log file
 * and its memory is sampled.
 */
export async function startChild(entry: string, env: Record<string, string>, readyPath: string, name: string, nodeArgs: string[] = []): Promise<ChildServer> {
  const port = await freePort();
  // The API's bundle where its build puts it (its paths are relative to api/dist); others beside their source.
  const bundled = entry === 'api/src/main.ts' ? 'api/dist/main.mjs' : path.join(path.dirname(entry), 'dist', `${path.basename(entry, '.ts')}.mjs`);
  await bundle(entry, bundled);
  const logFile = path.join(os.tmpdir(), `ygt-bench-${name}-${port}.log`);
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, bundled)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  // However the bench ends (a signal handler calls process.exit), no child outlives it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const url = `http://127.0.0.1:${port}`;
  const tail = () => fs.readFileSync(logFile, 'utf8').slice(-4000);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${tail()}`);
    try {
      if ((await fetch(url + readyPath)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start within 180 s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const rss = new Map<string, number>();
  let current = 'idle';
  const sample = () => {
    const bytes = vmRss(child.pid!);
    if (bytes !== null) rss.set(current, Math.max(rss.get(current) ?? 0, bytes));
  };
  const sampler = setInterval(sample, 100);
  return {
    url,
    pid: child.pid!,
    rss,
    phase(next) {
      sample();
      current = next;
    },
    async stop() {
      clearInterval(sampler);
      process.off('exit', orphanGuard);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (process.env.BENCH_KEEP_LOG === '1') console.log(`kept ${name}'s log: ${logFile}`);
      else fs.rmSync(logFile, { force: true });
    },
  };
}
