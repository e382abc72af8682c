import { GUARDIAN_AGE, localDate, localTime, RELATION_LABELS, type FamilyMember } from '@ygt/shared';

/** Where the account pages live, so links read as names. */
export const ACCOUNT_PAGES = {
  family: '/packages/account/pages/family/index',
  familyForm: '/packages/account/pages/family-form/index',
  familyDetail: '/packages/account/pages/family-detail/index',
  healthCard: '/packages/account/pages/health-card/index',
  accessLog: '/packages/account/pages/access-log/index',
  linkRequests: '/packages/account/pages/link-requests/index',
  messages: '/packages/account/pages/messages/index',
  notifyPreferences: '/packages/account/pages/notify-preferences/index',
  exportData: '/packages/account/pages/export/index',
  deleteAccount: '/packages/account/pages/delete/index',
} as const;

export const SEX_LABELS = { male: '男', female: '女' } as const;

export function relationLabel(member: Pick<FamilyMember, 'relation'>): string {
  return RELATION_LABELS[member.relation];
}

/** A local date 'YYYY-MM-DD' in words: '1990-04-01' -> '1990年4月1日'. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export const GUARDIAN_NOTE = `未满${GUARDIAN_AGE}周岁的孩子，只能由父母或其他法定监护人添加。`;

/** An instant as Asia/Shanghai local date and time, e.g. '2026年11月20日 14:32'. */
export function formatInstant(epochMs: number): string {
  return `${formatDate(localDate(epochMs))} ${localTime(epochMs)}`;
}
