import autocannon from 'autocannon';

/** What one measured run produced: throughput, every latency (ms, sorted), and the answers by status. */
export interface Measured {
  count: number;
  seconds: number;
  perSecond: number;
  latencies: number[];
  statuses: Record<number, number>;
  errors: number;
}

/** Runs measured in alternation with their baseline's, taken together. */
export function pooled(runs: Measured[]): Measured {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const statuses: Record<number, number> = {};
  for (const r of runs) for (const [s, n] of Object.entries(r.statuses)) statuses[Number(s)] = (statuses[Number(s)] ?? 0) + n;
  return { count: latencies.length, seconds, perSecond: latencies.length / seconds, latencies, statuses, errors: runs.reduce((s, r) => s + r.errors, 0) };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Drives an HTTP server with autocannon: `amount` requests over `connections` keep-alive
 * connections, cut off after `maxSeconds` whatever happens. Latencies are taken from every
 * answer, not only the 2xx ones autocannon keeps in its own histogram.
 */
export function httpLoad(opts: {
  url: string;
  connections: number;
  amount: number;
  maxSeconds: number;
  requests: autocannon.Request[];
}): Promise<Measured> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      { url: opts.url, connections: opts.connections, amount: opts.amount, timeout: 10, requests: opts.requests },
      (err, result) => {
        clearTimeout(guard);
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        resolve({ count: latencies.length, seconds, perSecond: latencies.length / seconds, latencies, statuses, errors: result.errors + result.timeouts });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statuses[statusCode] = (statusCode in statuses ? statuses[statusCode] : 0) + 1;
    });
    const guard = setTimeout(() => instance.stop(), opts.maxSeconds * 1000);
  });
}

/**
 * Runs `task(i)` for i in [0, count) with `concurrency` in flight, stopping early after
 * `maxSeconds`: the in-process twin of httpLoad for baselines measured without HTTP.
 */
export async function poolLoad(count: number, concurrency: number, maxSeconds: number, task: (i: number) => Promise<unknown>): Promise<Measured> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const t = performance.now();
      try {
        await task(i);
      } catch (err) {
        errors += 1;
        firstError ??= err;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (errors === latencies.length && errors > 0) throw firstError;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, seconds, perSecond: latencies.length / seconds, latencies, statuses: {}, errors };
}
