import {
  type ApproveRenewal,
  checkRenewalWindow,
  LONG_PRESCRIPTION_STATUS_LABELS,
  LONG_RX_ASSESSMENT_ABOVE_DAYS,
  type LongPrescriptionItemInput,
  type LongPrescriptionStatus,
  localDate,
  maskName,
  missingReading,
  RENEWAL_STATUS_LABELS,
  type Renewal,
  type RenewalQueueItem,
  type RenewalStatus,
  type RequestRenewal,
  renewalApproved,
  renewalRejected,
  type StabilityCheck,
  type StopReason,
  stopReasons,
  supplyStatus,
  VISIT_DOCTOR_ADVICE,
  type Frequency,
} from '@ygt/shared';
import type { AppDeps } from '../../deps';
import type { ResidentActor, StaffActor } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import { notify } from '../notifications/outbox';
import { estimateOrderCoPay } from '../pharmacy/copay';
import { createMedicineOrder, dispensingPharmacy } from '../pharmacy/service';
import * as repo from './repo';
import {
  itemView,
  maskedDelivery,
  medicineSummary,
  pickupPointsOf,
  preparePrescription,
  prescriberOf,
  prescriptionRows,
  prescriptionViews,
  requireCareScope,
  requireMemberForHealth,
} from './service';

const today = (deps: AppDeps) => localDate(deps.clock.now());

// ---- views -------------------------------------------------------------------------------------

/** Where to book the visit a stop condition calls for: the contracted team, else the prescriber. */
async function bookingSuggestion(deps: AppDeps, personId: string, prescription: repo.PrescriptionRow) {
  const db = deps.database.db;
  const contract = await repo.activeContract(db, personId, today(deps));
  const team = contract ? await repo.getTeam(db, contract.team_id) : undefined;
  const facility = team ? { id: team.facility_id, name: team.facility_name } : { id: prescription.facility_id, name: prescription.facility_name };
  const doctor = team
    ? (await repo.teamMembers(db, [team.id])).find((m) => m.facility_id === team.facility_id)
    : prescription.prescriber_doctor_id
      ? await db.selectFrom('doctor').select(['id as doctor_id', 'name']).where('id', '=', prescription.prescriber_doctor_id).executeTakeFirst()
      : undefined;
  const query = new URLSearchParams({ facilityId: facility.id, ...(doctor ? { doctorId: doctor.doctor_id } : {}) });
  return {
    facility,
    doctor: doctor ? { id: doctor.doctor_id, name: doctor.name } : null,
    link: `/packages/booking/pages/index/index?${query.toString()}`,
  };
}

async function renewalViews(deps: AppDeps, rows: repo.RenewalRow[], maskPatient: boolean): Promise<Renewal[]> {
  const db = deps.database.db;
  const items = await repo.itemsOf(db, [...new Set(rows.map((r) => r.prescription_id))]);
  const out: Renewal[] = [];
  for (const r of rows) {
    const status = r.status as RenewalStatus;
    const prescription = status === 'needs_visit' ? await repo.getPrescription(db, r.prescription_id) : undefined;
    out.push({
      id: r.id,
      prescriptionId: r.prescription_id,
      personId: r.person_id,
      patientName: maskPatient ? maskName(r.person_name) : r.person_name,
      status,
      statusLabel: RENEWAL_STATUS_LABELS[status],
      medicineSummary: medicineSummary(items.filter((i) => i.prescription_id === r.prescription_id).map(itemView)),
      stabilityCheck: JSON.parse(r.answers) as StabilityCheck,
      stopReasons: r.stop_reasons ? (JSON.parse(r.stop_reasons) as StopReason[]) : [],
      advice: status === 'needs_visit' ? VISIT_DOCTOR_ADVICE : null,
      booking: prescription ? await bookingSuggestion(deps, r.person_id, prescription) : null,
      fulfilment: r.fulfilment as Renewal['fulfilment'],
      pickupFacility: r.pickup_facility_id ? { id: r.pickup_facility_id, name: r.pickup_facility_name ?? '' } : null,
      delivery: maskedDelivery(deps, r),
      requestedAt: Number(r.requested_at),
      reviewedAt: r.reviewed_at === null ? null : Number(r.reviewed_at),
      reviewerName: r.reviewer_name,
      rejectReason: r.reject_reason,
      pharmacistNote: r.pharmacist_note,
      newPrescriptionId: r.new_prescription_id,
      orderId: r.order_id,
    });
  }
  return out;
}

// ---- residents ---------------------------------------------------------------------------------

/**
 * 续方: the resident asks for a family member's renewal with a short stability check and the
 * way to get the medicine. Refused while more than the window's days of supply remain (with the
 * date it opens). Answers that meet a stop condition record the request as needs_visit, flag the
 * prescription for a doctor and answer with the reasons and where to book the visit.
 */
export async function requestRenewal(deps: AppDeps, actor: ResidentActor, memberId: string, prescriptionId: string, input: RequestRenewal): Promise<Renewal> {
  const member = await requireMemberForHealth(deps, actor, memberId);
  const db = deps.database.db;
  const rx = await repo.getPrescription(db, prescriptionId);
  if (!rx || rx.person_id !== member.personId) throw notFound('未找到该长期处方', 'prescriptionId');
  if (rx.status === 'stopped') throw conflict('该长期处方已停用，请到家庭医生处面诊，重新开具（按首次开具管理）', 'prescriptionId');
  if (rx.status !== 'active') throw conflict(`该处方${LONG_PRESCRIPTION_STATUS_LABELS[rx.status as LongPrescriptionStatus]}，请查看最新的长期处方`, 'prescriptionId');
  if (rx.review_flag_reason) throw conflict(`上次续方评估需要面诊（${rx.review_flag_reason}），请先到家庭医生处复诊`, 'prescriptionId');

  const window = deps.config.prescriptions.renewalWindowDays;
  const check = checkRenewalWindow(supplyStatus(rx.supply_start_on, rx.days_of_supply, today(deps), window), window);
  if (!check.ok) throw new AppError('RENEWAL_TOO_EARLY', check.message, 'renewalOpensOn');
  if ((await repo.openRenewalsOf(db, [rx.id])).length) throw conflict('该处方已有待医生审核的续方申请，请耐心等待', 'prescriptionId');

  const items = (await repo.itemsOf(db, [rx.id])).map(itemView);
  const missing = missingReading(input.stabilityCheck, items.map((i) => i.conditionCode));
  if (missing) throw badRequest(missing.message, missing.field);
  if (input.fulfilment === 'pickup') {
    const points = await pickupPointsOf(deps, member.personId);
    if (!points.some((p) => p.id === input.pickupFacilityId)) throw badRequest('请选择建档或签约的乡镇卫生院、村卫生室作为取药点', 'pickupFacilityId');
  }
  const longSupply = Math.max(...items.map((i) => i.daysOfSupply)) > LONG_RX_ASSESSMENT_ABOVE_DAYS;
  if (longSupply && !input.patientConfirmed) throw badRequest('该处方单次用量超过4周，请阅读并确认长期用药须知', 'patientConfirmed');

  const now = deps.clock.now();
  const reasons = stopReasons(input.stabilityCheck, deps.config.prescriptions.stopThresholds);
  const stop = reasons.length > 0;
  const delivery = input.fulfilment === 'delivery' ? input.delivery! : null;
  const id = newId(now);
  try {
    await db.transaction().execute(async (tx) => {
      await repo.insertRenewal(tx, {
        id,
        prescription_id: rx.id,
        person_id: member.personId,
        account_id: actor.accountId,
        status: stop ? 'needs_visit' : 'pending_review',
        open_key: stop ? null : rx.id,
        answers: JSON.stringify(input.stabilityCheck),
        stop_reasons: stop ? JSON.stringify(reasons) : null,
        fulfilment: input.fulfilment,
        pickup_facility_id: input.fulfilment === 'pickup' ? input.pickupFacilityId! : null,
        recipient_name: delivery?.recipientName ?? null,
        phone_enc: delivery ? deps.crypto.encrypt(delivery.phone) : null,
        address_enc: delivery ? deps.crypto.encrypt(delivery.address) : null,
        patient_confirmed_at: input.patientConfirmed ? now : null,
        requested_at: now,
        reviewed_at: null,
        reviewer_staff_id: null,
        reviewer_name: null,
        reject_reason: null,
        pharmacist_note: null,
        new_prescription_id: null,
        order_id: null,
      });
      if (stop) await repo.flagForReview(tx, rx.id, reasons.map((r) => r.message).join('；').slice(0, 300), now);
    });
  } catch (err) {
    // The unique open key decides two requests sent at once.
    if ((await repo.openRenewalsOf(db, [rx.id])).length) throw conflict('该处方已有待医生审核的续方申请，请耐心等待', 'prescriptionId');
    throw err;
  }
  return (await renewalViews(deps, [(await repo.getRenewal(db, id))!], true))[0];
}

export async function listRenewalsForResident(deps: AppDeps, actor: ResidentActor, memberId: string): Promise<Renewal[]> {
  const member = await requireMemberForHealth(deps, actor, memberId);
  return renewalViews(deps, await repo.renewalsOfPerson(deps.database.db, member.personId), true);
}

export async function getRenewalForResident(deps: AppDeps, actor: ResidentActor, renewalId: string): Promise<Renewal> {
  const db = deps.database.db;
  const r = await repo.getRenewal(db, renewalId);
  const link = r && (await db.selectFrom('family_member').select('id').where('account_id', '=', actor.accountId).where('person_id', '=', r.person_id).where('status', '=', 'active').where('removed_at', 'is', null).executeTakeFirst());
  if (!r || !link) throw notFound('未找到该续方申请', 'renewalId');
  await requireMemberForHealth(deps, actor, link.id);
  return (await renewalViews(deps, [r], true))[0];
}

// ---- the doctor's queue --------------------------------------------------------------------------

/** Renewals the doctor may review; the patients of the doctor's own teams first, then oldest first. */
export async function renewalQueue(deps: AppDeps, staff: StaffActor, status: RenewalStatus): Promise<RenewalQueueItem[]> {
  const db = deps.database.db;
  const rows = await repo.renewalQueue(db, status, staff.facilityIds, staff.doctorId, today(deps));
  const myTeams = await repo.teamIdsOfDoctor(db, staff.doctorId);
  const teams = await repo.contractTeamsOf(db, [...new Set(rows.map((r) => r.person_id))], today(deps));
  const items = rows.map((r) => {
    const team = teams.get(r.person_id);
    return {
      id: r.id,
      prescriptionId: r.prescription_id,
      personId: r.person_id,
      patientName: r.person_name,
      status: r.status as RenewalStatus,
      statusLabel: RENEWAL_STATUS_LABELS[r.status as RenewalStatus],
      fulfilment: r.fulfilment as RenewalQueueItem['fulfilment'],
      requestedAt: Number(r.requested_at),
      returnedByPharmacist: r.pharmacist_note !== null && r.status === 'pending_review',
      myTeam: team ? myTeams.includes(team.teamId) : false,
      familyDoctorTeam: team?.teamName ?? null,
    };
  });
  // Stable sort: within each group the repository's oldest-first order stays.
  return items.sort((a, b) => Number(b.myTeam) - Number(a.myTeam));
}

async function renewalInScope(deps: AppDeps, staff: StaffActor, renewalId: string) {
  const r = await repo.getRenewal(deps.database.db, renewalId);
  const scope = r && (await requireCareScope(deps, staff, r.person_id).catch(() => null));
  if (!r || !scope) throw notFound('未找到该续方申请', 'renewalId');
  return { r, ...scope };
}

/** The request with the prescription it renews; audited as a prescription read. */
export async function getRenewalReview(deps: AppDeps, staff: StaffActor, renewalId: string, requestId?: string) {
  const { r, facilityId, myTeam } = await renewalInScope(deps, staff, renewalId);
  const db = deps.database.db;
  await recordStaffAccess(deps, db, { staff, personId: r.person_id, facilityId, action: 'prescription.view', requestId, detail: '续方审核' });
  const [renewal] = await renewalViews(deps, [r], false);
  const [prescription] = await prescriptionViews(deps, [(await repo.getPrescription(db, r.prescription_id))!], false);
  return { renewal, prescription, myTeam };
}

/**
 * 审核通过: issues the renewed prescription (with an optional 健康处方) and its medicine order
 * for the pharmacist's review. The renewal moves pending_review -> approved with a conditional
 * UPDATE inside the transaction, so of concurrent approvals exactly one issues a prescription;
 * the others, and any later approval, get 409.
 */
export async function approveRenewal(deps: AppDeps, staff: StaffActor, renewalId: string, input: ApproveRenewal, requestId?: string) {
  const { r, facilityId } = await renewalInScope(deps, staff, renewalId);
  if (r.status !== 'pending_review') throw conflict(`该续方申请${RENEWAL_STATUS_LABELS[r.status as RenewalStatus]}，不能再审核`, 'renewalId');
  const db = deps.database.db;
  const previous = (await repo.getPrescription(db, r.prescription_id))!;
  if (previous.status !== 'active') throw conflict('原处方已不在有效状态，不能续方', 'renewalId');

  const items: LongPrescriptionItemInput[] =
    input.items ??
    (await repo.itemsOf(db, [previous.id])).map((i) => ({
      drugId: i.drug_id,
      conditionCode: i.condition_code,
      dose: Number(i.dose),
      frequency: i.frequency as Frequency,
      daysOfSupply: i.days_of_supply,
      ...(i.usage ? { usage: i.usage } : {}),
    }));
  const prescriber = await prescriberOf(deps, staff);
  // A renewal of a prescription in force is never a first one: no in-person visit needed.
  const prepared = await preparePrescription(deps, r.person_id, items, {
    isFirst: false,
    inPerson: false,
    prescriber,
    assessment: input.assessment ?? null,
    patientConfirmed: r.patient_confirmed_at !== null,
  });
  const pharmacy = await dispensingPharmacy(deps);
  const estimate = await estimateOrderCoPay(deps, r.person_id, pharmacy.level, prepared.bill);

  const now = deps.clock.now();
  const prescriptionId = newId(now);
  const orderId = newId(now);
  const { row, items: itemRows } = prescriptionRows(deps, {
    id: prescriptionId,
    personId: r.person_id,
    prepared,
    prescriber,
    facilityId,
    isFirst: false,
    inPerson: false,
    assessment: input.assessment ?? null,
    patientConfirmedAt: r.patient_confirmed_at === null ? null : Number(r.patient_confirmed_at),
    // The 健康处方 carries over unless the doctor writes a new one.
    healthAdvice: input.healthAdvice ?? previous.health_advice,
    previousId: previous.id,
    renewalId: r.id,
  });
  await db.transaction().execute(async (tx) => {
    const won = await repo.moveRenewal(tx, r.id, 'pending_review', {
      status: 'approved',
      open_key: null,
      reviewed_at: now,
      reviewer_staff_id: staff.staffId,
      reviewer_name: staff.name,
      new_prescription_id: prescriptionId,
      order_id: orderId,
    });
    if (!won) throw conflict('该续方申请已被审核，不能重复审核', 'renewalId');
    if (!(await repo.movePrescription(tx, previous.id, 'active', { status: 'renewed', updated_at: now }))) {
      throw conflict('原处方已不在有效状态，不能续方', 'renewalId');
    }
    await repo.insertPrescription(tx, row, itemRows);
    const requester = await tx.selectFrom('person').select('name').where('own_account_id', '=', r.account_id).executeTakeFirst();
    await createMedicineOrder(deps, tx, {
      id: orderId,
      renewal: r,
      prescriptionId,
      pharmacyId: pharmacy.id,
      estimate,
      doctor: staff,
      doctorFacilityId: facilityId,
      requesterName: requester ? maskName(requester.name) : '居民',
    });
    await notify(deps, tx, {
      ...renewalApproved({
        renewalId: r.id,
        patientName: r.person_name,
        medicineSummary: medicineSummary(prepared.bill),
        doctorName: staff.name,
        approvedAt: now,
      }),
      eventKey: `renewal_approved:${r.id}:${prescriptionId}`,
      personId: r.person_id,
    });
    await recordStaffAccess(deps, tx, { staff, personId: r.person_id, facilityId, action: 'prescription.renew', requestId });
  });
  return getRenewalReview(deps, staff, renewalId, requestId);
}

/** 审核不通过 with a reason the family reads; the prescription stays as it was. */
export async function rejectRenewal(deps: AppDeps, staff: StaffActor, renewalId: string, reason: string, requestId?: string) {
  const { r, facilityId } = await renewalInScope(deps, staff, renewalId);
  const db = deps.database.db;
  const now = deps.clock.now();
  const items = (await repo.itemsOf(db, [r.prescription_id])).map(itemView);
  await db.transaction().execute(async (tx) => {
    const won = await repo.moveRenewal(tx, r.id, 'pending_review', {
      status: 'rejected',
      open_key: null,
      reviewed_at: now,
      reviewer_staff_id: staff.staffId,
      reviewer_name: staff.name,
      reject_reason: reason,
    });
    if (!won) throw conflict(`该续方申请${RENEWAL_STATUS_LABELS[r.status as RenewalStatus]}，不能再审核`, 'renewalId');
    await notify(deps, tx, {
      ...renewalRejected({ renewalId: r.id, patientName: r.person_name, medicineSummary: medicineSummary(items), doctorName: staff.name, reason }),
      eventKey: `renewal_rejected:${r.id}`,
      personId: r.person_id,
    });
    await recordStaffAccess(deps, tx, { staff, personId: r.person_id, facilityId, action: 'prescription.renew', requestId, detail: `续方不通过：${reason}` });
  });
  return getRenewalReview(deps, staff, renewalId, requestId);
}
