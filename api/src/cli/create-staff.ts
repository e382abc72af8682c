import { parseArgs } from 'node:util';
import { CreateStaffSchema } from '@ygt/shared';
import { closeDeps, openDeps } from '../bootstrap';
import { loadConfig } from '../config';
import { createStaff } from '../modules/staff/service';

/**
 * `npm run staff:create -- --username admin --name 赵立新 --roles community_admin --facility YX-RMYY`
 * with the password in STAFF_PASSWORD: creates the first community admin of a production
 * install (afterwards admins create staff in the console).
 */
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string', default: 'community_admin' },
    facility: { type: 'string', multiple: true },
  },
});
try {
  const config = loadConfig();
  const deps = await openDeps(config, { migrate: false, seed: false });
  const codes = values.facility ?? [];
  const facilities = codes.length ? await deps.database.db.selectFrom('facility').select(['id', 'code']).where('code', 'in', codes).execute() : [];
  const input = CreateStaffSchema.safeParse({
    username: values.username,
    name: values.name,
    password: process.env.STAFF_PASSWORD,
    roles: values.roles.split(','),
    facilityIds: codes.map((c) => facilities.find((f) => f.code === c)?.id ?? c),
  });
  if (!input.success) {
    console.error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    process.exit(1);
  }
  const staff = await createStaff(deps, input.data);
  console.log(`Created ${staff.username} (${staff.roles.join(', ')}) at ${staff.facilities.map((f) => f.name).join(', ')}`);
  await closeDeps(deps);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
