import { registerJob } from '../../infra/jobs';
import './payables';
import { reconcilePayments } from './reconcile';

/** Reconciliation every minute in every instance: rows are claimed one by one, so instances share the work. */
export function registerPaymentJobs(): void {
  registerJob('payments.reconcile', 60_000, (deps) => reconcilePayments(deps), { singleInstance: false });
}
