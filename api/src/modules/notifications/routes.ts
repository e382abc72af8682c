import {
  CallListDoneSchema,
  CallListItemSchema,
  CallListQuerySchema,
  MessageSchema,
  NotifyPreferenceSchema,
  SubscribeMomentSchema,
  SubscribeTemplatesSchema,
  UpdateNotifyPreferenceSchema,
} from '@ygt/shared';
import { z } from 'zod';
import { asResident, asStaff } from '../../http/auth';
import { defineRoute } from '../../http/route';
import * as service from './service';

const tags = ['消息 notifications'];
const Unread = z.object({ unread: z.number().int() });
const MemberParams = z.object({ memberId: z.string().min(1).max(40) });

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
  defineRoute({
    method: 'get',
    path: '/api/v1/notifications/subscribe-templates',
    summary: '订阅消息：某个时机应请求订阅的模板（传给 wx.requestSubscribeMessage）',
    description: 'Moments: booking (after submitting), booking_detail, waitlist, renewal (after a renewal request), medicine_order, results (results page), refund, referral.',
    tags,
    auth: 'resident',
    query: z.object({ moment: SubscribeMomentSchema }),
    response: SubscribeTemplatesSchema,
    handler: async ({ deps, query }) => service.subscribeTemplates(deps, query.moment),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/family/:memberId/notify-preferences',
    summary: '就诊人的通知方式：由村医电话通知、短信',
    tags,
    auth: 'resident',
    params: MemberParams,
    response: NotifyPreferenceSchema,
    handler: ({ deps, actor, params }) => service.getNotifyPreference(deps, asResident(actor), params.memberId),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/me/family/:memberId/notify-preferences',
    summary: '设置“通知我的村医”：选择卫生室（建档机构或任一村卫生室），可选短信',
    description: 'Every message about this person then also appears on that clinic\'s call list. Needs the health-data consent.',
    tags,
    auth: 'resident',
    params: MemberParams,
    body: UpdateNotifyPreferenceSchema,
    response: NotifyPreferenceSchema,
    handler: ({ deps, actor, params, body }) => service.updateNotifyPreference(deps, asResident(actor), params.memberId, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/call-list',
    summary: '待电话通知：选择由本卫生室通知的居民的消息（记录访问日志）',
    tags,
    auth: 'staff',
    query: CallListQuerySchema,
    response: z.object({ items: z.array(CallListItemSchema) }),
    handler: ({ deps, actor, query, ctx }) => service.listCallList(deps, asStaff(actor), query, ctx.state.requestId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/call-list/:itemId/done',
    summary: '标记已通知（记录处理人和时间）',
    tags,
    auth: 'staff',
    params: z.object({ itemId: z.string().min(1).max(40) }),
    body: CallListDoneSchema,
    response: CallListItemSchema,
    handler: ({ deps, actor, params, body, ctx }) => service.tickOffCallListItem(deps, asStaff(actor), params.itemId, body.note, ctx.state.requestId),
  }),
];
