import type { CallListItem } from '@ygt/shared';
import { api } from '../../api/client';

export type CallListStatus = 'open' | 'done';

/** Messages to pass on by phone, for the staff member's facilities (or one of them); the API audits each person shown. */
export async function listCallList(status: CallListStatus, facilityId: string | undefined, signal?: AbortSignal): Promise<CallListItem[]> {
  return (await api.get<{ items: CallListItem[] }>('/staff/call-list', { query: { status, facilityId }, signal })).items;
}

/** 已通知: records who called and when, with an optional note. */
export function markCallDone(itemId: string, note: string | undefined): Promise<CallListItem> {
  return api.post<CallListItem>(`/staff/call-list/${encodeURIComponent(itemId)}/done`, note ? { note } : {});
}
