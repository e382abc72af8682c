import type { AppDeps } from '../../deps';
import { PaymentRefusal, ProviderError } from './provider';
import { paymentProvider } from './providers';
import * as repo from './repo';
import { applyRefund, settleOrder, submitRefund } from './service';

// How long a claimed row stays with the instance that claimed it if that instance dies mid-way.
const CLAIM_MS = 2 * 60_000;
const BATCH = 100;

export interface ReconcileReport {
  ordersChecked: number;
  paid: number;
  closed: number;
  refundsChecked: number;
  failures: number;
}

/**
 * The reconciliation job. Unpaid orders that heard nothing for RECONCILE_AFTER_MINUTES are
 * queried at WeChat Pay and settled (a lost notification is recovered here); unpaid orders past
 * their expiry are closed there and here, releasing the payable once; refunds not yet accepted
 * are submitted again with the same out_refund_no, and refunds in progress are queried.
 *
 * Safe on several API instances at once: each due row is claimed by a conditional UPDATE of its
 * next_check_at, so every row is worked on by one instance; a crashed instance's claims lapse.
 */
export async function reconcilePayments(deps: AppDeps): Promise<ReconcileReport> {
  const db = deps.database.db;
  const report: ReconcileReport = { ordersChecked: 0, paid: 0, closed: 0, refundsChecked: 0, failures: 0 };
  const { reconcileAfterMs } = deps.config.payments;

  for (const due of await repo.dueOrders(db, deps.clock.now(), BATCH)) {
    if (!(await repo.claimOrder(db, due.id, Number(due.next_check_at), deps.clock.now() + CLAIM_MS))) continue;
    report.ordersChecked++;
    try {
      const outcome = await settleOrder(deps, due.id);
      if (outcome === 'paid') report.paid++;
      if (outcome === 'closed') report.closed++;
      if (outcome === 'unchanged') await scheduleNextOrderCheck(deps, due.id, reconcileAfterMs);
    } catch (err) {
      report.failures++;
      logFailure(deps, err, { orderId: due.id });
    }
  }

  for (const due of await repo.dueRefunds(db, deps.clock.now(), BATCH)) {
    if (!(await repo.claimRefund(db, due.id, Number(due.next_check_at), deps.clock.now() + CLAIM_MS))) continue;
    report.refundsChecked++;
    try {
      await reconcileRefund(deps, due.id, reconcileAfterMs);
    } catch (err) {
      report.failures++;
      logFailure(deps, err, { refundId: due.id });
    }
  }
  if (report.ordersChecked || report.refundsChecked) deps.logger.info({ ...report }, 'payments reconciled');
  return report;
}

/** Next look at a still-unpaid order: after another quiet period, but no later than its expiry. */
async function scheduleNextOrderCheck(deps: AppDeps, orderId: string, reconcileAfterMs: number) {
  const order = await repo.getOrder(deps.database.db, orderId);
  if (!order || (order.state !== 'created' && order.state !== 'paying')) return;
  const now = deps.clock.now();
  const next = now < order.expires_at ? Math.min(now + reconcileAfterMs, Number(order.expires_at)) : now + reconcileAfterMs;
  await deps.database.db.updateTable('payment_order').set({ next_check_at: next }).where('id', '=', orderId).where('state', 'in', ['created', 'paying']).execute();
}

async function reconcileRefund(deps: AppDeps, refundId: string, reconcileAfterMs: number) {
  const refund = await repo.getRefund(deps.database.db, refundId);
  if (!refund) return;
  if (refund.state === 'requested') return submitRefund(deps, refund.id);
  if (refund.state !== 'processing') return;
  const fact = await paymentProvider(deps).queryRefund(refund.out_refund_no);
  // A refund we believed accepted but the provider does not know is asked for again (same number).
  if (!fact) {
    await repo.setRefundCheck(deps.database.db, refund.id, { state: 'requested', next_check_at: deps.clock.now(), updated_at: deps.clock.now() });
    return submitRefund(deps, refund.id);
  }
  const outcome = await applyRefund(deps, fact);
  if (outcome === 'unchanged' || outcome === 'processing') {
    await repo.setRefundCheck(deps.database.db, refund.id, { next_check_at: deps.clock.now() + reconcileAfterMs });
  }
}

function logFailure(deps: AppDeps, err: unknown, ids: Record<string, string>) {
  if (err instanceof ProviderError || err instanceof PaymentRefusal) {
    deps.logger.warn({ ...ids, err: err.message }, 'payment reconciliation will retry');
  } else {
    deps.logger.error({ ...ids, err }, 'payment reconciliation failed');
  }
}
