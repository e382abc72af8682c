import { registerJob } from '../../infra/jobs';
import { sendDueBookingReminders } from './reminders';
import { drainOutbox } from './worker';

/** The notification jobs: the outbox every 2 s in every instance, reminders every 10 min in one. */
export function registerNotificationJobs(): void {
  registerJob('notifications.outbox', 2_000, (deps, { instanceId }) => drainOutbox(deps, instanceId), { singleInstance: false });
  registerJob('notifications.booking-reminders', 10 * 60_000, (deps) => sendDueBookingReminders(deps));
}
