import Taro from '@tarojs/taro';
import { getMe } from './account';
import { requireSignIn } from './sign-in';

/**
 * 单独同意: health data (results, prescriptions, reimbursements, bookings) is processed only after
 * the resident agreed to the current version of the consent. Health pages call
 * `ensureHealthConsent()` (or wrap themselves in <HealthConsentGate>) before loading anything.
 */
export const CONSENT_PAGE = '/packages/account/pages/consent/index';

let waiting: ((agreed: boolean) => void) | null = null;

/**
 * True when the resident is signed in and has agreed. When they have not agreed yet, opens the
 * consent page and answers what they chose there. When signed out, goes to sign-in (which comes
 * back to this page) and answers false. Throws the ApiError when the account cannot be read.
 */
export async function ensureHealthConsent(): Promise<boolean> {
  if (!requireSignIn()) return false;
  const me = await getMe();
  if (me.consent.healthData) return true;
  return new Promise<boolean>((resolve) => {
    waiting?.(false);
    waiting = resolve;
    void Taro.navigateTo({ url: `${CONSENT_PAGE}?mode=ask` }).catch(() => settleHealthConsent(false));
  });
}

/** The consent page reports the resident's choice (leaving the page without choosing is “not now”). */
export function settleHealthConsent(agreed: boolean): void {
  const resolve = waiting;
  waiting = null;
  resolve?.(agreed);
}
