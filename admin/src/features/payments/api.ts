import type { ReconciliationSummary, StaffPaymentRecord } from '@ygt/shared';
import { api, ApiError } from '../../api/client';

/**
 * The payment orders of one payable (a booking's registration fee), with refunds and the ledger.
 * A booking paid at the desk has none: that is an empty list, not an error.
 */
export async function listPaymentRecords(payableType: string, payableId: string, signal?: AbortSignal): Promise<StaffPaymentRecord[]> {
  try {
    return (await api.get<{ items: StaffPaymentRecord[] }>('/staff/payments', { query: { payableType, payableId }, signal })).items;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

/** A local day's money (北京时间): paid, refunded, net, and what needs attention. */
export function getReconciliation(date: string, signal?: AbortSignal): Promise<ReconciliationSummary> {
  return api.get<ReconciliationSummary>('/staff/payments/reconciliation', { query: { date }, signal });
}
