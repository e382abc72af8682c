import fs from 'node:fs';
import Koa from 'koa';

/**
 * HTTP alone: a bare Koa endpoint answering a fixed JSON body (the API's own answer, so the
 * same size) to any request, serialised per request as Koa does for any object body. The read
 * path's baseline, and the booking section's ceiling.
 */
const body = JSON.parse(fs.readFileSync(process.env.BODY_FILE!, 'utf8'));
const app = new Koa();
app.use((ctx) => {
  ctx.body = body;
});
app.listen(Number(process.env.PORT), process.env.HOST);
