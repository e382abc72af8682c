import type { Message, NotificationType } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import type { ResidentActor } from '../../http/auth';
import * as repo from './repo';

export async function listMessages(deps: AppDeps, actor: ResidentActor): Promise<{ items: Message[]; unread: number }> {
  const rows = await repo.listMessages(deps.database.db, actor.accountId, 200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      type: r.type as NotificationType,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: Number(r.created_at),
      readAt: r.read_at === null ? null : Number(r.read_at),
      wechatStatus: r.wechat_status as Message['wechatStatus'],
    })),
    unread: await repo.countUnread(deps.database.db, actor.accountId),
  };
}

export async function unreadCount(deps: AppDeps, actor: ResidentActor) {
  return { unread: await repo.countUnread(deps.database.db, actor.accountId) };
}

export async function markRead(deps: AppDeps, actor: ResidentActor, ids: string[] | 'all') {
  await repo.markRead(deps.database.db, actor.accountId, ids, deps.clock.now());
  return unreadCount(deps, actor);
}
