import type { Department, Doctor, Facility } from '@ygt/shared';
import { useRequest } from '../../api/useRequest';
import { listDepartments, listDoctors, listFacilities } from '../community/api';

export interface Staffing {
  facility: Facility | undefined;
  departments: Department[];
  /** The facility's own doctors. */
  ownDoctors: Doctor[];
  /** County experts who may hold visiting sessions here (专家下沉坐诊): townships and villages only. */
  visitingExperts: (Doctor & { homeFacilityName: string })[];
}

/** Who can be put on a facility's schedule, and in which departments. */
export function useStaffing(facilityId: string | undefined) {
  return useRequest(async (signal): Promise<Staffing> => {
    if (!facilityId) return { facility: undefined, departments: [], ownDoctors: [], visitingExperts: [] };
    const [facilities, departments, ownDoctors] = await Promise.all([listFacilities({}, signal), listDepartments(facilityId, signal), listDoctors(facilityId, signal)]);
    const facility = facilities.find((f) => f.id === facilityId);
    let visitingExperts: Staffing['visitingExperts'] = [];
    if (facility && (facility.level === 'township' || facility.level === 'village')) {
      const counties = facilities.filter((f) => f.level === 'county');
      const lists = await Promise.all(counties.map((c) => listDoctors(c.id, signal)));
      visitingExperts = lists.flatMap((doctors, i) => doctors.filter((d) => d.isCountyExpert).map((d) => ({ ...d, homeFacilityName: counties[i].name })));
    }
    return { facility, departments, ownDoctors, visitingExperts };
  }, [facilityId]);
}

/** Options of a doctor picker: the facility's own doctors, then visiting county experts. */
export function doctorOptions(s: Staffing | undefined) {
  if (!s) return [];
  const own = { label: '本院医生', options: s.ownDoctors.map((d) => ({ value: d.id, label: `${d.name}（${d.titleLabel}）` })) };
  if (s.visitingExperts.length === 0) return [own];
  return [own, { label: '县级专家（下乡坐诊）', options: s.visitingExperts.map((d) => ({ value: d.id, label: `${d.name}（${d.homeFacilityName} ${d.titleLabel}）` })) }];
}

/** A doctor of the facility works in one department: picking them picks it too. */
export function departmentOfOwnDoctor(s: Staffing | undefined, doctorId: string): string | undefined {
  return s?.ownDoctors.find((d) => d.id === doctorId)?.departmentId;
}
