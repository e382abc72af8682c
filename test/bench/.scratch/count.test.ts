import mysql from 'mysql2';
import { Redis } from 'ioredis';
import { addDays } from '@ygt/shared';
import { it } from 'vitest';
import { startTestApp } from '@ygt/test/support/harness';
import { staffHeaders } from '@ygt/test/support/actors';
import { book, createSchedule, doctorsAt, facilityByCode, newResidents, startOfTestDay } from '../../../api/src/modules/booking/testing';

let q: string[] = [];
let r: string[] = [];
const orig = (mysql as any).Connection.prototype.query;
(mysql as any).Connection.prototype.query = function (sql: any, ...rest: any[]) { q.push(typeof sql === 'string' ? sql : sql.sql); return orig.call(this, sql, ...rest); };
const origR = (Redis as any).prototype.sendCommand;
(Redis as any).prototype.sendCommand = function (cmd: any, ...rest: any[]) { r.push(cmd.name); return origR.call(this, cmd, ...rest); };

it('counts', async () => {
  const app = await startTestApp();
  const { today } = startOfTestDay(app);
  const nurse = await staffHeaders(app, 'qs.nurse');
  const t = await facilityByCode(app, 'YX-T01');
  const [doctor] = await doctorsAt(app, t.id);
  const s = await createSchedule(app, nurse, { facilityId: t.id, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(today, 2), capacityPerSegment: 1 });
  const people = await newResidents(app, 3);
  const show = (label: string) => { console.log(`${label}: ${q.length} SQL, ${r.length} redis (${r.join(',')})\n  ` + q.map((x) => x.slice(0, 150)).join('\n  ')); q = []; r = []; };
  q = []; r = [];
  await app.api(`/api/v1/schedules?facilityId=${t.id}&departmentId=${doctor.departmentId}&from=${addDays(today, 2)}&to=${addDays(today, 2)}`);
  show('availability');
  await book(app, people[0], s.slots[0].id, { 'idempotency-key': 'abcdefgh1234' });
  show('booking ok');
  await book(app, people[1], s.slots[0].id, { 'idempotency-key': 'abcdefgh1235' });
  show('booking sold out');
  await app.close();
});
