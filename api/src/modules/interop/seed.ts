import type { AppDeps } from '../../deps';
import { hashPassword } from '../../infra/crypto';
import { newId } from '../../infra/ids';
import * as repo from './repo';

/**
 * Demo facility systems (demo mode only; README lists them): the LIS/PACS/ECG network of each
 * county hospital and the township centre of 青石镇. Production clients are created by the
 * community's administrators with their own secrets.
 */
export const DEMO_INTEROP_CLIENTS = [
  { clientId: 'yx-rmyy', secret: 'demo-interop-yx-rmyy', facilityCode: 'YX-RMYY', name: '县人民医院检验与心电系统' },
  { clientId: 'yx-zyy', secret: 'demo-interop-yx-zyy', facilityCode: 'YX-ZYY', name: '县中医医院检验系统' },
  { clientId: 'yx-fybjy', secret: 'demo-interop-yx-fybjy', facilityCode: 'YX-FYBJY', name: '县妇幼保健院检验系统' },
  { clientId: 'yx-t01', secret: 'demo-interop-yx-t01', facilityCode: 'YX-T01', name: '青石镇中心卫生院检验系统' },
] as const;

export async function seedDemoInteropClients(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  for (const c of DEMO_INTEROP_CLIENTS) {
    if (await repo.findClient(db, c.clientId)) continue;
    const facility = await db.selectFrom('facility').select('id').where('code', '=', c.facilityCode).executeTakeFirstOrThrow();
    await repo.insertClient(db, {
      id: newId(deps.clock.now()),
      client_id: c.clientId,
      secret_hash: await hashPassword(c.secret),
      facility_id: facility.id,
      name: c.name,
      disabled: 0,
      created_at: deps.clock.now(),
    });
  }
}
