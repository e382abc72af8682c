import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(REPO_ROOT, 'test/e2e/screenshots');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The real server in a child process (real HTTP between processes), on a fresh embedded
 * database in demo mode, serving the built console and H5.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  for (const built of ['admin/dist/index.html', 'miniapp/dist/h5/index.html']) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: run npm run build first (npm run test:e2e does)`);
  }
  const port = await freePort();
  const sqlite = path.join(os.tmpdir(), `ygt-e2e-${randomBytes(4).toString('hex')}.sqlite`);
  const fullEnv = { PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: sqlite, LOG_LEVEL: 'warn', YGT_MODE: 'demo', ...env };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'api/src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...fullEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    env: fullEnv,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      for (const f of [sqlite, `${sqlite}-wal`, `${sqlite}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A phone-sized page for the H5 build, or a desktop page for the console. */
export async function newPage(browser: Browser, kind: 'phone' | 'desktop'): Promise<Page> {
  const context = await browser.newContext(
    kind === 'phone' ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' } : { viewport: { width: 1366, height: 860 }, locale: 'zh-CN' },
  );
  return context.newPage();
}

/** Screenshots are for looking at during development (and CI artefacts); tests assert on the DOM. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

export const byTestId = (id: string) => `[data-testid="${id}"]`;
