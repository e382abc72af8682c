import { parseResidentId } from '@ygt/shared';
import type { PatientKey } from './api';

/**
 * Reads what was scanned or typed into the one query box: 18 characters shaped like an ID
 * number are an ID number, anything else a health card code (base64url, 24 characters).
 * Catches the slips of typing an ID number by hand before they reach the API.
 */
export function readPatientKey(input: string): { key: PatientKey } | { error: string } {
  // Scanners may add a trailing newline; people type ID numbers in groups of digits.
  const text = input.replace(/\s+/g, '');
  if (!text) return { error: '请扫描居民的电子健康卡，或输入18位身份证号' };
  if (/^\d{17}[\dXx]$/.test(text)) {
    const id = parseResidentId(text);
    return id.valid ? { key: { idNumber: id.id } } : { error: id.reason };
  }
  // Nearly an ID number: a missing or extra digit, not a health card.
  if (/^\d{14,20}[Xx]?$/.test(text)) return { error: `身份证号应为18位，现在是${text.length}位，请核对` };
  if (text.length < 8) return { error: '健康卡号不完整，请重新扫描；手工输入请填写18位身份证号' };
  return { key: { healthCard: text } };
}
