import { registerJob } from '../../infra/jobs';
import { processWaitlistExpiries } from './service';

/** The waitlist every minute in one instance: offers expire and pass on, queues close, released places are offered. */
export function registerBookingJobs(): void {
  registerJob('booking.waitlist', 60_000, (deps) => processWaitlistExpiries(deps));
}
