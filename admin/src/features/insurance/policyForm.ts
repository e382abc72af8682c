import {
  PolicySchema,
  SETTLEMENT_LEVELS,
  type BenefitType,
  type DeductibleBasis,
  type Policy,
  type Scheme,
  type SettlementLevel,
} from '@ygt/shared';
import type { NamePath } from 'antd/es/form/interface';

/**
 * The policy editor's values. They keep the policy's own key names, so a field path from the
 * schema or the API (`benefits.inpatient.levels.primary.ratioBp`) names the form field as is;
 * only the units differ: money in 元 instead of fen, ratios in % instead of basis points.
 * Two shapes differ too: the diseases record is a list (codes are edited), and the optional
 * 大病保险 and 医疗救助 carry an on/off switch.
 */
type Levels<T> = Record<SettlementLevel, T>;

export interface PooledForm {
  deductibleBasis: DeductibleBasis;
  levels: Levels<{ deductible?: number; ratioBp?: number }>;
  annualCap?: number;
}

export interface DiseaseForm {
  code?: string;
  name?: string;
  ratioBp: Partial<Levels<number>>;
  annualQuota?: number;
}

export interface PolicyForm {
  region: string;
  year?: number;
  scheme: Scheme;
  version?: string;
  classBSelfPayBp?: number;
  personalAccount: boolean;
  benefits: {
    outpatient_pooling: PooledForm;
    inpatient: PooledForm;
    chronic_outpatient: { deductibleBasis: DeductibleBasis; deductible: Partial<Levels<number>>; diseases: DiseaseForm[] };
  };
  seriousIllnessOn: boolean;
  /** The last band has no upper end: its `upTo` is not edited. */
  seriousIllness: { threshold?: number; bands: { upTo?: number | null; ratioBp?: number }[]; annualCap?: number; benefits: BenefitType[] };
  medicalAidOn: boolean;
  medicalAid: { ratioBp?: number; annualCap?: number };
}

const toYuan = (fen: number) => fen / 100;
const toPercent = (bp: number) => bp / 100;
// Validated by the form first (required, numeric): the values here are numbers.
const toFen = (yuan: number | null | undefined) => Math.round((yuan ?? Number.NaN) * 100);
const toBp = (pct: number | null | undefined) => Math.round((pct ?? Number.NaN) * 100);

function levelsMap<T, U>(levels: Levels<T> | Partial<Levels<T>>, f: (v: T | undefined) => U): Levels<U> {
  return Object.fromEntries(SETTLEMENT_LEVELS.map((l) => [l, f(levels[l])])) as Levels<U>;
}

export function policyToForm(p: Policy): PolicyForm {
  const pooled = (b: Policy['benefits']['inpatient']): PooledForm => ({
    deductibleBasis: b.deductibleBasis,
    levels: levelsMap(b.levels, (t) => ({ deductible: toYuan(t!.deductible), ratioBp: toPercent(t!.ratioBp) })),
    annualCap: toYuan(b.annualCap),
  });
  const chronic = p.benefits.chronic_outpatient;
  const si = p.seriousIllness;
  return {
    region: p.region,
    year: p.year,
    scheme: p.scheme,
    version: p.version,
    classBSelfPayBp: toPercent(p.classBSelfPayBp),
    personalAccount: p.personalAccount,
    benefits: {
      outpatient_pooling: pooled(p.benefits.outpatient_pooling),
      inpatient: pooled(p.benefits.inpatient),
      chronic_outpatient: {
        deductibleBasis: chronic.deductibleBasis,
        deductible: levelsMap(chronic.deductible, (v) => toYuan(v!)),
        diseases: Object.entries(chronic.diseases).map(([code, d]) => ({
          code,
          name: d.name,
          ratioBp: levelsMap(d.ratioBp, (v) => toPercent(v!)),
          annualQuota: toYuan(d.annualQuota),
        })),
      },
    },
    seriousIllnessOn: si !== null,
    seriousIllness: si
      ? {
          threshold: toYuan(si.threshold),
          bands: si.bands.map((b) => ({ upTo: b.upTo === null ? null : toYuan(b.upTo), ratioBp: toPercent(b.ratioBp) })),
          annualCap: toYuan(si.annualCap),
          benefits: [...si.benefits],
        }
      : { bands: [{ upTo: null }], benefits: ['inpatient', 'chronic_outpatient'] },
    medicalAidOn: p.medicalAid !== null,
    medicalAid: p.medicalAid ? { ratioBp: toPercent(p.medicalAid.ratioBp), annualCap: toYuan(p.medicalAid.annualCap) } : {},
  };
}

/** The policy the form describes, unvalidated: check it with `policyIssues`. */
export function formToPolicy(f: PolicyForm): Policy {
  const pooled = (b: PooledForm) => ({
    deductibleBasis: b.deductibleBasis,
    levels: levelsMap(b.levels, (t) => ({ deductible: toFen(t?.deductible), ratioBp: toBp(t?.ratioBp) })),
    annualCap: toFen(b.annualCap),
  });
  const chronic = f.benefits.chronic_outpatient;
  const bands = f.seriousIllness.bands ?? [];
  return {
    region: f.region,
    year: f.year ?? Number.NaN,
    scheme: f.scheme,
    version: (f.version ?? '').trim(),
    classBSelfPayBp: toBp(f.classBSelfPayBp),
    personalAccount: f.personalAccount,
    benefits: {
      outpatient_pooling: pooled(f.benefits.outpatient_pooling),
      inpatient: pooled(f.benefits.inpatient),
      chronic_outpatient: {
        deductibleBasis: chronic.deductibleBasis,
        deductible: levelsMap(chronic.deductible, toFen),
        diseases: Object.fromEntries(
          (chronic.diseases ?? []).map((d) => [
            (d.code ?? '').trim(),
            { name: (d.name ?? '').trim(), ratioBp: levelsMap(d.ratioBp ?? {}, toBp), annualQuota: toFen(d.annualQuota) },
          ]),
        ),
      },
    },
    seriousIllness: f.seriousIllnessOn
      ? {
          threshold: toFen(f.seriousIllness.threshold),
          bands: bands.map((b, i) => ({ upTo: i === bands.length - 1 ? null : toFen(b.upTo), ratioBp: toBp(b.ratioBp) })),
          annualCap: toFen(f.seriousIllness.annualCap),
          benefits: f.seriousIllness.benefits ?? [],
        }
      : null,
    medicalAid: f.medicalAidOn ? { ratioBp: toBp(f.medicalAid.ratioBp), annualCap: toFen(f.medicalAid.annualCap) } : null,
  };
}

/** Disease codes of the form in order, to turn a `diseases.<code>` path into the list row. */
function diseaseCodes(f: PolicyForm): string[] {
  return (f.benefits.chronic_outpatient.diseases ?? []).map((d) => (d.code ?? '').trim());
}

/**
 * A field path of the policy (schema issue path, or the API's dotted `field`) as the form's
 * field name. Disease codes may contain dots ('N18.6'): they are matched against the form's codes.
 */
export function formNameOf(path: readonly (string | number)[] | string, f: PolicyForm): NamePath {
  const codes = diseaseCodes(f);
  let parts: (string | number)[];
  if (typeof path === 'string') {
    const prefix = 'benefits.chronic_outpatient.diseases.';
    if (path.startsWith(prefix)) {
      const rest = path.slice(prefix.length);
      const code = [...codes].sort((a, b) => b.length - a.length).find((c) => rest === c || rest.startsWith(`${c}.`));
      parts = code === undefined ? ['benefits', 'chronic_outpatient', 'diseases'] : ['benefits', 'chronic_outpatient', 'diseases', code, ...rest.slice(code.length + 1).split('.').filter(Boolean)];
    } else {
      parts = path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    }
  } else {
    parts = [...path];
  }
  if (parts[0] === 'benefits' && parts[1] === 'chronic_outpatient' && parts[2] === 'diseases' && parts.length > 3) {
    const index = codes.indexOf(String(parts[3]));
    if (index >= 0) return ['benefits', 'chronic_outpatient', 'diseases', index, ...(parts.length > 4 ? parts.slice(4) : ['code'])];
  }
  // Whole-object issues land on the section's first editable field.
  if (parts[0] === 'seriousIllness' && parts.length === 1) return ['seriousIllnessOn'];
  if (parts[0] === 'medicalAid' && parts.length === 1) return ['medicalAidOn'];
  return parts;
}

export interface PolicyIssue {
  name: NamePath;
  message: string;
}

/** Every rule the policy breaks (the API's own schema), each on the form field it concerns. */
export function policyIssues(f: PolicyForm): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const codes = diseaseCodes(f);
  codes.forEach((code, i) => {
    if (code && codes.indexOf(code) !== i) issues.push({ name: ['benefits', 'chronic_outpatient', 'diseases', i, 'code'], message: `病种编码 ${code} 重复了` });
  });
  const parsed = PolicySchema.safeParse(formToPolicy(f));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.push({ name: formNameOf(issue.path as (string | number)[], f), message: issue.message });
    }
  }
  return issues;
}

/** The API prefixes schema messages with the parameter's path; the field already says which. */
export function fieldMessage(message: string): string {
  return message.replace(/^参数 \S+ 不正确：/, '');
}
