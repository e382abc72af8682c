import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** WeChat's limit for the main package and for each subpackage. */
export const WECHAT_PACKAGE_LIMIT = 2 * 1024 * 1024;

/**
 * Our own budgets, well inside WeChat's: half its limit for the main package (what every
 * resident downloads before the first screen), 1.5 MB per subpackage, and 300 KB of gzipped
 * JavaScript before the H5 build's first screen.
 */
export const SIZE_BUDGETS = {
  weappMain: 1024 * 1024,
  weappSubpackage: 1.5 * 1024 * 1024,
  h5InitialJsGzip: 300 * 1024,
} as const;

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

/**
 * The JavaScript an H5 visitor downloads before the first screen: the scripts index.html
 * references (publicPath prefix stripped), each gzipped as a server would send it (zlib's
 * default level).
 */
export function h5InitialJs(distDir: string): { scripts: { file: string; bytes: number; gzip: number }[]; gzip: number } {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => {
    const file = m[1].replace(/^(?:https?:)?\/\/[^/]+/, '').replace(/^\/h5\//, '').replace(/^\//, '');
    const content = fs.readFileSync(path.join(distDir, file));
    return { file, bytes: content.length, gzip: gzipSync(content).length };
  });
  return { scripts, gzip: scripts.reduce((sum, s) => sum + s.gzip, 0) };
}
