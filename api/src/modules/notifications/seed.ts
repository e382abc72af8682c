import type { AppDeps } from '../../deps';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import * as repo from './repo';

/**
 * Demo elder fallback: 张建国 has asked that his mother 李桂芳 (75) also be told by 东岭村卫生室,
 * so the console's call list (dl.doctor, qs.nurse) has something to show. Idempotent.
 */
export async function seedDemoNotifyPreferences(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const person = await db.selectFrom('person').select('id').where('id_number_bidx', '=', deps.crypto.blindIndex(DEMO_ID_NUMBERS['李桂芳'])).executeTakeFirst();
  const village = await db.selectFrom('facility').select('id').where('code', '=', 'YX-T01-V01').executeTakeFirst();
  const son = await db.selectFrom('account').select('id').where('openid', '=', 'demo:zhang').executeTakeFirst();
  if (!person || !village || !son || (await repo.getNotifyPreference(db, person.id))) return;
  await repo.saveNotifyPreference(db, deps.database.dialect, {
    person_id: person.id,
    call_facility_id: village.id,
    sms: 0,
    updated_by_account_id: son.id,
    updated_at: deps.clock.now(),
  });
}
