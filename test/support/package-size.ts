import fs from 'node:fs';
import path from 'node:path';

/** WeChat's limit for the main package and for each subpackage. */
export const WECHAT_PACKAGE_LIMIT = 2 * 1024 * 1024;

function sizeOf(dir: string, skip: (rel: string) => boolean, base = dir): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(base, full).split(path.sep).join('/');
    if (skip(rel)) continue;
    total += entry.isDirectory() ? sizeOf(full, skip, base) : fs.statSync(full).size;
  }
  return total;
}

/** Sizes of a weapp build as WeChat counts them: the main package and each subpackage root. */
export function weappPackageSizes(distDir: string): { main: number; subpackages: Record<string, number> } {
  const app = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8'));
  const roots: string[] = (app.subPackages ?? app.subpackages ?? []).map((s: { root: string }) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = {};
  for (const root of roots) subpackages[root] = sizeOf(path.join(distDir, root), () => false);
  // Source maps and licence files are not uploaded.
  const notUploaded = (rel: string) => rel.endsWith('.map') || rel.endsWith('.LICENSE.txt');
  const main = sizeOf(distDir, (rel) => roots.some((r) => rel === r || rel.startsWith(`${r}/`)) || notUploaded(rel));
  return { main, subpackages };
}
