import {
  DepartmentListSchema,
  DoctorListSchema,
  ExpertSessionListSchema,
  FacilityIdParamsSchema,
  FacilityListSchema,
  FacilitySchema,
  ListDoctorsQuerySchema,
  ListFacilitiesQuerySchema,
} from '@ygt/shared';
import { defineRoute } from '../../http/route';
import * as service from './service';

const tags = ['医共体机构 community'];

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/facilities',
    summary: '列出医共体成员机构（可按级别、乡镇筛选）',
    tags,
    auth: 'public',
    query: ListFacilitiesQuerySchema,
    response: FacilityListSchema,
    handler: async ({ deps, query }) => ({ items: await service.listFacilities(deps, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/facilities/:facilityId',
    summary: '机构详情',
    tags,
    auth: 'public',
    params: FacilityIdParamsSchema,
    response: FacilitySchema,
    handler: ({ deps, params }) => service.getFacility(deps, params.facilityId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/facilities/:facilityId/departments',
    summary: '机构的科室',
    tags,
    auth: 'public',
    params: FacilityIdParamsSchema,
    response: DepartmentListSchema,
    handler: async ({ deps, params }) => ({ items: await service.listDepartments(deps, params.facilityId) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/facilities/:facilityId/doctors',
    summary: '机构的医生（可按科室筛选）',
    tags,
    auth: 'public',
    params: FacilityIdParamsSchema,
    query: ListDoctorsQuerySchema,
    response: DoctorListSchema,
    handler: async ({ deps, params, query }) => ({ items: await service.listDoctors(deps, params.facilityId, query.departmentId) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/facilities/:facilityId/expert-sessions',
    summary: '县级专家在本机构的每周坐诊（专家下沉）',
    tags,
    auth: 'public',
    params: FacilityIdParamsSchema,
    response: ExpertSessionListSchema,
    handler: async ({ deps, params }) => ({ items: await service.listExpertSessions(deps, params.facilityId) }),
  }),
];
