import { randomUUID } from 'node:crypto';
import { maskPhone } from '@ygt/shared';
import type { Config } from '../config';
import type { Logger } from './logger';

/**
 * Text messages for residents who asked for them (elder fallback). No vendor is wired yet: a
 * vendor adapter implements this interface and is chosen by SMS_PROVIDER. `retry` says whether
 * a failure is worth another attempt (vendor busy) or final (number unreachable, refused).
 */
export interface SmsProvider {
  send(phone: string, text: string): Promise<{ ok: true; id: string } | { ok: false; retry: boolean; error: string }>;
}

/** 'none': texts are not sent (the outbox row is skipped); 'log': demo mode writes them to the log. */
export function createSmsProvider(cfg: Config['notifications'], logger: Logger): SmsProvider | null {
  if (cfg.smsProvider === 'log') {
    return {
      async send(phone, text) {
        logger.info({ phone: maskPhone(phone), text }, 'demo SMS (not sent)');
        return { ok: true, id: `log-${randomUUID()}` };
      },
    };
  }
  return null;
}
