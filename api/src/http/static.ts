import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

/**
 * Serves a built single-page front end under a prefix (/admin/, /h5/), falling back to its
 * index.html; hashed assets are cached for a year, index.html never.
 */
export function serveSpa(prefix: string, root: string, label: string): Middleware {
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
    const rel = decodeURIComponent(ctx.path.slice(prefix.length)) || 'index.html';
    const file = path.join(root, rel);
    const exists = file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile();
    const target = exists ? rel : 'index.html';
    await send(ctx, target, {
      root,
      setHeaders: (res, p) => {
        res.setHeader('Cache-Control', p.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  };
}
