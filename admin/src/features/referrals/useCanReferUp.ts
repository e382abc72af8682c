import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { listFacilities } from '../community/api';

/**
 * 上转 starts at the grassroots: a doctor of a township centre or village clinic (the API refuses
 * anyone else). Unknown while the facility list loads: false, so no button appears and vanishes.
 */
export function useCanReferUp(): boolean {
  const { staff } = useSession();
  const isDoctor = staff?.roles.includes('doctor') ?? false;
  const facilities = useRequest((signal) => (isDoctor ? listFacilities({}, signal) : Promise.resolve([])), [isDoctor]);
  if (!isDoctor || !staff) return false;
  return (facilities.data ?? []).some((f) => staff.facilityIds.includes(f.id) && (f.level === 'township' || f.level === 'village'));
}
