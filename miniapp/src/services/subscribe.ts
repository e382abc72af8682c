import type { SubscribeMoment, SubscribeTemplates } from '@ygt/shared';
import { type PlatformOutcome, requestSubscribeMessage } from '../platform';
import { api } from './api';

/**
 * WeChat subscribe messages (订阅消息): WeChat delivers a message only for a template the user
 * accepted, one message per acceptance, so the mini-program asks at the moments a message will
 * follow. The API says which templates belong to each moment (at most 3, configured ones only).
 *
 * How to use, on booking, results and prescription pages:
 *
 *   // On mount: fetch the template ids ahead, so the tap below reaches WeChat at once.
 *   useEffect(() => preloadSubscribe('booking'), []);
 *
 *   // In the tap handler, FIRST, before awaiting anything: WeChat only shows its dialog during
 *   // a tap (errCode 20004 otherwise), and an awaited request can end the tap.
 *   const submit = async () => {
 *     void askSubscribe('booking');
 *     await createBooking(...);
 *   };
 *
 * Moments: 'booking' (confirm a booking), 'booking_detail', 'waitlist' (join a waitlist),
 * 'renewal' (send a renewal request), 'medicine_order', 'results' (a button on the results
 * page, e.g. “报告出来时通知我”), 'refund', 'referral'.
 *
 * askSubscribe never throws and shows nothing: declining, H5 (resolves `unsupported`) and a
 * network failure all leave the page as it is, and every message still reaches 消息 in the app.
 */

const cache = new Map<SubscribeMoment, string[]>();

async function templateIds(moment: SubscribeMoment): Promise<string[]> {
  const known = cache.get(moment);
  if (known) return known;
  const { tmplIds } = await api.get<SubscribeTemplates>('/api/v1/notifications/subscribe-templates', { moment });
  cache.set(moment, tmplIds);
  return tmplIds;
}

const IS_H5 = process.env.TARO_ENV === 'h5';

/** Fetches a moment's template ids ahead of the tap (nothing on H5, where nothing is asked). */
export function preloadSubscribe(moment: SubscribeMoment): void {
  if (!IS_H5) templateIds(moment).catch(() => undefined);
}

/**
 * Asks the user to accept this moment's messages; answers the template ids accepted. Call it
 * inside a tap handler, before any await (see above).
 */
export async function askSubscribe(moment: SubscribeMoment): Promise<PlatformOutcome<string[]>> {
  if (IS_H5) return requestSubscribeMessage([]);
  const known = cache.get(moment);
  try {
    const tmplIds = known ?? (await templateIds(moment));
    if (tmplIds.length === 0) return { ok: true, value: [] };
    return await requestSubscribeMessage(tmplIds);
  } catch {
    return { ok: false, reason: 'failed', message: '订阅消息没有开启' };
  }
}
