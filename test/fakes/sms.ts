import type { SmsProvider } from '../../api/src/infra/sms';

/**
 * A fake SMS vendor: records what it was asked to send; `failNext(n, retry)` makes the next n
 * sends fail (retry=true: vendor busy; false: number refused).
 */
export class FakeSms implements SmsProvider {
  readonly sent: { phone: string; text: string }[] = [];
  private failures: boolean[] = [];

  failNext(n: number, retry = true) {
    this.failures.push(...Array.from({ length: n }, () => retry));
  }

  async send(phone: string, text: string) {
    const retry = this.failures.shift();
    if (retry !== undefined) return { ok: false as const, retry, error: retry ? 'vendor busy' : 'number refused' };
    this.sent.push({ phone, text });
    return { ok: true as const, id: `fake-sms-${this.sent.length}` };
  }
}
