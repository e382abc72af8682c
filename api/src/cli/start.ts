import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config';

/**
 * `npm start`: builds the front ends that are missing (console and H5), then starts the API,
 * which migrates and seeds the embedded database in demo mode and serves everything on one port.
 */
const builds = [
  { label: '管理后台 admin console', index: 'admin/dist/index.html', script: ['run', 'build', '-w', '@ygt/admin'] },
  { label: '居民端 H5 build', index: 'miniapp/dist/h5/index.html', script: ['run', 'build:h5', '-w', '@ygt/miniapp'] },
];
for (const b of builds) {
  if (fs.existsSync(path.join(REPO_ROOT, b.index))) continue;
  console.log(`Building the ${b.label} (first start only)…`);
  const result = spawnSync('npm', b.script, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`Building the ${b.label} failed; see the output above.`);
    process.exit(1);
  }
}
await import('../main');
