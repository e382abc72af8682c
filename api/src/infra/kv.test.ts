import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createKv, type Kv } from './kv';

const backends: [string, () => Kv][] = [['memory', () => createKv({ prefix: `t:${randomBytes(4).toString('hex')}:` })]];
if (process.env.TEST_REDIS_URL) {
  backends.push(['redis', () => createKv({ redisUrl: process.env.TEST_REDIS_URL, prefix: `ygt-test:${randomBytes(4).toString('hex')}:` })]);
}

describe.each(backends)('kv contract on %s', (name, make) => {
  const kv = make();
  afterAll(() => kv.close());
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('reports its kind', () => expect(kv.kind).toBe(name));
  it('gets what it sets, and null for a missing key', async () => {
    await kv.set('a', 'hello');
    expect(await kv.get('a')).toBe('hello');
    expect(await kv.get('missing')).toBeNull();
  });
  it('gets several values at once, in the order asked, null where missing', async () => {
    await kv.set('m1', 'one');
    await kv.set('m2', 'two');
    expect(await kv.getMany(['m2', 'missing', 'm1'])).toEqual(['two', null, 'one']);
  });
  it('expires values after their TTL', async () => {
    await kv.set('short', 'x', 50);
    expect(await kv.get('short')).toBe('x');
    await sleep(120);
    expect(await kv.get('short')).toBeNull();
  });
  it('sets only when absent', async () => {
    expect(await kv.setIfAbsent('lock', 'first', 1000)).toBe(true);
    expect(await kv.setIfAbsent('lock', 'second', 1000)).toBe(false);
    expect(await kv.get('lock')).toBe('first');
  });
  it('increments atomically under concurrency, with the TTL from the first increment', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => kv.incr('counter', 200)));
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await sleep(300);
    expect(await kv.get('counter')).toBeNull();
  });
  it('deletes', async () => {
    await kv.set('gone', '1');
    await kv.del('gone');
    expect(await kv.get('gone')).toBeNull();
  });
  it('pings', async () => expect(kv.ping()).resolves.toBeUndefined());
});
