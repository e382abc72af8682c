import { MessageSchema } from '@ygt/shared';
import { z } from 'zod';
import { asResident } from '../../http/auth';
import { defineRoute } from '../../http/route';
import * as service from './service';

const tags = ['消息 notifications'];
const Unread = z.object({ unread: z.number().int() });

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/me/messages',
    summary: '消息中心：全部消息（无论微信是否送达）',
    tags,
    auth: 'resident',
    response: z.object({ items: z.array(MessageSchema), unread: z.number().int() }),
    handler: ({ deps, actor }) => service.listMessages(deps, asResident(actor)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/messages/unread-count',
    summary: '未读消息数',
    tags,
    auth: 'resident',
    response: Unread,
    handler: ({ deps, actor }) => service.unreadCount(deps, asResident(actor)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/messages/read',
    summary: '标记已读（ids 或 all）',
    tags,
    auth: 'resident',
    body: z.object({ ids: z.union([z.array(z.string().min(1).max(40)).max(200), z.literal('all')]) }),
    response: Unread,
    handler: ({ deps, actor, body }) => service.markRead(deps, asResident(actor), body.ids),
  }),
];
