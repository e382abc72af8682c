import { z } from 'zod';

/** 检验 (lab tests on specimens) or 检查 (exams of the body: imaging, ECG, ultrasound, measurements). */
export const ResultCategorySchema = z.enum(['lab', 'exam']);
export type ResultCategory = z.infer<typeof ResultCategorySchema>;
export const RESULT_CATEGORY_LABELS: Record<ResultCategory, string> = { lab: '检验', exam: '检查' };

/**
 * Sections of a report, each with its HL7 v2 table 0074 code (also FHIR DiagnosticReport.category
 * in the v2-0074 code system). The section decides the category.
 */
export const ResultSectionSchema = z.enum([
  'hematology',
  'chemistry',
  'immunology',
  'microbiology',
  'pathology',
  'lab_other',
  'ecg',
  'radiology',
  'ct',
  'mri',
  'ultrasound',
  'vitals',
  'exam_other',
]);
export type ResultSection = z.infer<typeof ResultSectionSchema>;

export const RESULT_SECTIONS: Record<ResultSection, { category: ResultCategory; label: string; v2: string }> = {
  hematology: { category: 'lab', label: '血液学检验', v2: 'HM' },
  chemistry: { category: 'lab', label: '生化检验', v2: 'CH' },
  immunology: { category: 'lab', label: '免疫检验', v2: 'IMM' },
  microbiology: { category: 'lab', label: '微生物检验', v2: 'MB' },
  pathology: { category: 'lab', label: '病理', v2: 'SP' },
  lab_other: { category: 'lab', label: '其他检验', v2: 'LAB' },
  ecg: { category: 'exam', label: '心电图', v2: 'EC' },
  radiology: { category: 'exam', label: 'X线', v2: 'RAD' },
  ct: { category: 'exam', label: 'CT', v2: 'CT' },
  mri: { category: 'exam', label: '磁共振', v2: 'NMR' },
  ultrasound: { category: 'exam', label: '超声', v2: 'RUS' },
  vitals: { category: 'exam', label: '体格测量', v2: 'NRS' },
  exam_other: { category: 'exam', label: '其他检查', v2: 'OTH' },
};

/** Every v2-0074 code we accept from senders, mapped to our section. */
const V2_SECTION_CODES: Record<string, ResultSection> = {
  HM: 'hematology',
  CH: 'chemistry',
  IMM: 'immunology',
  SR: 'immunology',
  MB: 'microbiology',
  MCB: 'microbiology',
  MYC: 'microbiology',
  VR: 'microbiology',
  SP: 'pathology',
  CP: 'pathology',
  LAB: 'lab_other',
  OSL: 'lab_other',
  BG: 'lab_other',
  BLB: 'lab_other',
  TX: 'lab_other',
  GE: 'lab_other',
  CG: 'lab_other',
  EC: 'ecg',
  RAD: 'radiology',
  RX: 'radiology',
  XRC: 'radiology',
  CT: 'ct',
  NMR: 'mri',
  RUS: 'ultrasound',
  CUS: 'ultrasound',
  OUS: 'ultrasound',
  VUS: 'ultrasound',
  NRS: 'vitals',
  OTH: 'exam_other',
};

export function sectionFromV2(code: string | null | undefined): ResultSection | null {
  return V2_SECTION_CODES[(code ?? '').trim().toUpperCase()] ?? null;
}

/** Which sections a v2-0074 search code covers: 'LAB' means every lab section. */
export function sectionsForSearch(code: string): ResultSection[] {
  const c = code.trim().toUpperCase();
  if (c === 'LAB') return ResultSectionSchema.options.filter((s) => RESULT_SECTIONS[s].category === 'lab');
  const s = sectionFromV2(c);
  return s ? [s] : [];
}

/** FHIR DiagnosticReport.status values (HL7 v2 OBR-25 maps onto them). */
export const ReportStatusSchema = z.enum(['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error']);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  registered: '已登记',
  partial: '部分结果',
  preliminary: '初步报告',
  final: '正式报告',
  amended: '已修订',
  corrected: '已更正',
  appended: '已补充',
  cancelled: '已取消',
  'entered-in-error': '已作废',
};
/** Statuses a resident can see; cancelled and voided reports disappear. */
export const RESIDENT_VISIBLE_STATUSES: readonly ReportStatus[] = ['partial', 'preliminary', 'final', 'amended', 'corrected', 'appended'];
/** Statuses of a report that is done: only these can be recognised by other facilities. */
export const FINAL_STATUSES: readonly ReportStatus[] = ['final', 'amended', 'corrected', 'appended'];

/** An entry of the community's item catalogue (互认项目目录). */
export const ResultCatalogueItemSchema = z
  .object({
    code: z.string().describe('Our item code: the LOINC code where there is one'),
    name: z.string(),
    kind: z.enum(['item', 'panel', 'exam']).describe('item: one lab value; panel: a lab panel such as 血常规; exam: a whole exam report'),
    section: ResultSectionSchema,
    loinc: z.string().nullable(),
    localCodes: z.array(z.string()).describe('Local codes member facilities use for this item'),
    recognised: z.boolean().describe('Whether the item takes part in mutual recognition (互认)'),
    validityDays: z.number().int().min(1).max(3650).describe('How long a result stays valid for recognition'),
    holdForReview: z.boolean().describe('Reports of this item wait for a doctor to release them'),
    criticalLow: z.number().nullable(),
    criticalHigh: z.number().nullable(),
  })
  .meta({ id: 'ResultCatalogueItem' });
export type ResultCatalogueItem = z.infer<typeof ResultCatalogueItemSchema>;

const item = (
  code: string,
  name: string,
  section: ResultSection,
  validityDays: number,
  localCodes: string[],
  extra: Partial<ResultCatalogueItem> = {},
): ResultCatalogueItem => ({
  code,
  name,
  kind: 'item',
  section,
  loinc: /^\d+-\d$/.test(code) ? code : null,
  localCodes,
  recognised: true,
  validityDays,
  holdForReview: false,
  criticalLow: null,
  criticalHigh: null,
  ...extra,
});

/**
 * Default catalogue of a new community (local rules vary; DOMAIN.md): most chemistry 30 days,
 * HbA1c 60 days, K/Na/Cl/Ca 7 days; blood counts change fast (7 days); ECG and ultrasound 30
 * days, plain films 90, CT/MRI 180. Critical limits follow common hospital lists. Pathology is
 * a diagnosis, never recognised, and is explained by a doctor before residents see it.
 */
export const DEFAULT_RESULT_CATALOGUE: readonly ResultCatalogueItem[] = [
  item('58410-2', '血常规', 'hematology', 7, ['CBC', 'XCG', 'BLOOD-RT'], { kind: 'panel' }),
  item('6690-2', '白细胞计数', 'hematology', 7, ['WBC'], { criticalLow: 1.0, criticalHigh: 30 }),
  item('789-8', '红细胞计数', 'hematology', 7, ['RBC']),
  item('718-7', '血红蛋白', 'hematology', 7, ['HGB', 'HB'], { criticalLow: 50, criticalHigh: 200 }),
  item('4544-3', '红细胞压积', 'hematology', 7, ['HCT']),
  item('777-3', '血小板计数', 'hematology', 7, ['PLT'], { criticalLow: 20, criticalHigh: 1000 }),
  item('1558-6', '空腹血糖', 'chemistry', 30, ['GLU', 'FBG', 'FPG'], { criticalLow: 2.8, criticalHigh: 22.2 }),
  item('4548-4', '糖化血红蛋白', 'chemistry', 60, ['HBA1C', 'GHB']),
  item('14682-9', '肌酐', 'chemistry', 30, ['CREA', 'CR', 'SCR']),
  item('22664-7', '尿素', 'chemistry', 30, ['UREA', 'BUN']),
  item('14933-6', '尿酸', 'chemistry', 30, ['UA', 'URIC']),
  item('1742-6', '丙氨酸氨基转移酶', 'chemistry', 30, ['ALT', 'GPT']),
  item('1920-8', '天门冬氨酸氨基转移酶', 'chemistry', 30, ['AST', 'GOT']),
  item('14647-2', '总胆固醇', 'chemistry', 30, ['TC', 'CHOL']),
  item('14927-8', '甘油三酯', 'chemistry', 30, ['TG']),
  item('22748-8', '低密度脂蛋白胆固醇', 'chemistry', 30, ['LDL-C', 'LDL']),
  item('14646-4', '高密度脂蛋白胆固醇', 'chemistry', 30, ['HDL-C', 'HDL']),
  item('2823-3', '钾', 'chemistry', 7, ['K'], { criticalLow: 2.8, criticalHigh: 6.2 }),
  item('2951-2', '钠', 'chemistry', 7, ['NA'], { criticalLow: 120, criticalHigh: 160 }),
  item('2075-0', '氯', 'chemistry', 7, ['CL']),
  item('2000-8', '钙', 'chemistry', 7, ['CA'], { criticalLow: 1.75, criticalHigh: 3.5 }),
  item('14743-9', '快速血糖（指尖血）', 'chemistry', 1, ['POCT-GLU'], { recognised: false, criticalLow: 2.8, criticalHigh: 22.2 }),
  item('11524-6', '心电图', 'ecg', 30, ['ECG', 'EKG', 'XDT'], { kind: 'exam' }),
  item('36643-5', '胸部X线', 'radiology', 90, ['DR-CHEST', 'XR-CHEST'], { kind: 'exam' }),
  item('24627-2', '胸部CT', 'ct', 180, ['CT-CHEST'], { kind: 'exam' }),
  item('24558-9', '腹部超声', 'ultrasound', 30, ['US-ABD'], { kind: 'exam' }),
  item('YX-PATH', '病理检查', 'pathology', 1, ['PATH', 'BL'], { kind: 'exam', recognised: false, holdForReview: true }),
];

/** Finds the catalogue entry of a code: by LOINC first, then by any facility's local code. */
export function findCatalogueItem(
  catalogue: readonly ResultCatalogueItem[],
  code: { loinc: string | null; localCode: string | null },
): ResultCatalogueItem | undefined {
  if (code.loinc) {
    const byLoinc = catalogue.find((c) => c.loinc === code.loinc || c.code === code.loinc);
    if (byLoinc) return byLoinc;
  }
  const local = code.localCode?.trim().toUpperCase();
  if (!local) return undefined;
  return catalogue.find((c) => c.code.toUpperCase() === local || c.localCodes.some((l) => l.toUpperCase() === local));
}

/**
 * The code a value is filed under, so one test sent by different facilities (LOINC from the
 * county LIS, a local code from a township) forms one trend: the catalogue's code when the
 * catalogue knows it, else LOINC, else the local code.
 */
export function canonicalCode(catalogue: readonly ResultCatalogueItem[], code: { loinc: string | null; localCode: string }): string {
  return findCatalogueItem(catalogue, code)?.code ?? code.loinc ?? code.localCode;
}

/**
 * Simple results village and township clinics without a lab system enter by hand. Plausible
 * bounds reject typing errors; ranges and critical limits give the flag.
 */
export const ManualItemCodeSchema = z.enum(['systolic', 'diastolic', 'heart_rate', 'glucose_fasting', 'glucose_random', 'weight', 'height', 'temperature', 'spo2']);
export type ManualItemCode = z.infer<typeof ManualItemCodeSchema>;

export interface ManualItem {
  name: string;
  loinc: string | null;
  localCode: string;
  unit: string;
  section: ResultSection;
  min: number;
  max: number;
  low: number | null;
  high: number | null;
  criticalLow: number | null;
  criticalHigh: number | null;
}

export const MANUAL_ITEMS: Record<ManualItemCode, ManualItem> = {
  systolic: { name: '收缩压', loinc: '8480-6', localCode: 'SBP', unit: 'mmHg', section: 'vitals', min: 40, max: 300, low: 90, high: 139, criticalLow: 70, criticalHigh: 180 },
  diastolic: { name: '舒张压', loinc: '8462-4', localCode: 'DBP', unit: 'mmHg', section: 'vitals', min: 20, max: 200, low: 60, high: 89, criticalLow: 40, criticalHigh: 110 },
  heart_rate: { name: '心率', loinc: '8867-4', localCode: 'HR', unit: '次/分', section: 'vitals', min: 20, max: 250, low: 60, high: 100, criticalLow: 40, criticalHigh: 150 },
  weight: { name: '体重', loinc: '29463-7', localCode: 'WT', unit: 'kg', section: 'vitals', min: 1, max: 300, low: null, high: null, criticalLow: null, criticalHigh: null },
  height: { name: '身高', loinc: '8302-2', localCode: 'HT', unit: 'cm', section: 'vitals', min: 30, max: 250, low: null, high: null, criticalLow: null, criticalHigh: null },
  temperature: { name: '体温', loinc: '8310-5', localCode: 'TEMP', unit: '℃', section: 'vitals', min: 30, max: 45, low: 36.0, high: 37.2, criticalLow: 35, criticalHigh: 41 },
  spo2: { name: '血氧饱和度', loinc: '59408-5', localCode: 'SPO2', unit: '%', section: 'vitals', min: 50, max: 100, low: 95, high: 100, criticalLow: 85, criticalHigh: null },
  // Fasting and random fingerstick glucose have different ranges: kept as two local items so
  // their trends never mix (and apart from venous fasting glucose, 1558-6).
  glucose_fasting: { name: '空腹快速血糖（指尖血）', loinc: null, localCode: 'POCT-FBG', unit: 'mmol/L', section: 'chemistry', min: 0.5, max: 40, low: 3.9, high: 6.1, criticalLow: 2.8, criticalHigh: 22.2 },
  glucose_random: { name: '随机快速血糖（指尖血）', loinc: null, localCode: 'POCT-RBG', unit: 'mmol/L', section: 'chemistry', min: 0.5, max: 40, low: 3.9, high: 11.0, criticalLow: 2.8, criticalHigh: 22.2 },
};
