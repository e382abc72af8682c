import type { Message } from '@ygt/shared';
import { api } from './api';

export async function listMessages(): Promise<{ items: Message[]; unread: number }> {
  return api.get<{ items: Message[]; unread: number }>('/api/v1/me/messages');
}

export async function unreadMessageCount(): Promise<number> {
  return (await api.get<{ unread: number }>('/api/v1/me/messages/unread-count')).unread;
}

/** Marks the given messages (or all) read; answers how many stay unread. */
export async function markMessagesRead(ids: string[] | 'all'): Promise<number> {
  return (await api.post<{ unread: number }>('/api/v1/me/messages/read', { ids })).unread;
}
