import {
  CreateStaffSchema,
  PatientLookupQuerySchema,
  PatientSchema,
  ResetPasswordSchema,
  StaffLoginSchema,
  StaffProfileSchema,
  StaffSessionSchema,
} from '@ygt/shared';
import { z } from 'zod';
import { asStaff } from '../../http/auth';
import { defineRoute } from '../../http/route';
import * as service from './service';

const tags = ['工作人员 staff'];
const Ok = z.object({ ok: z.literal(true) });
const StaffParams = z.object({ staffId: z.string().min(1).max(40) });

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/staff/login',
    summary: '工作人员登录（用户名 + 密码）',
    description: 'Rate-limited by IP and account; locks the account after repeated failures.',
    tags,
    auth: 'public',
    body: StaffLoginSchema,
    response: StaffSessionSchema,
    handler: ({ deps, body, ctx }) => service.signInStaff(deps, body.username, body.password, ctx.ip),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/staff/logout',
    summary: '工作人员退出登录',
    tags,
    auth: 'staff',
    response: Ok,
    handler: async ({ deps, actor }) => {
      await service.signOutStaff(deps, asStaff(actor));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/me',
    summary: '当前工作人员',
    tags,
    auth: 'staff',
    response: StaffProfileSchema,
    handler: ({ deps, actor }) => service.staffProfile(deps, asStaff(actor).staffId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/accounts',
    summary: '工作人员账号列表',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    response: z.object({ items: z.array(StaffProfileSchema) }),
    handler: async ({ deps }) => ({ items: await service.listStaff(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/accounts',
    summary: '新建工作人员账号',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    body: CreateStaffSchema,
    response: StaffProfileSchema,
    status: 201,
    handler: ({ deps, body }) => service.createStaff(deps, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/accounts/:staffId/reset-password',
    summary: '重置工作人员密码（同时解除锁定）',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    params: StaffParams,
    body: ResetPasswordSchema,
    response: StaffProfileSchema,
    handler: ({ deps, params, body }) => service.resetStaffPassword(deps, params.staffId, body.password),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/patients/lookup',
    summary: '查找患者：扫描电子健康卡或输入身份证号（记录访问日志）',
    tags,
    auth: 'staff',
    query: PatientLookupQuerySchema,
    response: PatientSchema,
    handler: ({ deps, actor, query, ctx }) => service.lookupPatient(deps, asStaff(actor), query, ctx.state.requestId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/patients/:personId',
    summary: '患者档案（限本机构患者，记录访问日志）',
    tags,
    auth: 'staff',
    params: z.object({ personId: z.string().min(1).max(40) }),
    response: PatientSchema,
    handler: ({ deps, actor, params, ctx }) => service.getPatient(deps, asStaff(actor), params.personId, ctx.state.requestId),
  }),
];
