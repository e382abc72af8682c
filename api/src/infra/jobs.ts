import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AppDeps } from '../deps';

/** A periodic job; `instanceId` names this API process (for claims and lock ownership). */
export type JobFn = (deps: AppDeps, ctx: { instanceId: string }) => Promise<unknown>;

interface Job {
  name: string;
  intervalMs: number;
  run: JobFn;
  singleInstance: boolean;
  lockTtlMs: number;
}

const jobs = new Map<string, Job>();

/**
 * Adds a periodic job to those startWorkers runs (registering a name again replaces it). By
 * default a job is single-instance: each run takes a KV lock (setIfAbsent with a TTL), so across
 * API instances only one runs it at a time; the TTL frees the lock of an instance that died.
 * Jobs must still be idempotent: a run that outlives its lock may overlap the next one.
 * `singleInstance: false` is for work that coordinates itself (the outbox claims rows).
 */
export function registerJob(name: string, intervalMs: number, run: JobFn, opts: { singleInstance?: boolean; lockTtlMs?: number } = {}): void {
  jobs.set(name, { name, intervalMs, run, singleInstance: opts.singleInstance ?? true, lockTtlMs: opts.lockTtlMs ?? Math.max(intervalMs, 5 * 60_000) });
}

export function newInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Runs a registered job once in this instance, under its lock; false when another holds it. */
export async function runJobOnce(deps: AppDeps, name: string, instanceId: string): Promise<boolean> {
  const job = jobs.get(name);
  if (!job) throw new Error(`no job named ${name}`);
  const lockKey = `job-lock:${job.name}`;
  if (job.singleInstance) {
    try {
      if (!(await deps.kv.setIfAbsent(lockKey, instanceId, job.lockTtlMs))) return false;
    } catch (err) {
      deps.logger.warn({ job: job.name, err: (err as Error).message }, 'job skipped: KV unavailable for its lock');
      return false;
    }
  }
  try {
    await job.run(deps, { instanceId });
  } catch (err) {
    deps.logger.error({ job: job.name, err }, 'job failed');
  } finally {
    if (job.singleInstance) {
      // Release only our own lock: if it expired and another instance took it, that one is theirs.
      const holder = await deps.kv.get(lockKey).catch(() => null);
      if (holder === instanceId) await deps.kv.del(lockKey).catch(() => {});
    }
  }
  return true;
}

export interface Workers {
  instanceId: string;
  /** Stops the timers and waits for runs in flight (call before closing the pools). */
  stop(): Promise<void>;
}

/** Starts every registered job on its interval; a job never overlaps itself in one instance. */
export function startWorkers(deps: AppDeps, instanceId = newInstanceId()): Workers {
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;
  for (const job of jobs.values()) {
    let running = false;
    const tick = () => {
      if (stopping || running) return;
      running = true;
      const run = runJobOnce(deps, job.name, instanceId).finally(() => {
        running = false;
        inFlight.delete(run);
      });
      inFlight.add(run);
    };
    timers.push(setInterval(tick, job.intervalMs));
  }
  return {
    instanceId,
    async stop() {
      stopping = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...inFlight]);
    },
  };
}
