import {
  AnnualPictureSchema,
  FORECAST_SAMPLES,
  type ForecastSampleKey,
  ForecastRequestSchema,
  ForecastSampleListSchema,
  ForecastSchema,
  InsuranceYearQuerySchema,
  InteropReversalSchema,
  InteropSettlementPushSchema,
  InteropSettlementReceiptSchema,
  MemberSettlementParamsSchema,
  PolicyIdParamsSchema,
  PolicyListQuerySchema,
  PolicyListSchema,
  PolicyPreviewRequestSchema,
  PolicyPreviewSchema,
  PolicySchema,
  PolicyVersionSchema,
  SettlementDetailSchema,
  SettlementExternalIdParamsSchema,
  SettlementIdParamsSchema,
  SettlementListSchema,
  StaffSettlementListSchema,
  StaffSettlementQuerySchema,
  StaffSettlementRecordSchema,
} from '@ygt/shared';
import { z } from 'zod';
import { asClient, asResident, asStaff } from '../../http/auth';
import { defineRoute } from '../../http/route';
import * as service from './service';

const tags = ['医保报销 insurance'];
const MemberParams = z.object({ memberId: z.string().min(1).max(40) });
const FACILITY_AUTH = 'Facility systems only: `Authorization: Bearer <token>` from POST /oauth2/token (client_credentials). A facility pushes only as itself.';

export const routes = [
  // ---- residents ----
  defineRoute({
    method: 'get',
    path: '/api/v1/insurance/forecast-samples',
    summary: '报销测算的示例费用（住院 5000元 等）',
    tags,
    auth: 'resident',
    response: ForecastSampleListSchema,
    handler: async () => ({
      items: (Object.entries(FORECAST_SAMPLES) as [ForecastSampleKey, (typeof FORECAST_SAMPLES)[ForecastSampleKey]][]).map(([key, s]) => ({
        key,
        label: s.label,
        benefit: s.benefit,
        chronicDisease: 'chronicDisease' in s ? s.chronicDisease : null,
        total: s.items.reduce((n, i) => n + i.amount, 0),
      })),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/family/:memberId/insurance/settlements',
    summary: '医保报销记录（按年度）',
    description: 'Amounts are the facility’s own settlement when it sent one (amountsFrom=reported), else ours.',
    tags,
    auth: 'resident',
    params: MemberParams,
    query: InsuranceYearQuerySchema,
    response: SettlementListSchema,
    handler: ({ deps, actor, params, query }) => service.listMemberSettlements(deps, asResident(actor), params.memberId, query.year),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/family/:memberId/insurance/settlements/:settlementId',
    summary: '结算单明细：每一步怎么算的',
    tags,
    auth: 'resident',
    params: MemberSettlementParamsSchema,
    response: SettlementDetailSchema,
    handler: ({ deps, actor, params }) => service.getMemberSettlement(deps, asResident(actor), params.memberId, params.settlementId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/family/:memberId/insurance/annual',
    summary: '年度医保概况：起付线、统筹支付与限额、慢病额度、按机构级别汇总',
    tags,
    auth: 'resident',
    params: MemberParams,
    query: InsuranceYearQuerySchema,
    response: AnnualPictureSchema,
    handler: ({ deps, actor, params, query }) => service.annualPicture(deps, asResident(actor), params.memberId, query.year),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/family/:memberId/insurance/forecast',
    summary: '报销测算：同样的治疗在乡镇/村、县级、县外各报多少',
    description: 'Settles the claim at each tier against the member’s year so far; saves nothing.',
    tags,
    auth: 'resident',
    params: MemberParams,
    body: ForecastRequestSchema,
    response: ForecastSchema,
    handler: ({ deps, actor, params, body }) => service.forecast(deps, asResident(actor), params.memberId, body),
  }),

  // ---- console: settlement records ----
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/insurance/settlements',
    summary: '本机构医保结算记录（记录访问日志）',
    tags,
    auth: 'staff',
    query: StaffSettlementQuerySchema,
    response: StaffSettlementListSchema,
    handler: ({ deps, actor, query, ctx }) => service.facilitySettlements(deps, asStaff(actor), query, ctx.state.requestId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/insurance/settlements/:settlementId',
    summary: '结算单（医院结算金额与系统测算对照，记录访问日志）',
    tags,
    auth: 'staff',
    params: SettlementIdParamsSchema,
    response: StaffSettlementRecordSchema,
    handler: ({ deps, actor, params, ctx }) => service.facilitySettlement(deps, asStaff(actor), params.settlementId, ctx.state.requestId),
  }),

  // ---- console: policy editor ----
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/insurance/policies',
    summary: '医保政策版本列表（本统筹区）',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    query: PolicyListQuerySchema,
    response: PolicyListSchema,
    handler: ({ deps, query }) => service.listPolicies(deps, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/insurance/policies/:policyId',
    summary: '医保政策版本',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    params: PolicyIdParamsSchema,
    response: PolicyVersionSchema,
    handler: ({ deps, params }) => service.getPolicyVersion(deps, params.policyId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/insurance/policies',
    summary: '新建政策版本（草稿；启用后才用于结算）',
    description: 'Validation errors name the field path, e.g. benefits.inpatient.levels.primary.ratioBp.',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    body: PolicySchema,
    response: PolicyVersionSchema,
    status: 201,
    handler: ({ deps, actor, body }) => service.createPolicyVersion(deps, asStaff(actor), body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/insurance/policies/preview',
    summary: '预览：用编辑中的政策结算一笔示例费用（不保存）',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    body: PolicyPreviewRequestSchema,
    response: PolicyPreviewSchema,
    handler: ({ deps, body }) => service.previewPolicy(deps, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/insurance/policies/:policyId/activate',
    summary: '启用该版本（同一统筹区、年度、险种原生效版本随之停用）',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    params: PolicyIdParamsSchema,
    response: PolicyVersionSchema,
    handler: ({ deps, actor, params }) => service.activatePolicyVersion(deps, asStaff(actor), params.policyId),
  }),

  // ---- facility systems (HIS) ----
  defineRoute({
    method: 'post',
    path: '/api/v1/interop/insurance/settlements',
    summary: '机构 HIS 推送医保结算单（按结算流水号幂等）',
    description: `${FACILITY_AUTH} 201 when stored, 200 for a resend of the same settlement, 409 for a different one under the same number.`,
    tags,
    auth: 'client',
    body: InteropSettlementPushSchema,
    response: InteropSettlementReceiptSchema,
    status: 201,
    handler: async ({ deps, ctx, actor, body }) => {
      const { receipt, created } = await service.receiveSettlement(deps, asClient(actor).facilityId, body);
      if (!created) ctx.status = 200;
      return receipt;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/interop/insurance/settlements/:externalId/reversal',
    summary: '机构 HIS 冲正一笔结算（按冲正流水号幂等）',
    description: `${FACILITY_AUTH} 201 when applied, 200 for a resend of the same reversal.`,
    tags,
    auth: 'client',
    params: SettlementExternalIdParamsSchema,
    body: InteropReversalSchema,
    response: InteropSettlementReceiptSchema,
    status: 201,
    handler: async ({ deps, ctx, actor, params, body }) => {
      const { receipt, created } = await service.receiveReversal(deps, asClient(actor).facilityId, params.externalId, body);
      if (!created) ctx.status = 200;
      return receipt;
    },
  }),
];
