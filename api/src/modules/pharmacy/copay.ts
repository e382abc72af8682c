import {
  BENEFIT_TYPE_LABELS,
  type BenefitType,
  type CatalogueClass,
  type ClaimInput,
  chronicConditionDef,
  type FacilityLevel,
  localDate,
  type Settlement,
  settlementLevelOf,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../http/errors';
import { estimateCoPay, recordSettlement, reverseSettlementRecord } from '../insurance/service';

/** One line of the medicine bill as the reimbursement engine sees it. */
export interface BillLine {
  genericName: string;
  conditionCode: string;
  catalogueClass: CatalogueClass;
  amountFen: number;
  quantity: number;
}

export interface CoPayQuote {
  itemsTotalFen: number;
  /** What insurance pays (统筹, 大病, 救助, 个人账户): the bill minus the resident's cash share. */
  insuranceFen: number;
  /** 个人现金支付: what the resident pays through the payments module. */
  amountFen: number;
  benefitLabel: string;
  steps: string[];
  /** Insurance settlement keys written (empty for an estimate). */
  settlementKeys: string[];
}

type Settle = (claim: ClaimInput) => Promise<Settlement>;

const fieldIs = (err: unknown, name: string) => err instanceof AppError && (err.field === name || err.field?.endsWith(`.${name}`) === true);

/**
 * Settles one condition's medicines: as 门诊慢特病 for that disease when the policy lists it,
 * otherwise under 门诊统筹; with no policy in force for the year, the resident pays in full.
 */
async function settleGroup(settle: Settle, conditionCode: string, lines: BillLine[], serviceDate: string) {
  const items = lines.map((l) => ({ name: l.genericName, catalogueClass: l.catalogueClass, amount: l.amountFen, quantity: l.quantity }));
  const total = lines.reduce((sum, l) => sum + l.amountFen, 0);
  const diseaseName = chronicConditionDef(conditionCode)?.name ?? conditionCode;
  const attempt = async (benefit: BenefitType) => settle({ serviceDate, benefit, ...(benefit === 'chronic_outpatient' ? { chronicDisease: conditionCode } : {}), items });
  try {
    const s = await attempt('chronic_outpatient').catch((err) => {
      if (fieldIs(err, 'chronicDisease')) return attempt('outpatient_pooling');
      throw err;
    });
    const label = s.claim.benefit === 'chronic_outpatient' ? `${BENEFIT_TYPE_LABELS.chronic_outpatient}（${diseaseName}）` : `${BENEFIT_TYPE_LABELS.outpatient_pooling}（${diseaseName}）`;
    return { total, cash: s.cashPaid, label, steps: [`【${label}】`, ...s.steps] };
  } catch (err) {
    if (!fieldIs(err, 'serviceDate')) throw err;
    const label = `全额自付（${diseaseName}）`;
    return { total, cash: total, label, steps: [`【${label}】本年度暂无生效的医保政策，药费由个人全额支付`] };
  }
}

function groupByCondition(lines: BillLine[]): Map<string, BillLine[]> {
  const groups = new Map<string, BillLine[]>();
  for (const l of lines) groups.set(l.conditionCode, [...(groups.get(l.conditionCode) ?? []), l]);
  return groups;
}

async function quote(lines: BillLine[], serviceDate: string, settleFor: (code: string) => Settle): Promise<CoPayQuote> {
  const parts = [];
  for (const [code, group] of groupByCondition(lines)) parts.push(await settleGroup(settleFor(code), code, group, serviceDate));
  const itemsTotalFen = parts.reduce((s, p) => s + p.total, 0);
  const amountFen = parts.reduce((s, p) => s + p.cash, 0);
  return {
    itemsTotalFen,
    insuranceFen: itemsTotalFen - amountFen,
    amountFen,
    benefitLabel: parts.map((p) => p.label).join('、'),
    steps: parts.flatMap((p) => p.steps),
    settlementKeys: [],
  };
}

/**
 * What the resident would pay today: the insurance module's estimate, one claim per condition,
 * billed at the dispensing pharmacy's tier (the county-run central pharmacy). Writes nothing.
 */
export async function estimateOrderCoPay(deps: AppDeps, personId: string, pharmacyLevel: FacilityLevel, lines: BillLine[]): Promise<CoPayQuote> {
  const level = settlementLevelOf(pharmacyLevel);
  return quote(lines, localDate(deps.clock.now()), () => (claim) => estimateCoPay(deps, personId, { ...claim, level }));
}

const settlementKey = (orderId: string, conditionCode: string) => `prescription:${orderId}:${conditionCode}`;

/**
 * Records the order's insurance settlements inside the caller's transaction (at 审方 approval)
 * and returns the firm co-pay. Idempotent per order and condition.
 */
export async function settleOrderCoPay(
  deps: AppDeps,
  tx: Db,
  order: { id: string; personId: string; pharmacyFacilityId: string },
  lines: BillLine[],
): Promise<CoPayQuote> {
  const keys: string[] = [];
  const q = await quote(lines, localDate(deps.clock.now()), (code) => async (claim) => {
    const key = settlementKey(order.id, code);
    const { settlement } = await recordSettlement(deps, tx, {
      personId: order.personId,
      facilityId: order.pharmacyFacilityId,
      sourceType: 'prescription',
      sourceId: order.id,
      claim,
      settlementKey: key,
    });
    keys.push(key);
    return settlement;
  });
  return { ...q, settlementKeys: keys };
}

/** 冲正 of an order's settlements when it is cancelled before dispensing. */
export async function reverseOrderCoPay(deps: AppDeps, tx: Db, order: { pharmacyFacilityId: string; settlementKeys: string[] }, reason: string) {
  for (const key of order.settlementKeys) {
    await reverseSettlementRecord(deps, tx, { facilityId: order.pharmacyFacilityId, externalId: key, reversalId: `${key}:R`, reason });
  }
}
