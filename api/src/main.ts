import type { Server } from 'node:http';
import { createApp } from './app';
import { closeDeps, openDeps } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { redactUrl } from './db';
import { startWorkers } from './infra/jobs';
import { createLogger } from './infra/logger';
import { registerBookingJobs } from './modules/booking/jobs';
import { registerNotificationJobs } from './modules/notifications/jobs';
import { registerPaymentJobs } from './modules/payments/jobs';

/** Start-up: load config, open db and kv (migrating and seeding in demo), listen, stop cleanly. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`医共通 cannot start: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let deps;
  try {
    deps = await openDeps(config, { logger });
  } catch (err) {
    console.error(`医共通 cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const server: Server = createApp(deps).listen(config.port, config.host);
  // Periodic jobs (outbox delivery, reminders); features register theirs before startWorkers.
  registerNotificationJobs();
  registerBookingJobs();
  registerPaymentJobs();
  const workers = startWorkers(deps);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((err) => {
    console.error(`医共通 cannot listen on port ${config.port}: ${err.message}`);
    process.exit(1);
  });
  const base = `http://localhost:${config.port}`;
  const db = config.database.kind === 'mysql' ? `MySQL ${redactUrl(config.database.url)}` : `SQLite ${config.database.path}`;
  console.log(
    [
      '',
      `医共通 is running in ${config.mode} mode${config.mode === 'demo' ? ' (演示模式：演示登录与演示支付)' : ''}`,
      `  居民端 H5      ${base}/h5/`,
      `  管理后台       ${base}/admin/`,
      `  API            ${base}/api/v1/health`,
      `  API 文档       ${base}/api/v1/docs`,
      `  database       ${db}`,
      `  kv             ${config.redisUrl ? `Redis ${redactUrl(config.redisUrl)}` : 'in-process'}`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // No new job runs from here; runs in flight finish before the pools close.
    const workersStopped = workers.stop();
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('shutdown timed out; closing connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close(async () => {
      await workersStopped;
      await closeDeps(deps);
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
