import type { NotifyPreference, UpdateNotifyPreference } from '@ygt/shared';
import { api } from './api';

const path = (memberId: string) => `/api/v1/me/family/${encodeURIComponent(memberId)}/notify-preferences`;

/** How a family member is told besides WeChat: a clinic that phones them, text messages. */
export function getNotifyPreference(memberId: string): Promise<NotifyPreference> {
  return api.get<NotifyPreference>(path(memberId));
}

export function updateNotifyPreference(memberId: string, input: UpdateNotifyPreference): Promise<NotifyPreference> {
  return api.put<NotifyPreference>(path(memberId), input);
}
