import {
  AccessLogEntrySchema,
  AddFamilyMemberSchema,
  DemoLoginSchema,
  DemoResidentSchema,
  FamilyMemberSchema,
  GrantConsentSchema,
  HealthCardSchema,
  LinkRequestSchema,
  MeSchema,
  SessionSchema,
  UpdateFamilyMemberSchema,
  WechatLoginSchema,
} from '@ygt/shared';
import { z } from 'zod';
import { asResident, rateLimit } from '../../http/auth';
import { notFound } from '../../http/errors';
import { defineRoute } from '../../http/route';
import * as service from './service';

const tags = ['居民账号 identity'];
const MemberParams = z.object({ memberId: z.string().min(1).max(40) });
const RequestParams = z.object({ requestId: z.string().min(1).max(40) });
const Ok = z.object({ ok: z.literal(true) });

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/wechat/login',
    summary: '微信登录：用 wx.login 的 code 换取会话',
    description: 'The server calls jscode2session; session_key stays on the server. Returns an opaque bearer token.',
    tags,
    auth: 'public',
    body: WechatLoginSchema,
    response: SessionSchema,
    handler: async ({ deps, body, ctx }) => {
      await rateLimit(deps, `login-ip:${ctx.ip}`, 30, 60_000, '登录过于频繁，请稍等一分钟再试');
      return service.signInWithWechat(deps, body.code);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/auth/demo/residents',
    summary: '演示模式：可选的演示居民',
    tags,
    auth: 'public',
    response: z.object({ items: z.array(DemoResidentSchema) }),
    handler: async ({ deps }) => {
      if (deps.config.mode !== 'demo') throw notFound('没有这个接口');
      return { items: [...service.DEMO_RESIDENTS] };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/demo/login',
    summary: '演示模式：以演示居民身份登录（生产环境不存在）',
    tags,
    auth: 'public',
    body: DemoLoginSchema,
    response: SessionSchema,
    handler: ({ deps, body }) => service.signInDemo(deps, body.residentKey),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: '退出登录（居民）',
    tags,
    auth: 'resident',
    response: Ok,
    handler: async ({ deps, actor }) => {
      await service.signOut(deps, asResident(actor).token);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me',
    summary: '我的账号：本人信息与单独同意状态',
    tags,
    auth: 'resident',
    response: MeSchema,
    handler: ({ deps, actor }) => service.getMe(deps, asResident(actor)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/consents',
    summary: '签署《个人健康信息处理单独同意书》',
    tags,
    auth: 'resident',
    body: GrantConsentSchema,
    response: MeSchema,
    handler: ({ deps, actor, body }) => service.grantHealthDataConsent(deps, asResident(actor), body.version),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/family',
    summary: '就诊人列表（脱敏）',
    tags,
    auth: 'resident',
    response: z.object({ items: z.array(FamilyMemberSchema) }),
    handler: async ({ deps, actor }) => ({ items: await service.listFamily(deps, asResident(actor)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/family',
    summary: '添加就诊人（实名：姓名 + 身份证号）',
    description: 'Up to MAX_FAMILY_MEMBERS per account. Under-14s need guardian=true. A person who has an own account must confirm (status pending_consent).',
    tags,
    auth: 'resident',
    body: AddFamilyMemberSchema,
    response: FamilyMemberSchema,
    status: 201,
    handler: ({ deps, actor, body }) => service.addFamilyMember(deps, asResident(actor), body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/family/:memberId',
    summary: '就诊人详情（reveal=1 显示完整证件号和手机号）',
    tags,
    auth: 'resident',
    params: MemberParams,
    query: z.object({ reveal: z.enum(['0', '1']).optional() }),
    response: FamilyMemberSchema,
    handler: ({ deps, actor, params, query }) => service.getFamilyMember(deps, asResident(actor), params.memberId, query.reveal === '1'),
  }),
  defineRoute({
    // PUT, not PATCH: wx.request cannot send PATCH. The body is still a partial update.
    method: 'put',
    path: '/api/v1/me/family/:memberId',
    summary: '修改就诊人手机号或关系',
    tags,
    auth: 'resident',
    params: MemberParams,
    body: UpdateFamilyMemberSchema,
    response: FamilyMemberSchema,
    handler: ({ deps, actor, params, body }) => service.updateFamilyMember(deps, asResident(actor), params.memberId, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/me/family/:memberId',
    summary: '删除就诊人',
    tags,
    auth: 'resident',
    params: MemberParams,
    response: Ok,
    handler: async ({ deps, actor, params }) => {
      await service.removeFamilyMember(deps, asResident(actor), params.memberId);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/family/:memberId/health-card',
    summary: '电子健康卡（二维码内容）',
    tags,
    auth: 'resident',
    params: MemberParams,
    response: HealthCardSchema,
    handler: ({ deps, actor, params }) => service.healthCard(deps, asResident(actor), params.memberId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/link-requests',
    summary: '他人申请将我添加为就诊人（待我确认）',
    tags,
    auth: 'resident',
    response: z.object({ items: z.array(LinkRequestSchema) }),
    handler: async ({ deps, actor }) => ({ items: await service.listLinkRequests(deps, asResident(actor)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/link-requests/:requestId/approve',
    summary: '同意对方代我办理',
    tags,
    auth: 'resident',
    params: RequestParams,
    response: Ok,
    handler: async ({ deps, actor, params }) => {
      await service.decideLinkRequest(deps, asResident(actor), params.requestId, true);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/link-requests/:requestId/reject',
    summary: '拒绝对方代我办理',
    tags,
    auth: 'resident',
    params: RequestParams,
    response: Ok,
    handler: async ({ deps, actor, params }) => {
      await service.decideLinkRequest(deps, asResident(actor), params.requestId, false);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/access-log',
    summary: '个人信息访问记录：工作人员何时因何查看了我和家人的信息',
    tags,
    auth: 'resident',
    response: z.object({ items: z.array(AccessLogEntrySchema) }),
    handler: async ({ deps, actor }) => ({ items: await service.accessLog(deps, asResident(actor)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/export',
    summary: '导出我的个人信息（JSON）',
    tags,
    auth: 'resident',
    response: z.record(z.string(), z.unknown()),
    handler: ({ deps, actor }) => service.exportData(deps, asResident(actor)),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/me',
    summary: '注销账号',
    description: 'Ends the sign-in, family links and consents. Medical records kept by facilities as the law requires stay with the person.',
    tags,
    auth: 'resident',
    response: Ok,
    handler: async ({ deps, actor }) => {
      await service.deleteAccount(deps, asResident(actor));
      return { ok: true as const };
    },
  }),
];
