import { CreateInteropClientSchema, InteropClientSchema, InteropClientSecretSchema, UpdateInteropClientSchema } from '@ygt/shared';
import { z } from 'zod';
import { defineRoute } from '../../http/route';
import * as clients from './clients';

/**
 * Administration of facility systems. The FHIR, HL7 v2 and OAuth2 endpoints themselves are not
 * here: they speak their own protocols and live in router.ts (mounted before the JSON API).
 */
const tags = ['机构系统对接 interop'];
const ClientParams = z.object({ clientId: z.string().min(1).max(64) });

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/interop/clients',
    summary: '对接系统列表（各机构 LIS/PACS/心电网络的客户端）',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    response: z.object({ items: z.array(InteropClientSchema) }),
    handler: async ({ deps }) => ({ items: await clients.listClients(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/interop/clients',
    summary: '新建对接系统客户端（返回一次性显示的密钥）',
    description: 'The system then gets tokens at POST /oauth2/token (grant_type=client_credentials) and submits only its own facility\'s results.',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    body: CreateInteropClientSchema,
    response: InteropClientSecretSchema,
    status: 201,
    handler: ({ deps, body }) => clients.createClient(deps, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/interop/clients/:clientId/rotate-secret',
    summary: '更换客户端密钥（旧密钥和已发放的令牌立即失效）',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    params: ClientParams,
    response: InteropClientSecretSchema,
    handler: ({ deps, params }) => clients.rotateSecret(deps, params.clientId),
  }),
  defineRoute({
    // PUT with a partial body, as elsewhere in the API (wx.request cannot send PATCH).
    method: 'put',
    path: '/api/v1/staff/interop/clients/:clientId',
    summary: '停用或启用客户端',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    params: ClientParams,
    body: UpdateInteropClientSchema,
    response: InteropClientSchema,
    handler: ({ deps, params, body }) => clients.setDisabled(deps, params.clientId, body.disabled),
  }),
];
