/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999): 6-digit area code, 8-digit birth date,
 * 3-digit sequence (odd = male, even = female) and a check character (ISO 7064 MOD 11-2).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

export type Sex = 'male' | 'female';

export type ResidentIdResult =
  | { valid: true; id: string; birthDate: string; sex: Sex; areaCode: string }
  | { valid: false; reason: string };

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Validates a resident ID and derives birth date and sex from it.
 * `today` ('YYYY-MM-DD') rejects birth dates in the future.
 */
export function parseResidentId(input: string, today?: string): ResidentIdResult {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { valid: false, reason: '身份证号应为18位，前17位为数字，最后一位为数字或X' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d)) return { valid: false, reason: '身份证号中的出生日期不存在' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (today && birthDate > today) return { valid: false, reason: '身份证号中的出生日期晚于今天' };
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { valid: false, reason: '身份证号校验位不正确，请核对' };
  const sex: Sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { valid: true, id, birthDate, sex, areaCode: id.slice(0, 6) };
}

/** Whole years between a birth date and a day, both 'YYYY-MM-DD'. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = day.split('-').map(Number);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** Minors under this age need a guardian (PIPL; also booking rules). */
export const GUARDIAN_AGE = 14;
