import type { ReportStatus } from './catalogue';

/** Statuses by which a sender says "this replaces what I sent before". */
const REPLACING: readonly ReportStatus[] = ['amended', 'corrected', 'appended', 'cancelled', 'entered-in-error'];
/** Statuses of a report still in progress: a later version simply supersedes them. */
const IN_PROGRESS: readonly ReportStatus[] = ['registered', 'partial', 'preliminary'];

export type ReportUpdateDecision = { action: 'unchanged' } | { action: 'replace' } | { action: 'conflict'; reason: string };

/**
 * What to do when a report arrives again under the same identifier (facility + identifier):
 * the same content as any version we hold changes nothing (senders retry); a report in progress
 * is superseded by whatever follows; a finished report changes only when the sender says so
 * with amended/corrected/appended (or withdraws it), and the old version is kept as history.
 */
export function decideReportUpdate(
  existing: { status: ReportStatus; contentHash: string; historyHashes: readonly string[] },
  incoming: { status: ReportStatus; contentHash: string },
): ReportUpdateDecision {
  if (incoming.contentHash === existing.contentHash || existing.historyHashes.includes(incoming.contentHash)) return { action: 'unchanged' };
  if (IN_PROGRESS.includes(existing.status) || REPLACING.includes(incoming.status)) return { action: 'replace' };
  return { action: 'conflict', reason: '该报告已定稿，修改内容请以更正状态（amended/corrected）重新发送' };
}
