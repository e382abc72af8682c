import {
  type CatalogueClass,
  type CertifyChronicCondition,
  type ChronicCondition,
  checkLongPrescription,
  chronicConditionDef,
  DOCTOR_TITLE_LABELS,
  type DoctorTeam,
  type DoctorTitle,
  type FamilyDoctorContract,
  FREQUENCIES,
  type Frequency,
  type IssueLongPrescription,
  isFirstLongPrescription,
  LONG_PRESCRIPTION_STATUS_LABELS,
  type LongPrescription,
  type LongPrescriptionItem,
  type LongPrescriptionItemInput,
  type LongPrescriptionStatus,
  addDays,
  localDate,
  maskAddress,
  maskName,
  maskPhone,
  packsNeeded,
  type SignFamilyDoctorContract,
  supplyStatus,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { LongPrescriptionItemTable } from '../../db/schema/long-prescription-item';
import type { LongPrescriptionTable } from '../../db/schema/long-prescription';
import type { AppDeps } from '../../deps';
import type { ResidentActor, StaffActor } from '../../http/auth';
import { badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import { requireFamilyMember, requireHealthConsent } from '../identity/service';
import type { BillLine } from '../pharmacy/copay';
import { drugFacts } from '../pharmacy/drug';
import * as pharmacyRepo from '../pharmacy/repo';
import * as staffRepo from '../staff/repo';
import * as repo from './repo';

const today = (deps: AppDeps) => localDate(deps.clock.now());

// ---- who may look after a patient ---------------------------------------------------------------

/**
 * The care scope of staff for a patient: registered at one of their facilities (建档), or
 * contracted with a family-doctor team the doctor belongs to. Anything else is 404.
 */
export async function requireCareScope(deps: AppDeps, staff: StaffActor, personId: string): Promise<{ facilityId: string; myTeam: boolean }> {
  const db = deps.database.db;
  const myTeam = await repo.isContractedWith(db, personId, staff.doctorId, today(deps));
  const at = await staffRepo.personAtFacilities(db, personId, staff.facilityIds);
  if (at) return { facilityId: at.facility_id, myTeam };
  if (myTeam && staff.facilityIds[0]) return { facilityId: staff.facilityIds[0], myTeam };
  throw notFound('未找到该患者', 'personId');
}

/** The resident side: a member of the caller's family, with separate consent for health data. */
export async function requireMemberForHealth(deps: AppDeps, actor: ResidentActor, memberId: string) {
  await requireHealthConsent(deps, actor.accountId);
  return requireFamilyMember(deps, actor.accountId, memberId);
}

// ---- chronic conditions ---------------------------------------------------------------------------

export function listedConditions(deps: AppDeps) {
  return deps.config.prescriptions.conditionCodes.map((code) => chronicConditionDef(code)!);
}

function toCondition(row: repo.ConditionRow): ChronicCondition {
  return {
    id: row.id,
    personId: row.person_id,
    code: row.code,
    name: chronicConditionDef(row.code)?.name ?? row.code,
    status: row.status as ChronicCondition['status'],
    diagnosedOn: row.diagnosed_on,
    note: row.note,
    certifiedBy: row.certified_by_name,
    certifiedAt: Number(row.certified_at),
    facilityName: row.facility_name,
  };
}

export async function listConditionsForStaff(deps: AppDeps, staff: StaffActor, personId: string, requestId?: string) {
  const { facilityId } = await requireCareScope(deps, staff, personId);
  await recordStaffAccess(deps, deps.database.db, { staff, personId, facilityId, action: 'chronic_condition.view', requestId });
  return (await repo.conditionsOf(deps.database.db, personId)).map(toCondition);
}

export async function listConditionsForResident(deps: AppDeps, actor: ResidentActor, memberId: string) {
  const member = await requireMemberForHealth(deps, actor, memberId);
  return (await repo.conditionsOf(deps.database.db, member.personId, true)).map(toCondition);
}

/** 慢病认定: a doctor certifies a condition of the local list; one active record per condition. */
export async function certifyCondition(deps: AppDeps, staff: StaffActor, personId: string, input: CertifyChronicCondition, requestId?: string): Promise<ChronicCondition> {
  const { facilityId } = await requireCareScope(deps, staff, personId);
  if (!deps.config.prescriptions.conditionCodes.includes(input.code)) throw badRequest(`病种 ${input.code} 不在本地长期处方病种目录内`, 'code');
  if (input.diagnosedOn && input.diagnosedOn > today(deps)) throw badRequest('确诊日期不能晚于今天', 'diagnosedOn');
  const now = deps.clock.now();
  const id = newId(now);
  try {
    await deps.database.db.transaction().execute(async (tx) => {
      await repo.insertCondition(tx, {
        id,
        person_id: personId,
        code: input.code,
        status: 'active',
        active_key: `${personId}:${input.code}`,
        diagnosed_on: input.diagnosedOn ?? null,
        note: input.note ?? null,
        certified_by_staff_id: staff.staffId,
        certified_by_name: staff.name,
        facility_id: facilityId,
        certified_at: now,
        ended_at: null,
      });
      await recordStaffAccess(deps, tx, { staff, personId, facilityId, action: 'chronic_condition.certify', requestId, detail: input.code });
    });
  } catch (err) {
    // The unique active key decides two certifications of the same condition.
    const existing = (await repo.conditionsOf(deps.database.db, personId, true)).find((c) => c.code === input.code);
    if (existing) throw conflict(`患者的${chronicConditionDef(input.code)!.name}已经认定过`, 'code');
    throw err;
  }
  return toCondition((await repo.conditionsOf(deps.database.db, personId)).find((c) => c.id === id)!);
}

export async function endCondition(deps: AppDeps, staff: StaffActor, personId: string, conditionId: string, requestId?: string) {
  const { facilityId } = await requireCareScope(deps, staff, personId);
  await deps.database.db.transaction().execute(async (tx) => {
    if (!(await repo.endCondition(tx, personId, conditionId, deps.clock.now()))) throw notFound('未找到该慢病认定', 'conditionId');
    await recordStaffAccess(deps, tx, { staff, personId, facilityId, action: 'chronic_condition.end', requestId });
  });
}

// ---- family-doctor teams and contracts ----------------------------------------------------------

async function teamViews(db: Db, teams: { id: string; name: string; facility_id: string; facility_name: string }[]): Promise<DoctorTeam[]> {
  const members = await repo.teamMembers(db, teams.map((t) => t.id));
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    facility: { id: t.facility_id, name: t.facility_name },
    members: members
      .filter((m) => m.team_id === t.id)
      .map((m) => ({ doctorId: m.doctor_id, name: m.name, title: m.title as DoctorTitle, titleLabel: DOCTOR_TITLE_LABELS[m.title as DoctorTitle] })),
  }));
}

/** Teams at the staff member's facilities and at the townships their village clinics belong to. */
export async function listTeams(deps: AppDeps, staff: StaffActor): Promise<DoctorTeam[]> {
  const db = deps.database.db;
  const parents = staff.facilityIds.length
    ? (await db.selectFrom('facility').select('parent_id').where('id', 'in', staff.facilityIds).execute()).flatMap((f) => (f.parent_id ? [f.parent_id] : []))
    : [];
  return teamViews(db, await repo.teamsAt(db, [...new Set([...staff.facilityIds, ...parents])]));
}

async function contractView(deps: AppDeps, row: NonNullable<Awaited<ReturnType<typeof repo.activeContract>>>): Promise<FamilyDoctorContract> {
  const db = deps.database.db;
  const team = (await repo.getTeam(db, row.team_id))!;
  const village = row.village_facility_id ? await db.selectFrom('facility').select(['id', 'name']).where('id', '=', row.village_facility_id).executeTakeFirst() : undefined;
  return {
    id: row.id,
    personId: row.person_id,
    team: (await teamViews(db, [team]))[0],
    villageClinic: village ? { id: village.id, name: village.name } : null,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status as FamilyDoctorContract['status'],
  };
}

export async function contractForStaff(deps: AppDeps, staff: StaffActor, personId: string): Promise<FamilyDoctorContract | null> {
  await requireCareScope(deps, staff, personId);
  const row = await repo.activeContract(deps.database.db, personId, today(deps));
  return row ? contractView(deps, row) : null;
}

export async function contractForResident(deps: AppDeps, actor: ResidentActor, memberId: string): Promise<FamilyDoctorContract | null> {
  const member = await requireMemberForHealth(deps, actor, memberId);
  const row = await repo.activeContract(deps.database.db, member.personId, today(deps));
  return row ? contractView(deps, row) : null;
}

/** 家庭医生签约 for one year, with a team of the staff member's township; one active contract per person. */
export async function signContract(deps: AppDeps, staff: StaffActor, personId: string, input: SignFamilyDoctorContract, requestId?: string): Promise<FamilyDoctorContract> {
  const { facilityId } = await requireCareScope(deps, staff, personId);
  const db = deps.database.db;
  const team = (await listTeams(deps, staff)).find((t) => t.id === input.teamId);
  if (!team) throw badRequest('只能与本机构的家庭医生团队签约', 'teamId');
  if (input.villageClinicId) {
    const village = await db.selectFrom('facility').select(['id', 'level', 'parent_id']).where('id', '=', input.villageClinicId).executeTakeFirst();
    if (!village || village.level !== 'village' || village.parent_id !== team.facility.id) throw badRequest('请选择该团队所在乡镇的村卫生室', 'villageClinicId');
  }
  const startsOn = input.startsOn ?? today(deps);
  if (startsOn < today(deps)) throw badRequest('签约开始日期不能早于今天', 'startsOn');
  const now = deps.clock.now();
  try {
    await db.transaction().execute(async (tx) => {
      await repo.endLapsedContracts(tx, personId, today(deps), now);
      await repo.insertContract(tx, {
        id: newId(now),
        person_id: personId,
        team_id: team.id,
        village_facility_id: input.villageClinicId ?? null,
        starts_on: startsOn,
        ends_on: addDays(addDays(startsOn, 365), -1),
        status: 'active',
        active_key: personId,
        signed_by_staff_id: staff.staffId,
        created_at: now,
        ended_at: null,
      });
      await recordStaffAccess(deps, tx, { staff, personId, facilityId, action: 'contract.sign', requestId, detail: team.name });
    });
  } catch (err) {
    if (await repo.activeContract(db, personId, today(deps))) throw conflict('该居民已有有效的家庭医生签约', 'personId');
    throw err;
  }
  return (await contractForStaff(deps, staff, personId))!;
}

// ---- long prescriptions -----------------------------------------------------------------------------

export interface PrescriberFacts {
  staff: StaffActor;
  title: DoctorTitle | null;
}

export async function prescriberOf(deps: AppDeps, staff: StaffActor): Promise<PrescriberFacts> {
  const doctor = staff.doctorId ? await deps.database.db.selectFrom('doctor').select('title').where('id', '=', staff.doctorId).executeTakeFirst() : undefined;
  return { staff, title: (doctor?.title as DoctorTitle | undefined) ?? null };
}

export interface PreparedPrescription {
  items: Omit<LongPrescriptionItemTable, 'id' | 'prescription_id'>[];
  /** The same lines as the reimbursement engine sees them. */
  bill: BillLine[];
  totalFen: number;
  daysOfSupply: number;
}

/**
 * Checks a prescription against the formulary and the rules in @ygt/shared and prices it. The
 * first rule broken becomes a 400 naming its field; nothing is written.
 */
export async function preparePrescription(
  deps: AppDeps,
  personId: string,
  items: LongPrescriptionItemInput[],
  facts: { isFirst: boolean; inPerson: boolean; prescriber: PrescriberFacts; assessment: string | null; patientConfirmed: boolean },
): Promise<PreparedPrescription> {
  const db = deps.database.db;
  const drugs = new Map((await pharmacyRepo.drugsByIds(db, items.map((i) => i.drugId))).map((d) => [d.id, d]));
  items.forEach((item, i) => {
    if (!drugs.get(item.drugId)?.active) throw badRequest('该药品不在药品目录中或已停用', `items.${i}.drugId`);
  });
  const certified = (await repo.conditionsOf(db, personId, true)).map((c) => c.code);
  const violations = checkLongPrescription({
    items: items.map((item) => ({ drugId: item.drugId, conditionCode: item.conditionCode, daysOfSupply: item.daysOfSupply, drug: drugFacts(drugs.get(item.drugId)!) })),
    listedConditionCodes: deps.config.prescriptions.conditionCodes,
    certifiedConditionCodes: certified,
    isFirst: facts.isFirst,
    inPerson: facts.inPerson,
    prescriberTitle: facts.prescriber.title,
    assessment: facts.assessment,
    patientConfirmed: facts.patientConfirmed,
  });
  if (violations.length) throw badRequest(violations[0].message, violations[0].field);

  const rows = items.map((item, i) => {
    const d = drugs.get(item.drugId)!;
    const packs = packsNeeded(item, d.pack_size);
    return {
      line_no: i + 1,
      drug_id: d.id,
      condition_code: item.conditionCode,
      dose: String(item.dose),
      frequency: item.frequency,
      days_of_supply: item.daysOfSupply,
      usage: item.usage ?? null,
      quantity_packs: packs,
      unit_price_fen: d.price_fen,
      amount_fen: packs * d.price_fen,
    };
  });
  return {
    items: rows,
    bill: rows.map((r) => {
      const d = drugs.get(r.drug_id)!;
      return { genericName: d.generic_name, conditionCode: r.condition_code, catalogueClass: d.insurance_class as CatalogueClass, amountFen: r.amount_fen, quantity: r.quantity_packs };
    }),
    totalFen: rows.reduce((sum, r) => sum + r.amount_fen, 0),
    daysOfSupply: Math.min(...items.map((i) => i.daysOfSupply)),
  };
}

/** The rows of a new prescription, ready to insert. */
export function prescriptionRows(
  deps: AppDeps,
  input: {
    id: string;
    personId: string;
    prepared: PreparedPrescription;
    prescriber: PrescriberFacts;
    facilityId: string;
    isFirst: boolean;
    inPerson: boolean;
    assessment: string | null;
    patientConfirmedAt: number | null;
    healthAdvice: string | null;
    previousId: string | null;
    renewalId: string | null;
  },
): { row: LongPrescriptionTable; items: LongPrescriptionItemTable[] } {
  const now = deps.clock.now();
  const issuedOn = today(deps);
  return {
    row: {
      id: input.id,
      person_id: input.personId,
      previous_id: input.previousId,
      renewal_id: input.renewalId,
      status: 'active',
      is_first: input.isFirst ? 1 : 0,
      in_person: input.inPerson ? 1 : 0,
      prescriber_staff_id: input.prescriber.staff.staffId,
      prescriber_doctor_id: input.prescriber.staff.doctorId,
      prescriber_name: input.prescriber.staff.name,
      prescriber_title: input.prescriber.title,
      facility_id: input.facilityId,
      assessment: input.assessment,
      patient_confirmed_at: input.patientConfirmedAt,
      health_advice: input.healthAdvice,
      issued_on: issuedOn,
      issued_at: now,
      supply_start_on: issuedOn,
      days_of_supply: input.prepared.daysOfSupply,
      items_total_fen: input.prepared.totalFen,
      review_flag_reason: null,
      flagged_at: null,
      stop_reason: null,
      stopped_at: null,
      updated_at: now,
    },
    items: input.prepared.items.map((item) => ({ ...item, id: newId(now), prescription_id: input.id })),
  };
}

/** A doctor issues a long prescription in the console (the first one needs an in-person visit). */
export async function issueLongPrescription(deps: AppDeps, staff: StaffActor, personId: string, input: IssueLongPrescription, requestId?: string): Promise<LongPrescription> {
  const { facilityId } = await requireCareScope(deps, staff, personId);
  const db = deps.database.db;
  const prescriber = await prescriberOf(deps, staff);
  const isFirst = isFirstLongPrescription(
    (await repo.prescriptionStatuses(db, personId)).map((p) => ({ status: p.status as LongPrescriptionStatus })),
  );
  const prepared = await preparePrescription(deps, personId, input.items, {
    isFirst,
    inPerson: input.inPerson,
    prescriber,
    assessment: input.assessment ?? null,
    patientConfirmed: input.patientConfirmed,
  });
  const id = newId(deps.clock.now());
  const { row, items } = prescriptionRows(deps, {
    id,
    personId,
    prepared,
    prescriber,
    facilityId,
    isFirst,
    inPerson: input.inPerson,
    assessment: input.assessment ?? null,
    patientConfirmedAt: input.patientConfirmed ? deps.clock.now() : null,
    healthAdvice: input.healthAdvice ?? null,
    previousId: null,
    renewalId: null,
  });
  await db.transaction().execute(async (tx) => {
    await repo.insertPrescription(tx, row, items);
    await recordStaffAccess(deps, tx, { staff, personId, facilityId, action: 'prescription.issue', requestId, detail: isFirst ? '首次开具' : undefined });
  });
  return (await prescriptionViews(deps, [(await repo.getPrescription(db, id))!], false))[0];
}

// ---- views ---------------------------------------------------------------------------------------------

export function itemView(row: repo.ItemRow): LongPrescriptionItem {
  const frequency = row.frequency as Frequency;
  return {
    id: row.id,
    drugId: row.drug_id,
    genericName: row.generic_name,
    strength: row.strength,
    form: row.form,
    conditionCode: row.condition_code,
    conditionName: chronicConditionDef(row.condition_code)?.name ?? row.condition_code,
    dose: Number(row.dose),
    unit: row.unit,
    frequency,
    frequencyLabel: FREQUENCIES[frequency].label,
    usage: row.usage,
    daysOfSupply: row.days_of_supply,
    quantityPacks: row.quantity_packs,
    packUnit: row.pack_unit,
    unitPriceFen: row.unit_price_fen,
    amountFen: row.amount_fen,
    insuranceClass: row.insurance_class as LongPrescriptionItem['insuranceClass'],
  };
}

/** '苯磺酸氨氯地平片等2种': how messages and lists name a prescription's medicines. */
export function medicineSummary(items: { genericName: string }[]): string {
  if (!items.length) return '';
  return items.length === 1 ? items[0].genericName : `${items[0].genericName}等${items.length}种`;
}

export async function prescriptionViews(deps: AppDeps, rows: repo.PrescriptionRow[], maskPatient: boolean): Promise<LongPrescription[]> {
  const db = deps.database.db;
  const ids = rows.map((r) => r.id);
  const items = await repo.itemsOf(db, ids);
  const open = new Map((await repo.openRenewalsOf(db, ids)).map((r) => [r.prescription_id, r.id]));
  const teamNames = new Map<string, string | null>();
  for (const personId of new Set(rows.map((r) => r.person_id))) {
    const contract = await repo.activeContract(db, personId, today(deps));
    teamNames.set(personId, contract ? ((await repo.getTeam(db, contract.team_id))?.name ?? null) : null);
  }
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    patientName: maskPatient ? maskName(r.person_name) : r.person_name,
    status: r.status as LongPrescriptionStatus,
    statusLabel: LONG_PRESCRIPTION_STATUS_LABELS[r.status as LongPrescriptionStatus],
    isFirst: r.is_first === 1,
    inPerson: r.in_person === 1,
    prescriber: {
      name: r.prescriber_name,
      titleLabel: r.prescriber_title ? DOCTOR_TITLE_LABELS[r.prescriber_title as DoctorTitle] : '—',
      facilityName: r.facility_name,
    },
    issuedOn: r.issued_on,
    issuedAt: Number(r.issued_at),
    assessment: r.assessment,
    patientConfirmedAt: r.patient_confirmed_at === null ? null : Number(r.patient_confirmed_at),
    healthAdvice: r.health_advice,
    items: items.filter((i) => i.prescription_id === r.id).map(itemView),
    itemsTotalFen: r.items_total_fen,
    supply: {
      supplyStartOn: r.supply_start_on,
      daysOfSupply: r.days_of_supply,
      ...supplyStatus(r.supply_start_on, r.days_of_supply, today(deps), deps.config.prescriptions.renewalWindowDays),
    },
    reviewFlag: r.review_flag_reason ? { reason: r.review_flag_reason, flaggedAt: Number(r.flagged_at) } : null,
    stopReason: r.stop_reason,
    previousId: r.previous_id,
    openRenewalId: open.get(r.id) ?? null,
    familyDoctorTeam: teamNames.get(r.person_id) ?? null,
  }));
}

/** A prescription of a patient in the staff member's care scope; anything else is 404. */
async function prescriptionInScope(deps: AppDeps, staff: StaffActor, prescriptionId: string) {
  const row = await repo.getPrescription(deps.database.db, prescriptionId);
  const scope = row && (await requireCareScope(deps, staff, row.person_id).catch(() => null));
  if (!row || !scope) throw notFound('未找到该长期处方', 'prescriptionId');
  return { row, facilityId: scope.facilityId };
}

/** A prescription staff may see, audited as a prescription read. */
export async function getPrescriptionForStaff(deps: AppDeps, staff: StaffActor, prescriptionId: string, requestId?: string): Promise<LongPrescription> {
  const { row, facilityId } = await prescriptionInScope(deps, staff, prescriptionId);
  await recordStaffAccess(deps, deps.database.db, { staff, personId: row.person_id, facilityId, action: 'prescription.view', requestId });
  return (await prescriptionViews(deps, [row], false))[0];
}

export async function listPrescriptionsForStaff(deps: AppDeps, staff: StaffActor, personId: string, requestId?: string): Promise<LongPrescription[]> {
  const { facilityId } = await requireCareScope(deps, staff, personId);
  const rows = await repo.prescriptionsOf(deps.database.db, personId);
  await recordStaffAccess(deps, deps.database.db, { staff, personId, facilityId, action: 'prescription.view', requestId, detail: '长期处方列表' });
  return prescriptionViews(deps, rows, false);
}

/** The resident's view: prescriptions in force and stopped ones (so the reason is visible). */
export async function listPrescriptionsForResident(deps: AppDeps, actor: ResidentActor, memberId: string): Promise<LongPrescription[]> {
  const member = await requireMemberForHealth(deps, actor, memberId);
  return prescriptionViews(deps, await repo.prescriptionsOf(deps.database.db, member.personId, ['active', 'stopped']), true);
}

export async function getPrescriptionForResident(deps: AppDeps, actor: ResidentActor, memberId: string, prescriptionId: string): Promise<LongPrescription> {
  const member = await requireMemberForHealth(deps, actor, memberId);
  const row = await repo.getPrescription(deps.database.db, prescriptionId);
  if (!row || row.person_id !== member.personId) throw notFound('未找到该长期处方', 'prescriptionId');
  return (await prescriptionViews(deps, [row], true))[0];
}

/** 停用: the doctor stops a prescription; the patient restarts later as a first prescription. */
export async function stopPrescription(deps: AppDeps, staff: StaffActor, prescriptionId: string, reason: string, requestId?: string): Promise<LongPrescription> {
  const db = deps.database.db;
  const { row, facilityId } = await prescriptionInScope(deps, staff, prescriptionId);
  const now = deps.clock.now();
  await db.transaction().execute(async (tx) => {
    if (!(await repo.movePrescription(tx, prescriptionId, 'active', { status: 'stopped', stop_reason: reason, stopped_at: now, updated_at: now }))) {
      throw conflict(`该处方${LONG_PRESCRIPTION_STATUS_LABELS[row.status as LongPrescriptionStatus]}，不能停用`, 'prescriptionId');
    }
    // A renewal still waiting has nothing left to renew.
    const open = await repo.openRenewalsOf(tx, [prescriptionId]);
    for (const r of open) {
      await repo.moveRenewal(tx, r.id, 'pending_review', {
        status: 'rejected',
        open_key: null,
        reviewed_at: now,
        reviewer_staff_id: staff.staffId,
        reviewer_name: staff.name,
        reject_reason: `处方已停用：${reason}`,
      });
    }
    await recordStaffAccess(deps, tx, { staff, personId: row.person_id, facilityId, action: 'prescription.stop', requestId, detail: reason });
  });
  return (await prescriptionViews(deps, [(await repo.getPrescription(db, prescriptionId))!], false))[0];
}

/** After review the doctor finds the flagged patient stable after all: renewals open again. */
export async function clearReviewFlag(deps: AppDeps, staff: StaffActor, prescriptionId: string, requestId?: string): Promise<LongPrescription> {
  const db = deps.database.db;
  const { row, facilityId } = await prescriptionInScope(deps, staff, prescriptionId);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.clearReviewFlag(tx, prescriptionId, deps.clock.now()))) throw conflict('该处方没有待复核的标记', 'prescriptionId');
    await recordStaffAccess(deps, tx, { staff, personId: row.person_id, facilityId, action: 'prescription.resume', requestId });
  });
  return (await prescriptionViews(deps, [(await repo.getPrescription(db, prescriptionId))!], false))[0];
}

// ---- pickup points ----------------------------------------------------------------------------------

/**
 * Where a person may collect medicine (县采镇配): the township centres and village clinics they
 * are registered at, and their contract's township and village clinic.
 */
export async function pickupPointsOf(deps: AppDeps, personId: string) {
  const db = deps.database.db;
  const reasons = new Map<string, string>();
  const registered = await db.selectFrom('patient_facility').select('facility_id').where('person_id', '=', personId).execute();
  for (const r of registered) reasons.set(r.facility_id, '建档机构');
  const contract = await repo.activeContract(db, personId, today(deps));
  if (contract) {
    const team = await repo.getTeam(db, contract.team_id);
    if (team) reasons.set(team.facility_id, '签约团队所在卫生院');
    if (contract.village_facility_id) reasons.set(contract.village_facility_id, '签约村卫生室');
  }
  if (!reasons.size) return [];
  const facilities = await db
    .selectFrom('facility')
    .select(['id', 'name', 'level', 'address'])
    .where('id', 'in', [...reasons.keys()])
    .where('level', 'in', ['township', 'village'])
    .orderBy('sort_order')
    .execute();
  return facilities.map((f) => ({ id: f.id, name: f.name, level: f.level as 'township' | 'village', address: f.address, reason: reasons.get(f.id)! }));
}

export async function pickupPointsForResident(deps: AppDeps, actor: ResidentActor, memberId: string) {
  const member = await requireMemberForHealth(deps, actor, memberId);
  return pickupPointsOf(deps, member.personId);
}

/** A delivery address as responses show it: masked name, phone and house number. */
export function maskedDelivery(deps: AppDeps, o: { recipient_name: string | null; phone_enc: string | null; address_enc: string | null }) {
  if (!o.address_enc) return null;
  return {
    recipientName: maskName(o.recipient_name ?? ''),
    phone: o.phone_enc ? maskPhone(deps.crypto.decrypt(o.phone_enc)) : '',
    address: maskAddress(deps.crypto.decrypt(o.address_enc)),
  };
}
