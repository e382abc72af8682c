import { createHash } from 'node:crypto';
import {
  type AnnualPicture,
  BENEFIT_TYPE_LABELS,
  BENEFIT_TYPES,
  type Claim,
  type ClaimInput,
  claimIssue,
  type ClaimItem,
  emptyYearToDate,
  type FacilityLevel,
  type Forecast,
  FORECAST_SAMPLES,
  forecastAcrossLevels,
  type ForecastRequest,
  type InteropReversal,
  type InteropSettlementPush,
  type InteropSettlementReceipt,
  localDate,
  parseResidentId,
  type Policy,
  POLICY_STATUS_LABELS,
  type PolicyPreview,
  type PolicyPreviewRequest,
  type PolicyStatus,
  type PolicyVersion,
  recomputeYearToDate,
  type ReportedAmounts,
  type Scheme,
  SCHEME_LABELS,
  settleClaim,
  type Settlement,
  SETTLEMENT_LEVEL_LABELS,
  SETTLEMENT_LEVELS,
  SETTLEMENT_SOURCE_LABELS,
  SETTLEMENT_STATE_LABELS,
  type SettlementDetail,
  type SettlementLevel,
  settlementLevelOf,
  type SettlementSourceType,
  type SettlementState,
  type SettlementSummary,
  type StaffSettlementRecord,
  type YearToDate,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import type { ResidentActor, StaffActor } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newToken } from '../../infra/crypto';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import * as identityRepo from '../identity/repo';
import { requireFamilyMember, requireHealthConsent } from '../identity/service';
import * as repo from './repo';

/**
 * Insurance settlements (医保结算). Two figures live side by side on every record:
 * - `reported`: what the facility's HIS actually settled. Authoritative for money paid, and what
 *   residents see when present.
 * - `computed` (column `settlement`): ours, from the active policy and the person's whole year,
 *   replayed in service order on every write. It keeps the running totals (deductible met, caps,
 *   大病 base) right when claims arrive late or are reversed (冲正), and drives the forecast. So a
 *   late-arriving earlier claim may change the computed amounts of later ones; that is intended.
 *   When the two disagree the record is flagged (`mismatch`) for staff to review.
 */

const policyKey = (region: string, year: number, scheme: string) => `${region}:${year}:${scheme}`;
const yearOf = (date: string) => Number(date.slice(0, 4));

// ---- policy versions ---------------------------------------------------------------------------

type PolicyRowWithAuthor = repo.PolicyRow & { created_by_name: string | null };

function toPolicyVersion(row: PolicyRowWithAuthor): PolicyVersion {
  const status = row.status as PolicyStatus;
  return {
    id: row.id,
    region: row.region,
    year: Number(row.year),
    scheme: row.scheme as Scheme,
    version: row.version,
    status,
    statusLabel: POLICY_STATUS_LABELS[status],
    body: JSON.parse(row.body) as Policy,
    createdBy: row.created_by_name,
    createdAt: Number(row.created_at),
    activatedAt: row.activated_at === null ? null : Number(row.activated_at),
  };
}

/** The policy settling a region's claims of a year under a scheme; validated when it was stored. */
export async function activePolicy(db: Db, region: string, year: number, scheme: Scheme): Promise<Policy | null> {
  const row = await repo.findActivePolicy(db, policyKey(region, year, scheme));
  return row ? (JSON.parse(row.body) as Policy) : null;
}

export async function listPolicies(deps: AppDeps, filter: { year?: number; scheme?: Scheme }) {
  const region = deps.config.insurance.region;
  const rows = await repo.listPolicies(deps.database.db, region, filter);
  return { region, items: rows.map(toPolicyVersion) };
}

export async function getPolicyVersion(deps: AppDeps, policyId: string): Promise<PolicyVersion> {
  const row = await repo.getPolicy(deps.database.db, policyId);
  if (!row) throw notFound('未找到该政策版本', 'policyId');
  return toPolicyVersion(row);
}

/** Stores a new version as a draft; it settles nothing until activated. */
export async function createPolicyVersion(deps: AppDeps, staff: StaffActor | null, policy: Policy): Promise<PolicyVersion> {
  const db = deps.database.db;
  const region = deps.config.insurance.region;
  if (policy.region !== region) throw badRequest(`本系统只配置统筹区「${region}」的医保政策`, 'region');
  const duplicate = () => conflict(`${policy.year}年度${SCHEME_LABELS[policy.scheme]}已有版本号 ${policy.version}，请换一个版本号`, 'version');
  if (await repo.findPolicyVersion(db, region, policy.year, policy.scheme, policy.version)) throw duplicate();
  const id = newId(deps.clock.now());
  try {
    await repo.insertPolicy(db, {
      id,
      region,
      year: policy.year,
      scheme: policy.scheme,
      version: policy.version,
      body: JSON.stringify(policy),
      status: 'draft',
      active_key: null,
      created_by: staff?.staffId ?? null,
      created_at: deps.clock.now(),
      activated_at: null,
      activated_by: null,
    });
  } catch (err) {
    // Two admins saved the same version number at once: the unique key kept one.
    if (await repo.findPolicyVersion(db, region, policy.year, policy.scheme, policy.version)) throw duplicate();
    throw err;
  }
  return getPolicyVersion(deps, id);
}

/**
 * Makes a version the one that settles its region, year and scheme; the version active before is
 * superseded in the same transaction. Exactly one active version is held by the unique active_key.
 * Running totals already stored are rebuilt under the new version on each person's next
 * settlement; forecasts use it at once.
 */
export async function activatePolicyVersion(deps: AppDeps, staff: StaffActor | null, policyId: string): Promise<PolicyVersion> {
  const db = deps.database.db;
  const row = await repo.getPolicy(db, policyId);
  if (!row) throw notFound('未找到该政策版本', 'policyId');
  if (row.status === 'active') return toPolicyVersion(row);
  const policy = JSON.parse(row.body) as Policy;
  // A version that drops a disease the year's claims were settled under could not replay them.
  const inUse = await repo.chronicDiseasesInUse(db, policy.year, policy.scheme);
  const dropped = inUse.filter((code) => !Object.hasOwn(policy.benefits.chronic_outpatient.diseases, code));
  if (dropped.length) {
    throw badRequest(`本年度已有门诊慢特病 ${dropped.join('、')} 的结算记录，新版本不能删除这些病种`, 'benefits.chronic_outpatient.diseases');
  }
  const key = policyKey(row.region, Number(row.year), row.scheme);
  try {
    await db.transaction().execute(async (tx) => {
      await repo.supersedeActive(tx, key, row.id);
      await repo.markPolicyActive(tx, row.id, key, staff?.staffId ?? null, deps.clock.now());
    });
  } catch (err) {
    const now = await repo.findActivePolicy(db, key);
    if (now && now.id !== row.id) throw conflict('另一个版本刚刚被启用，请刷新后再试', 'policyId');
    throw err;
  }
  return getPolicyVersion(deps, policyId);
}

function claimFrom(input: Omit<ClaimInput, 'serviceDate'> & { serviceDate: string }, id: string, level: SettlementLevel): Claim {
  return {
    id,
    serviceDate: input.serviceDate,
    benefit: input.benefit,
    level,
    ...(input.chronicDisease !== undefined ? { chronicDisease: input.chronicDisease } : {}),
    ...(input.medicalAidEligible !== undefined ? { medicalAidEligible: input.medicalAidEligible } : {}),
    items: input.items,
  };
}

function requireSettleable(policy: Policy, claim: Claim, fieldPrefix: string) {
  const issue = claimIssue(policy, claim);
  if (issue) throw badRequest(issue.message, fieldPrefix + issue.field);
}

/** Settles a sample claim at every tier under an edited policy, next to the active version; saves nothing. */
export async function previewPolicy(deps: AppDeps, input: PolicyPreviewRequest): Promise<PolicyPreview> {
  const { policy } = input;
  const claim = claimFrom({ ...input.claim, serviceDate: input.claim.serviceDate ?? `${policy.year}-07-01` }, 'preview', 'primary');
  requireSettleable(policy, claim, 'claim.');
  const active = await activePolicy(deps.database.db, deps.config.insurance.region, policy.year, policy.scheme);
  const comparable = active && !claimIssue(active, claim);
  return {
    draft: forecastAcrossLevels(policy, emptyYearToDate(), claim),
    active: comparable ? forecastAcrossLevels(active, emptyYearToDate(), claim) : null,
    activeVersion: active?.version ?? null,
  };
}

// ---- recording settlements -------------------------------------------------------------------

export interface StoreInput {
  personId: string;
  facilityId: string;
  externalId: string;
  sourceType: SettlementSourceType;
  sourceId: string;
  scheme: Scheme;
  claim: ClaimInput;
  /** As the HIS settled it; 'computed' records our own figures as what was charged; null: not sent. */
  reported: ReportedAmounts | 'computed' | null;
}

const insuredShare = (a: Pick<Settlement, 'fundPaid' | 'seriousIllnessPaid' | 'medicalAid'>) => a.fundPaid + a.seriousIllnessPaid + a.medicalAid;

function reportedOf(s: Settlement): ReportedAmounts {
  return {
    fundPaid: s.fundPaid,
    seriousIllnessPaid: s.seriousIllnessPaid,
    medicalAid: s.medicalAid,
    personalAccountPaid: s.personalAccountPaid,
    cashPaid: s.cashPaid,
    policyVersion: s.policyVersion,
  };
}

/** The patient's own split (account vs cash) is not modelled for employees, so only the insured parts are compared. */
function differs(reported: ReportedAmounts, s: Settlement): boolean {
  return reported.fundPaid !== s.fundPaid || reported.seriousIllnessPaid !== s.seriousIllnessPaid || reported.medicalAid !== s.medicalAid;
}

/** Checks a claim against the policy and the facility before anything is written. */
async function validateClaim(deps: AppDeps, db: Db, input: Pick<StoreInput, 'facilityId' | 'scheme' | 'claim' | 'reported'>) {
  const year = yearOf(input.claim.serviceDate);
  const policy = await activePolicy(db, deps.config.insurance.region, year, input.scheme);
  if (!policy) throw badRequest(`${year}年度没有生效的${SCHEME_LABELS[input.scheme]}政策，暂不能结算`, 'claim.serviceDate');
  const facility = await db.selectFrom('facility').select(['id', 'level']).where('id', '=', input.facilityId).executeTakeFirst();
  if (!facility) throw badRequest('结算机构不存在', 'facilityId');
  const claim = claimFrom(input.claim, '', settlementLevelOf(facility.level as FacilityLevel));
  requireSettleable(policy, claim, 'claim.');
  if (input.reported && input.reported !== 'computed') {
    const r = input.reported;
    const total = input.claim.items.reduce((sum: number, i: ClaimItem) => sum + i.amount, 0);
    if (r.fundPaid + r.seriousIllnessPaid + r.medicalAid + r.personalAccountPaid + r.cashPaid !== total) {
      throw badRequest('结算金额（统筹 + 大病 + 救助 + 个人账户 + 现金）之和应等于医疗费总额', 'reported');
    }
  }
  return { policy, claim, year };
}

/**
 * Serialises all writes to one person's year: the running-totals row is locked for the rest of the
 * transaction. On MySQL a missing row is first created, committed, on a connection of its own, so
 * the lock taken here is a plain record lock (a locking read of a missing row takes gap locks
 * that deadlock concurrent first writers). That outside look-up reads committed rows, so a caller
 * settling twice for one person in one transaction finds the row and never waits on itself.
 */
async function lockPersonYear(deps: AppDeps, tx: Db, personId: string, year: number, scheme: Scheme): Promise<void> {
  const { dialect } = deps.database;
  const fresh: repo.YtdRow = { person_id: personId, year, scheme, totals: JSON.stringify(emptyYearToDate()), policy_version: null, claim_count: 0, updated_at: deps.clock.now() };
  if (dialect === 'sqlite') await repo.insertYtdIfAbsent(tx, dialect, fresh);
  else if (!(await repo.getYtd(deps.database.db, dialect, personId, year, scheme))) await repo.insertYtdIfAbsent(deps.database.db, dialect, fresh);
  await repo.getYtd(tx, dialect, personId, year, scheme, true);
}

const withoutClaim = ({ claim: _claim, ...rest }: Settlement) => rest;

/**
 * Replays the person's year from every stored claim (reversed ones drop out) and writes back
 * whatever changed: each live record's computed settlement and mismatch flag, and the totals.
 */
async function recomputePersonYear(deps: AppDeps, tx: Db, personId: string, year: number, scheme: Scheme, policy: Policy) {
  const rows = await repo.claimsOfPersonYear(tx, deps.database.dialect, personId, year, scheme);
  const replay = recomputeYearToDate(
    policy,
    rows.map((r) => ({ claim: JSON.parse(r.claim) as Claim, reversed: r.state === 'reversed' })),
  );
  const now = deps.clock.now();
  const computed = new Map(replay.settlements.map((s) => [s.claim.id, s]));
  for (const row of rows) {
    const s = computed.get((JSON.parse(row.claim) as Claim).id);
    // A reversed record keeps the figures it showed when it was reversed.
    if (!s) continue;
    const settlement = JSON.stringify(withoutClaim(s));
    const mismatch = row.reported && differs(JSON.parse(row.reported) as ReportedAmounts, s) ? 1 : 0;
    if (settlement !== row.settlement || mismatch !== row.mismatch || row.policy_version !== policy.version) {
      await repo.updateComputed(tx, row.id, { settlement, mismatch, policy_version: policy.version, updated_at: now });
    }
  }
  await repo.updateYtd(tx, {
    person_id: personId,
    year,
    scheme,
    totals: JSON.stringify(replay.ytd),
    policy_version: policy.version,
    claim_count: replay.settlements.length,
    updated_at: now,
  });
  return computed;
}

/**
 * The engine replays claims by service date, ties by claim id. An id derived from the facility's
 * own settlement number (not from arrival time) orders same-day claims the same way whatever
 * order they arrive in, so the year's totals never depend on arrival.
 */
function claimIdOf(facilityId: string, externalId: string): string {
  return createHash('sha256').update(`${facilityId}\n${externalId}`).digest('base64url').slice(0, 26);
}

/** What a resend must repeat exactly to count as the same settlement (the claim's id is ours). */
function fingerprint(v: { personId: string; sourceType: string; sourceId: string; scheme: string; claim: Claim; reported: unknown }) {
  return JSON.stringify({ ...v, claim: { ...v.claim, id: '' } });
}

async function storeSettlement(deps: AppDeps, tx: Db, input: StoreInput): Promise<{ row: repo.SettlementRow; settlement: Settlement; created: boolean }> {
  const { policy, claim, year } = await validateClaim(deps, tx, input);
  await lockPersonYear(deps, tx, input.personId, year, input.scheme);

  const reported = input.reported === 'computed' ? null : input.reported;
  const existing = await repo.findByExternalId(tx, deps.database.dialect, input.facilityId, input.externalId, true);
  if (existing) {
    const same =
      existing.reversal_of === null &&
      fingerprint({
        personId: existing.person_id,
        sourceType: existing.source_type,
        sourceId: existing.source_id,
        scheme: existing.scheme,
        claim: JSON.parse(existing.claim) as Claim,
        // Our own bills store our figures as reported; a resend carries none.
        reported: input.reported === 'computed' || !existing.reported ? null : JSON.parse(existing.reported),
      }) === fingerprint({ personId: input.personId, sourceType: input.sourceType, sourceId: input.sourceId, scheme: input.scheme, claim, reported });
    if (!same) throw conflict('该结算流水号已收到过内容不同的结算；更正请先冲正，再用新的流水号结算', 'externalId');
    return { row: existing, settlement: settlementOf(existing)!, created: false };
  }

  const now = deps.clock.now();
  const id = newId(now);
  const stored: Claim = { ...claim, id: claimIdOf(input.facilityId, input.externalId) };
  await repo.insertSettlement(tx, {
    id,
    person_id: input.personId,
    facility_id: input.facilityId,
    external_id: input.externalId,
    source_type: input.sourceType,
    source_id: input.sourceId,
    scheme: input.scheme,
    year,
    service_date: claim.serviceDate,
    benefit: claim.benefit,
    chronic_disease: claim.chronicDisease ?? null,
    level: claim.level,
    claim: JSON.stringify(stored),
    // Filled in by the replay of the person's year just below.
    settlement: null,
    reported: reported ? JSON.stringify(reported) : null,
    mismatch: 0,
    policy_version: policy.version,
    state: 'settled',
    reversal_of: null,
    reason: null,
    reversed_at: null,
    created_at: now,
    updated_at: now,
  });
  const settlement = (await recomputePersonYear(deps, tx, input.personId, year, input.scheme, policy)).get(stored.id)!;
  if (input.reported === 'computed') await repo.setReported(tx, id, JSON.stringify(reportedOf(settlement)));
  return { row: (await repo.getSettlement(tx, id))!, settlement, created: true };
}

function settlementOf(row: repo.SettlementRow): Settlement | null {
  if (row.settlement === null) return null;
  return { claim: JSON.parse(row.claim) as Claim, ...JSON.parse(row.settlement) } as Settlement;
}

/** The scheme a person is insured under in a year: as last settled, else 城乡居民. */
async function schemeOf(db: Db, personId: string, year: number): Promise<Scheme> {
  return ((await repo.latestScheme(db, personId, year)) as Scheme | undefined) ?? 'resident';
}

/**
 * For other modules (prescription co-pays, bookings): records the settlement of one of our own
 * bills inside the caller's transaction and returns it. Our figures are what is charged, so they
 * are also stored as the reported amounts. Idempotent by `settlementKey` (default
 * `sourceType:sourceId`) at the facility. Throws AppError 400 naming the field of a claim the
 * policy cannot settle.
 */
export async function recordSettlement(
  deps: AppDeps,
  tx: Db,
  input: { personId: string; facilityId: string; sourceType: SettlementSourceType; sourceId: string; claim: ClaimInput; scheme?: Scheme; settlementKey?: string },
): Promise<{ settlementId: string; settlement: Settlement; created: boolean }> {
  const scheme = input.scheme ?? (await schemeOf(tx, input.personId, yearOf(input.claim.serviceDate)));
  const { row, settlement, created } = await storeSettlement(deps, tx, {
    ...input,
    scheme,
    externalId: input.settlementKey ?? `${input.sourceType}:${input.sourceId}`,
    reported: 'computed',
  });
  return { settlementId: row.id, settlement, created };
}

/**
 * For other modules: what a claim would cost the person today, given their year so far. Writes
 * nothing. The claim's level is the tier of the facility that will bill it.
 */
export async function estimateCoPay(deps: AppDeps, personId: string, claim: Omit<Claim, 'id'> & { id?: string }): Promise<Settlement> {
  const year = yearOf(claim.serviceDate);
  const scheme = await schemeOf(deps.database.db, personId, year);
  const policy = await activePolicy(deps.database.db, deps.config.insurance.region, year, scheme);
  if (!policy) throw badRequest(`${year}年度没有生效的${SCHEME_LABELS[scheme]}政策，暂不能测算`, 'serviceDate');
  const full: Claim = { ...claim, id: claim.id ?? 'estimate' };
  requireSettleable(policy, full, '');
  return settleClaim(policy, await currentTotals(deps, personId, year, scheme), full);
}

async function currentTotals(deps: AppDeps, personId: string, year: number, scheme: Scheme): Promise<YearToDate> {
  const row = await repo.getYtd(deps.database.db, deps.database.dialect, personId, year, scheme);
  return row ? (JSON.parse(row.totals) as YearToDate) : emptyYearToDate();
}

/**
 * 冲正: cancels a settlement of the facility with a 冲正单 of its own number. The original goes
 * settled -> reversed once; resending the same reversal changes nothing.
 */
export async function reverseSettlementRecord(
  deps: AppDeps,
  tx: Db,
  input: { facilityId: string; externalId: string; reversalId: string; reason?: string },
): Promise<{ row: repo.SettlementRow; created: boolean }> {
  const { dialect } = deps.database;
  const original = await repo.findByExternalId(tx, dialect, input.facilityId, input.externalId, false);
  if (!original) throw notFound('未找到该结算', 'externalId');
  if (original.reversal_of !== null) throw badRequest('冲正单不能再被冲正', 'externalId');
  const scheme = original.scheme as Scheme;
  const year = Number(original.year);
  const policy = await activePolicy(tx, deps.config.insurance.region, year, scheme);
  if (!policy) throw badRequest(`${year}年度没有生效的${SCHEME_LABELS[scheme]}政策，暂不能冲正`, 'externalId');
  await lockPersonYear(deps, tx, original.person_id, year, scheme);

  const existing = await repo.findByExternalId(tx, dialect, input.facilityId, input.reversalId, true);
  if (existing) {
    if (existing.reversal_of === original.id) return { row: existing, created: false };
    throw conflict('该冲正流水号已用于其他结算', 'reversalId');
  }
  const now = deps.clock.now();
  if (!(await repo.markReversed(tx, original.id, now))) throw conflict('该结算已经冲正过了', 'externalId');
  const id = newId(now);
  await repo.insertSettlement(tx, {
    ...original,
    id,
    external_id: input.reversalId,
    settlement: null,
    reported: null,
    mismatch: 0,
    state: 'settled',
    reversal_of: original.id,
    reason: input.reason ?? null,
    reversed_at: null,
    created_at: now,
    updated_at: now,
  });
  await recomputePersonYear(deps, tx, original.person_id, year, scheme, policy);
  return { row: (await repo.getSettlement(tx, id))!, created: true };
}

// ---- facility pushes (interop) -----------------------------------------------------------------

function toReceipt(row: repo.SettlementRow): InteropSettlementReceipt {
  const s = settlementOf(row);
  return {
    id: row.id,
    externalId: row.external_id,
    kind: row.reversal_of === null ? 'settlement' : 'reversal',
    state: row.state as SettlementState,
    reversalOf: row.reversal_of,
    policyVersion: row.policy_version,
    computed: s && { fundPaid: s.fundPaid, seriousIllnessPaid: s.seriousIllnessPaid, medicalAid: s.medicalAid, patientPaid: s.patientPaid },
    mismatch: row.mismatch === 1,
  };
}

/**
 * The person a facility settled, by resident ID number. A person we have not met yet is created
 * from the facility's data (as a facility's other records are), so the settlement waits for them
 * when they or their family sign up.
 */
async function personForPush(deps: AppDeps, patient: InteropSettlementPush['patient']): Promise<string> {
  const db = deps.database.db;
  const parsed = parseResidentId(patient.idNumber);
  if (!parsed.valid) throw badRequest(parsed.reason, 'patient.idNumber');
  const bidx = deps.crypto.blindIndex(parsed.id);
  const found = await identityRepo.findPersonByIdIndex(db, bidx);
  if (found) {
    if (found.name !== patient.name) throw badRequest('姓名与身份证号不匹配，请核对', 'patient.name');
    return found.id;
  }
  const now = deps.clock.now();
  const id = newId(now);
  try {
    await identityRepo.insertPerson(db, {
      id,
      name: patient.name,
      id_number_enc: deps.crypto.encrypt(parsed.id),
      id_number_bidx: bidx,
      phone_enc: null,
      sex: parsed.sex,
      birth_date: parsed.birthDate,
      health_card_code: newToken(18),
      own_account_id: null,
      created_at: now,
      updated_at: now,
    });
    return id;
  } catch (err) {
    // Another push created the same person a moment ago: the unique blind index kept one.
    const raced = await identityRepo.findPersonByIdIndex(db, bidx);
    if (raced) return raced.id;
    throw err;
  }
}

/** A settlement pushed by a facility's HIS, as that facility. */
export async function receiveSettlement(deps: AppDeps, facilityId: string, push: InteropSettlementPush) {
  const input: StoreInput = {
    personId: '',
    facilityId,
    externalId: push.externalId,
    sourceType: push.sourceType,
    sourceId: push.sourceId,
    scheme: push.scheme,
    claim: push.claim,
    reported: push.reported ?? null,
  };
  // Bad claims are refused before anything is written, a new person included.
  await validateClaim(deps, deps.database.db, input);
  input.personId = await personForPush(deps, push.patient);
  const { row, created } = await recordReportedSettlement(deps, input);
  return { receipt: toReceipt(row), created };
}

/** Stores a facility's settlement of a known person; the person becomes the facility's patient. */
export async function recordReportedSettlement(deps: AppDeps, input: StoreInput) {
  return deps.database.db.transaction().execute(async (tx) => {
    const stored = await storeSettlement(deps, tx, input);
    if (stored.created) await identityRepo.registerPatientAt(tx, input.personId, input.facilityId, 'insurance', deps.clock.now(), deps.database.dialect);
    return stored;
  });
}

export async function receiveReversal(deps: AppDeps, facilityId: string, externalId: string, body: InteropReversal) {
  const { row, created } = await deps.database.db
    .transaction()
    .execute((tx) => reverseSettlementRecord(deps, tx, { facilityId, externalId, reversalId: body.reversalId, reason: body.reason }));
  return { receipt: toReceipt(row), created };
}

// ---- residents ---------------------------------------------------------------------------------

type RowWithFacility = repo.SettlementRow & { facility_name: string };

function benefitLabel(row: repo.SettlementRow, policy: Policy | null): string {
  const base = BENEFIT_TYPE_LABELS[row.benefit as keyof typeof BENEFIT_TYPE_LABELS];
  if (!row.chronic_disease) return base;
  const name = policy?.benefits.chronic_outpatient.diseases[row.chronic_disease]?.name ?? row.chronic_disease;
  return `${base}（${name}）`;
}

function toSummary(row: RowWithFacility, policy: Policy | null): SettlementSummary {
  const s = settlementOf(row)!;
  const reported = row.reported ? (JSON.parse(row.reported) as ReportedAmounts) : null;
  const level = row.level as SettlementLevel;
  const state = row.state as SettlementState;
  const sourceType = row.source_type as SettlementSourceType;
  return {
    id: row.id,
    serviceDate: row.service_date,
    facilityId: row.facility_id,
    facilityName: row.facility_name,
    level,
    levelLabel: SETTLEMENT_LEVEL_LABELS[level],
    benefit: s.claim.benefit,
    benefitLabel: benefitLabel(row, policy),
    sourceType,
    sourceLabel: SETTLEMENT_SOURCE_LABELS[sourceType],
    state,
    stateLabel: SETTLEMENT_STATE_LABELS[state],
    reversedAt: row.reversed_at === null ? null : Number(row.reversed_at),
    total: s.total,
    ...(reported
      ? { fundPaid: reported.fundPaid, insurancePaid: insuredShare(reported), patientPaid: reported.personalAccountPaid + reported.cashPaid, amountsFrom: 'reported' as const }
      : { fundPaid: s.fundPaid, insurancePaid: insuredShare(s), patientPaid: s.patientPaid, amountsFrom: 'computed' as const }),
  };
}

async function residentMember(deps: AppDeps, actor: ResidentActor, memberId: string) {
  await requireHealthConsent(deps, actor.accountId);
  return requireFamilyMember(deps, actor.accountId, memberId);
}

const thisYear = (deps: AppDeps) => yearOf(localDate(deps.clock.now()));

/** The region's active policies of a year, per scheme, loaded once per answer. */
async function policiesOfYear(deps: AppDeps, year: number) {
  const region = deps.config.insurance.region;
  const [resident, employee] = await Promise.all([activePolicy(deps.database.db, region, year, 'resident'), activePolicy(deps.database.db, region, year, 'employee')]);
  return (scheme: string) => (scheme === 'employee' ? employee : resident);
}

export async function listMemberSettlements(deps: AppDeps, actor: ResidentActor, memberId: string, year?: number) {
  const member = await residentMember(deps, actor, memberId);
  const y = year ?? thisYear(deps);
  const rows = await repo.settlementsOfPerson(deps.database.db, member.personId, y);
  const policyFor = await policiesOfYear(deps, y);
  return { year: y, items: rows.map((r) => toSummary(r, policyFor(r.scheme))) };
}

export async function getMemberSettlement(deps: AppDeps, actor: ResidentActor, memberId: string, settlementId: string): Promise<SettlementDetail> {
  const member = await residentMember(deps, actor, memberId);
  const row = await repo.settlementOfPerson(deps.database.db, member.personId, settlementId);
  if (!row) throw notFound('未找到该结算记录', 'settlementId');
  const policyFor = await policiesOfYear(deps, Number(row.year));
  const reported = row.reported ? (JSON.parse(row.reported) as ReportedAmounts) : null;
  return {
    ...toSummary(row, policyFor(row.scheme)),
    policyVersion: row.policy_version,
    reported,
    breakdown: settlementOf(row)!,
    note:
      row.mismatch === 1
        ? '医院实际结算金额与按现行政策测算的明细不一致，报销金额以医院结算单为准；如有疑问，请咨询结算机构。'
        : null,
  };
}

/** Deductible met, fund paid against each cap, chronic quotas, 大病, and totals by tier for the chart. */
export async function annualPicture(deps: AppDeps, actor: ResidentActor, memberId: string, year?: number): Promise<AnnualPicture> {
  const member = await residentMember(deps, actor, memberId);
  const y = year ?? thisYear(deps);
  const scheme = await schemeOf(deps.database.db, member.personId, y);
  const policy = await activePolicy(deps.database.db, deps.config.insurance.region, y, scheme);
  const ytd = await currentTotals(deps, member.personId, y, scheme);
  const rows = (await repo.settlementsOfPerson(deps.database.db, member.personId, y)).filter((r) => r.state === 'settled' && r.scheme === scheme);
  const shown = rows.map((r) => toSummary(r, policy));

  const sums = (list: SettlementSummary[]) => ({
    count: list.length,
    total: list.reduce((n, s) => n + s.total, 0),
    insurancePaid: list.reduce((n, s) => n + s.insurancePaid, 0),
    patientPaid: list.reduce((n, s) => n + s.patientPaid, 0),
  });
  const diseases = policy?.benefits.chronic_outpatient.diseases ?? {};
  return {
    memberId,
    year: y,
    scheme,
    policyVersion: policy?.version ?? null,
    benefits: BENEFIT_TYPES.map((benefit) => {
      const cap = benefit === 'chronic_outpatient' || !policy ? null : policy.benefits[benefit].annualCap;
      return {
        benefit,
        label: BENEFIT_TYPE_LABELS[benefit],
        deductibleMet: ytd.deductibleMet[benefit],
        fundPaid: ytd.fundPaid[benefit],
        annualCap: cap,
        capLeft: cap === null ? null : Math.max(0, cap - ytd.fundPaid[benefit]),
      };
    }),
    chronic: Object.entries(ytd.chronicQuotaUsed).map(([code, used]) => {
      const quota = diseases[code]?.annualQuota ?? 0;
      return { code, name: diseases[code]?.name ?? code, quota, used, left: Math.max(0, quota - used) };
    }),
    seriousIllness: policy?.seriousIllness
      ? { base: ytd.seriousIllnessBase, threshold: policy.seriousIllness.threshold, paid: ytd.seriousIllnessPaid, annualCap: policy.seriousIllness.annualCap }
      : null,
    byLevel: SETTLEMENT_LEVELS.map((level) => ({ level, label: SETTLEMENT_LEVEL_LABELS[level], ...sums(shown.filter((s) => s.level === level)) })),
    totals: sums(shown),
  };
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The same claim at the township/village, the county and out of county, from the member's year so far. */
export async function forecast(deps: AppDeps, actor: ResidentActor, memberId: string, body: ForecastRequest): Promise<Forecast> {
  const member = await residentMember(deps, actor, memberId);
  const today = localDate(deps.clock.now());
  const year = yearOf(today);
  const scheme = await schemeOf(deps.database.db, member.personId, year);
  const policy = await activePolicy(deps.database.db, deps.config.insurance.region, year, scheme);
  if (!policy) throw new AppError('NOT_FOUND', `${year}年度${SCHEME_LABELS[scheme]}政策尚未配置，暂不能测算`);

  const sample = body.sample ? FORECAST_SAMPLES[body.sample] : null;
  const benefit = body.benefit ?? sample!.benefit;
  const chronicDisease = body.chronicDisease ?? (sample && 'chronicDisease' in sample ? sample.chronicDisease : undefined);
  const items: ClaimItem[] = body.items ?? (body.amount !== undefined ? [{ name: '医疗费用', catalogueClass: 'A', amount: body.amount }] : [...sample!.items]);
  const claim = claimFrom({ serviceDate: today, benefit, chronicDisease, items }, 'forecast', 'primary');
  requireSettleable(policy, claim, '');

  const byLevel = forecastAcrossLevels(policy, await currentTotals(deps, member.personId, year, scheme), claim);
  const levels = SETTLEMENT_LEVELS.map((level) => {
    const s = byLevel[level];
    return { level, label: SETTLEMENT_LEVEL_LABELS[level], fundPaid: s.fundPaid, insurancePaid: insuredShare(s), patientPaid: s.patientPaid, settlement: s };
  });
  const cheapest = levels.reduce((best, l) => (l.patientPaid < best.patientPaid ? l : best)).level;
  const summary = `同样 ${yuan(claim.items.reduce((n, i) => n + i.amount, 0))} 元的费用，您个人负担：${levels.map((l) => `${l.label} ${yuan(l.patientPaid)} 元`).join('，')}。`;
  return { memberId, scheme, policyVersion: policy.version, total: byLevel.primary.total, levels, cheapest, summary };
}

// ---- console: settlement records per facility ---------------------------------------------------

type RowWithPerson = repo.SettlementRow & { person_name: string };

function toStaffRecord(row: RowWithPerson): StaffSettlementRecord {
  return {
    id: row.id,
    kind: row.reversal_of === null ? 'settlement' : 'reversal',
    externalId: row.external_id,
    sourceType: row.source_type as SettlementSourceType,
    sourceId: row.source_id,
    personId: row.person_id,
    personName: row.person_name,
    facilityId: row.facility_id,
    scheme: row.scheme as Scheme,
    serviceDate: row.service_date,
    benefit: row.benefit as StaffSettlementRecord['benefit'],
    benefitLabel: BENEFIT_TYPE_LABELS[row.benefit as StaffSettlementRecord['benefit']],
    state: row.state as SettlementState,
    reversalOf: row.reversal_of,
    reason: row.reason,
    policyVersion: row.policy_version,
    reported: row.reported ? (JSON.parse(row.reported) as ReportedAmounts) : null,
    computed: settlementOf(row),
    mismatch: row.mismatch === 1,
    createdAt: Number(row.created_at),
  };
}

/** Staff of a facility see its records; every person shown is recorded in the access log. */
export async function facilitySettlements(
  deps: AppDeps,
  staff: StaffActor,
  q: { facilityId: string; year?: number; mismatch?: '0' | '1'; before?: string; limit: number },
  requestId?: string,
) {
  if (!staff.facilityIds.includes(q.facilityId)) throw notFound('未找到该机构', 'facilityId');
  const db = deps.database.db;
  const rows = await repo.settlementsOfFacility(db, q.facilityId, { year: q.year, mismatchOnly: q.mismatch === '1', before: q.before, limit: q.limit });
  const people = [...new Set(rows.map((r) => r.person_id))];
  await db.transaction().execute(async (tx) => {
    for (const personId of people) {
      await recordStaffAccess(deps, tx, { staff, personId, facilityId: q.facilityId, action: 'insurance.view', detail: '医保结算记录列表', requestId });
    }
  });
  return { items: rows.map(toStaffRecord), nextBefore: rows.length === q.limit ? rows[rows.length - 1].id : null };
}

export async function facilitySettlement(deps: AppDeps, staff: StaffActor, settlementId: string, requestId?: string): Promise<StaffSettlementRecord> {
  const row = await repo.settlementOfFacility(deps.database.db, staff.facilityIds, settlementId);
  if (!row) throw notFound('未找到该结算记录', 'settlementId');
  await recordStaffAccess(deps, deps.database.db, { staff, personId: row.person_id, facilityId: row.facility_id, action: 'insurance.view', detail: `结算单 ${row.external_id}`, requestId });
  return toStaffRecord(row);
}
