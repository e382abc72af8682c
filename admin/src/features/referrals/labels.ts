import type { Patient, ReferralStatus } from '@ygt/shared';

export const REFERRAL_STATUS_COLORS: Record<ReferralStatus, string> = { pending: 'orange', accepted: 'blue', declined: 'red', completed: 'green' };

/** What 患者查询's 转诊 button hands to the referral desk (router state, so no personal data sits in the address). */
export interface ReferState {
  referPatient?: Patient;
}
