import { z } from 'zod';
import { addDays, localDate } from '../common/time';
import { FINAL_STATUSES, type ReportStatus, type ResultCatalogueItem } from './catalogue';

/**
 * 检查检验结果互认 (《医疗机构检查检验结果互认管理办法》2022): a result of a catalogue item that
 * passed quality control is recognised by every member facility for the item's validity days.
 * The physician's diagnostic conclusion is never part of recognition. The receiving doctor
 * still decides (condition changed, emergency, ...): this only says what may be reused.
 */
export const NotRecognisedReasonSchema = z.enum(['not_in_catalogue', 'not_recognised_item', 'diagnostic_conclusion', 'not_final', 'qc_failed', 'expired']);
export type NotRecognisedReason = z.infer<typeof NotRecognisedReasonSchema>;

export const NOT_RECOGNISED_LABELS: Record<NotRecognisedReason, string> = {
  not_in_catalogue: '该项目不在本医共体互认目录中',
  not_recognised_item: '该项目不参与互认',
  diagnostic_conclusion: '诊断结论不参与互认，由接诊医生判断',
  not_final: '报告尚未定稿，暂不互认',
  qc_failed: '该结果未通过质量控制，不予互认',
  expired: '已超过互认有效期',
};

export const RecognitionSchema = z
  .object({
    recognised: z.boolean(),
    mark: z.string().nullable().describe('The HR mark with its region prefix, e.g. 云HR, when recognised'),
    validUntil: z.string().nullable().describe('Last valid day (YYYY-MM-DD); for an expired result, the day it expired'),
    validityDays: z.number().int().nullable(),
    reason: NotRecognisedReasonSchema.nullable(),
    label: z.string().describe('What to show, e.g. "云HR 互认有效期至 2026-12-20" or why it is not recognised'),
  })
  .meta({ id: 'ResultRecognition' });
export type Recognition = z.infer<typeof RecognitionSchema>;

/** The recognition mark: a region prefix (e.g. 冀, 云) followed by HR. */
export const hrMark = (regionPrefix: string) => `${regionPrefix}HR`;

/** Last valid day: the day of the test plus the item's validity days (Asia/Shanghai dates). */
export const recognitionValidUntil = (effectiveAt: number, validityDays: number) => addDays(localDate(effectiveAt), validityDays);

const notRecognised = (reason: NotRecognisedReason, extra: Partial<Recognition> = {}): Recognition => ({
  recognised: false,
  mark: null,
  validUntil: null,
  validityDays: null,
  reason,
  label: NOT_RECOGNISED_LABELS[reason],
  ...extra,
});

export interface RecognitionInput {
  item: ResultCatalogueItem | undefined;
  /** A diagnostic conclusion (the exam's 诊断意见), never recognised. */
  isConclusion?: boolean;
  status: ReportStatus;
  qcPassed: boolean;
  effectiveAt: number;
  /** Today, YYYY-MM-DD in Asia/Shanghai. */
  today: string;
  mark: string;
}

export function recognitionOf(i: RecognitionInput): Recognition {
  if (i.isConclusion) return notRecognised('diagnostic_conclusion');
  if (!i.item) return notRecognised('not_in_catalogue');
  if (!i.item.recognised) return notRecognised('not_recognised_item');
  if (!FINAL_STATUSES.includes(i.status)) return notRecognised('not_final');
  if (!i.qcPassed) return notRecognised('qc_failed');
  const validUntil = recognitionValidUntil(i.effectiveAt, i.item.validityDays);
  if (i.today > validUntil) {
    return notRecognised('expired', { validUntil, validityDays: i.item.validityDays, label: `${NOT_RECOGNISED_LABELS.expired}（${validUntil} 到期）` });
  }
  return { recognised: true, mark: i.mark, validUntil, validityDays: i.item.validityDays, reason: null, label: `${i.mark} 互认有效期至 ${validUntil}` };
}

/**
 * The badge of a lab report whose own code is not in the catalogue (e.g. a chemistry panel
 * with a local code): recognised when some of its items are, valid until the latest of them.
 */
export function summariseRecognition(items: Recognition[], mark: string): Recognition {
  const recognised = items.filter((r) => r.recognised);
  if (recognised.length) {
    const validUntil = recognised.map((r) => r.validUntil!).sort().at(-1)!;
    const label = recognised.length === items.length ? `${mark} 互认有效期至 ${validUntil}` : `${mark} ${recognised.length} 项互认，最晚有效至 ${validUntil}`;
    return { recognised: true, mark, validUntil, validityDays: null, reason: null, label };
  }
  if (!items.length) return notRecognised('not_in_catalogue');
  // The most telling reason: expiry (it was recognised once) before the others.
  const expired = items.find((r) => r.reason === 'expired');
  return expired ?? items[0];
}
