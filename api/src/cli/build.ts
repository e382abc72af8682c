import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../config';

/**
 * `npm run build -w @ygt/api`: the server as one JavaScript file, api/dist/main.mjs, run with plain
 * `node`. Running the TypeScript through tsx in production costs a loader thread and the
 * compiler's memory (about 45 MB of the server's resident memory, see `npm run bench`); the
 * bundle takes a fraction of a second to build. Packages stay in node_modules; only our own code
 * (api/src and @ygt/shared) goes into the file. With --with-front-ends (`npm start`), the console
 * and the H5 build are built first when missing.
 */
export async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [path.resolve(REPO_ROOT, entry)],
    outfile: path.resolve(REPO_ROOT, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // The workspace package is TypeScript source: compile it in rather than load it at run time.
    alias: { '@ygt/shared': path.join(REPO_ROOT, 'shared/src/index.ts') },
    // `node --enable-source-maps api/dist/main.mjs` for stack traces in the TypeScript.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

const FRONT_ENDS = [
  { label: '管理后台 admin console', index: 'admin/dist/index.html', script: ['run', 'build', '-w', '@ygt/admin'] },
  { label: '居民端 H5 build', index: 'miniapp/dist/h5/index.html', script: ['run', 'build:h5', '-w', '@ygt/miniapp'] },
];

function buildMissingFrontEnds() {
  for (const b of FRONT_ENDS) {
    if (fs.existsSync(path.join(REPO_ROOT, b.index))) continue;
    console.log(`Building the ${b.label} (first start only)…`);
    const result = spawnSync('npm', b.script, { cwd: REPO_ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`Building the ${b.label} failed; see the output above.`);
      process.exit(1);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  if (process.argv.includes('--with-front-ends')) buildMissingFrontEnds();
  await bundle('api/src/main.ts', 'api/dist/main.mjs');
}
