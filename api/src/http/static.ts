import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import { AppError } from './errors';

/**
 * The Content-Security-Policy of a page: everything from this origin, plus exactly the inline
 * scripts the page has, by hash (Taro's H5 sizing script, the API docs' loader).
 */
export function pagePolicy(html: string): string {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => ` 'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src 'self'${inline.join('')}`,
    // antd and NutUI set styles at run time.
    "style-src 'self' 'unsafe-inline'",
    // Our own images only: every NutUI Empty is given its own picture (components/remote.tsx), so
    // its default illustrations on JD's CDN are never fetched and residents' addresses stay here.
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves a built single-page front end under a prefix (/admin/, /h5/), falling back to its
 * index.html; hashed assets are cached for a year, index.html never.
 */
export function serveSpa(prefix: string, root: string, label: string): Middleware {
  // Recomputed when a new build replaces index.html.
  let policy: { mtimeMs: number; value: string } | undefined;
  const policyOf = (index: string) => {
    const { mtimeMs } = fs.statSync(index);
    if (policy?.mtimeMs !== mtimeMs) policy = { mtimeMs, value: pagePolicy(fs.readFileSync(index, 'utf8')) };
    return policy.value;
  };
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === prefix.slice(0, -1)) return ctx.redirect(prefix);
    if (!ctx.path.startsWith(prefix)) return next();
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = `<p>${label} 尚未构建。请运行 <code>npm start</code>（会自动构建）或 <code>npm run build</code>。</p>`;
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path.slice(prefix.length)) || 'index.html';
    } catch {
      throw new AppError('VALIDATION_FAILED', '页面地址格式不正确', 'path');
    }
    const file = path.join(root, rel);
    const exists = file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile();
    const target = exists ? rel : 'index.html';
    ctx.set('Content-Security-Policy', policyOf(path.join(root, 'index.html')));
    await send(ctx, target, {
      root,
      setHeaders: (res, p) => {
        res.setHeader('Cache-Control', p.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  };
}
