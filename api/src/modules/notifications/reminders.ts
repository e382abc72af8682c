import { addDays, bookingReminder, localDate, localTime } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import { notify } from './outbox';
import * as repo from './repo';

/**
 * The day-before reminder (就诊提醒) for every booking confirmed for `forDate`. Each booking's
 * reminder has the event key `booking_reminder:<bookingId>`, so running this again (another
 * instance, a later tick, a restart) sends nothing twice. Returns how many bookings it covered.
 */
export async function sendBookingReminders(deps: AppDeps, forDate: string): Promise<number> {
  const bookings = await repo.confirmedBookingsOn(deps.database.db, forDate);
  for (const b of bookings) {
    const content = bookingReminder({
      bookingId: b.id,
      patientName: b.patient_name,
      facilityName: b.facility_name,
      departmentName: b.department_name,
      doctorName: b.doctor_name,
      date: b.date,
      time: b.start_time,
    });
    await deps.database.db.transaction().execute((tx) => notify(deps, tx, { ...content, eventKey: `booking_reminder:${b.id}`, personId: b.person_id }));
  }
  return bookings.length;
}

/**
 * The periodic job: from the configured time of day (BOOKING_REMINDER_TIME, local) it reminds of
 * tomorrow's bookings; later ticks the same evening pick up bookings confirmed since.
 */
export async function sendDueBookingReminders(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  if (localTime(now) < deps.config.notifications.reminderTime) return 0;
  return sendBookingReminders(deps, addDays(localDate(now), 1));
}
