import { randomInt } from 'node:crypto';
import {
  absoluteExclusion,
  canApplyOrderAction,
  CATALOGUE_CLASS_LABELS,
  type CatalogueClass,
  type CreateDrug,
  type Drug,
  type FacilityLevel,
  type Fulfilment,
  localDate,
  MEDICINE_ORDER_ACTIONS,
  MEDICINE_ORDER_STATE_LABELS,
  type MedicineOrder,
  type MedicineOrderAction,
  type MedicineOrderState,
  type MedicineOrderSummary,
  maskName,
  maskResidentId,
  medicineReadyForPickup,
  medicineShipped,
  OPEN_MEDICINE_ORDER_STATES,
  orderEventLabel,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { DrugTable } from '../../db/schema/drug';
import type { MedicineOrderEventTable } from '../../db/schema/medicine-order-event';
import type { MedicineOrderTable } from '../../db/schema/medicine-order';
import type { AppDeps } from '../../deps';
import { type ResidentActor, rateLimit, type StaffActor } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import { notify } from '../notifications/outbox';
import { cancelUnpaidOrder, createPaymentOrder, liveOrderOf, scheduleRefund, submitRefund } from '../payments/service';
import * as rxRepo from '../prescriptions/repo';
import { itemView, maskedDelivery, medicineSummary, requireMemberForHealth } from '../prescriptions/service';
import { type BillLine, type CoPayQuote, reverseOrderCoPay, settleOrderCoPay } from './copay';
import { drugFacts } from './drug';
import { PRESCRIPTION_PAYABLE } from './payable';
import * as repo from './repo';

// ---- formulary ---------------------------------------------------------------------------------

function drugView(d: DrugTable): Drug {
  const facts = drugFacts(d);
  const { genericName: _name, ...flags } = facts;
  const excluded = absoluteExclusion(facts);
  return {
    id: d.id,
    code: d.code,
    genericName: d.generic_name,
    strength: d.strength,
    form: d.form,
    unit: d.unit,
    packSize: d.pack_size,
    packUnit: d.pack_unit,
    priceFen: d.price_fen,
    insuranceClass: d.insurance_class as CatalogueClass,
    insuranceClassLabel: CATALOGUE_CLASS_LABELS[d.insurance_class as CatalogueClass],
    flags,
    longPrescription: {
      allowed: excluded === null,
      note: excluded ?? (d.antimicrobial === 1 ? '仅限结核病等慢性感染性疾病的长期处方' : null),
    },
    active: d.active === 1,
  };
}

export async function listFormulary(deps: AppDeps, q: { q?: string; longPrescription?: '0' | '1' }): Promise<Drug[]> {
  const drugs = (await repo.listDrugs(deps.database.db, q.q)).map(drugView);
  return q.longPrescription === '1' ? drugs.filter((d) => d.active && d.longPrescription.allowed) : drugs;
}

/** The dispensing pharmacy (县采镇配): configured by code, else the community's central pharmacy. */
export async function dispensingPharmacy(deps: AppDeps, db: Db = deps.database.db) {
  const code = deps.config.prescriptions.pharmacyCode;
  let q = db.selectFrom('facility').select(['id', 'name', 'level']);
  q = code ? q.where('code', '=', code) : q.where('kind', '=', 'central_pharmacy').orderBy('sort_order');
  const pharmacy = await q.executeTakeFirst();
  if (!pharmacy) throw new AppError('UNAVAILABLE', '暂未设置配送药房，请联系医共体管理员');
  return { id: pharmacy.id, name: pharmacy.name, level: pharmacy.level as FacilityLevel };
}

/** The formulary is kept by pharmacists of the dispensing pharmacy, for the whole community. */
async function requireFormularyKeeper(deps: AppDeps, staff: StaffActor) {
  const pharmacy = await dispensingPharmacy(deps);
  if (!staff.facilityIds.includes(pharmacy.id)) throw new AppError('FORBIDDEN', '药品目录由中心药房药师维护');
}

export async function createDrug(deps: AppDeps, staff: StaffActor, input: CreateDrug): Promise<Drug> {
  await requireFormularyKeeper(deps, staff);
  const db = deps.database.db;
  if (await repo.findDrugByCode(db, input.code)) throw conflict('药品编码已存在', 'code');
  const f = input.flags;
  if (f.chronicInfectionException && !f.antimicrobial) throw badRequest('只有抗菌药物才能标记为慢性感染例外', 'flags.chronicInfectionException');
  const now = deps.clock.now();
  const row: DrugTable = {
    id: newId(now),
    code: input.code,
    generic_name: input.genericName,
    strength: input.strength,
    form: input.form,
    unit: input.unit,
    pack_size: input.packSize,
    pack_unit: input.packUnit,
    price_fen: input.priceFen,
    insurance_class: input.insuranceClass,
    toxic: f.toxic ? 1 : 0,
    radioactive: f.radioactive ? 1 : 0,
    precursor: f.precursor ? 1 : 0,
    narcotic: f.narcotic ? 1 : 0,
    psychotropic: f.psychotropic ?? null,
    antimicrobial: f.antimicrobial ? 1 : 0,
    chronic_infection_exception: f.chronicInfectionException ? 1 : 0,
    special_storage: f.specialStorage ? 1 : 0,
    active: 1,
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertDrug(db, row);
  } catch (err) {
    if (await repo.findDrugByCode(db, input.code)) throw conflict('药品编码已存在', 'code');
    throw err;
  }
  return drugView(row);
}

/** Price, class and availability change; prescriptions already issued keep the price they were issued at. */
export async function updateDrug(deps: AppDeps, staff: StaffActor, drugId: string, patch: { priceFen?: number; insuranceClass?: CatalogueClass; active?: boolean }): Promise<Drug> {
  await requireFormularyKeeper(deps, staff);
  const db = deps.database.db;
  const ok = await repo.updateDrug(db, drugId, {
    ...(patch.priceFen !== undefined ? { price_fen: patch.priceFen } : {}),
    ...(patch.insuranceClass ? { insurance_class: patch.insuranceClass } : {}),
    ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
    updated_at: deps.clock.now(),
  });
  if (!ok) throw notFound('未找到该药品', 'drugId');
  return drugView((await repo.getDrug(db, drugId))!);
}

// ---- orders: creation and views ---------------------------------------------------------------------

interface EventActor {
  type: 'staff' | 'resident' | 'system';
  id: string | null;
  name: string;
  facilityId: string | null;
}
const staffActor = (staff: StaffActor, facilityId: string | null): EventActor => ({ type: 'staff', id: staff.staffId, name: staff.name, facilityId });

function event(deps: AppDeps, orderId: string, action: string, state: MedicineOrderState, actor: EventActor, note: string | null = null, at = deps.clock.now()): MedicineOrderEventTable {
  return { id: newId(deps.clock.now()), order_id: orderId, action, state, actor_type: actor.type, actor_id: actor.id, actor_name: actor.name, facility_id: actor.facilityId, note, at };
}

/**
 * Called inside the renewal approval: the order starts at 审方 with the estimated co-pay. The
 * timeline opens with the resident's request and the doctor's approval.
 */
export async function createMedicineOrder(
  deps: AppDeps,
  tx: Db,
  input: {
    id: string;
    renewal: rxRepo.RenewalRow;
    prescriptionId: string;
    pharmacyId: string;
    estimate: CoPayQuote;
    doctor: StaffActor;
    doctorFacilityId: string;
    requesterName: string;
  },
) {
  const now = deps.clock.now();
  const r = input.renewal;
  await repo.insertOrder(tx, {
    id: input.id,
    renewal_id: r.id,
    prescription_id: input.prescriptionId,
    person_id: r.person_id,
    account_id: r.account_id,
    pharmacy_facility_id: input.pharmacyId,
    state: 'pharmacist_review',
    fulfilment: r.fulfilment,
    pickup_facility_id: r.pickup_facility_id,
    recipient_name: r.recipient_name,
    phone_enc: r.phone_enc,
    address_enc: r.address_enc,
    items_total_fen: input.estimate.itemsTotalFen,
    insurance_fen: input.estimate.insuranceFen,
    copay_fen: input.estimate.amountFen,
    benefit_label: input.estimate.benefitLabel,
    copay_steps: JSON.stringify(input.estimate.steps),
    settlement_keys: '[]',
    payment_order_id: null,
    paid_at: null,
    refunded_at: null,
    courier: null,
    tracking_no: null,
    pickup_code: null,
    picked_up_kind: null,
    proxy_name: null,
    proxy_id_enc: null,
    return_reason: null,
    created_at: now,
    updated_at: now,
  });
  await repo.insertEvents(tx, [
    event(deps, input.id, 'requested', 'pharmacist_review', { type: 'resident', id: r.account_id, name: input.requesterName, facilityId: null }, null, Number(r.requested_at)),
    event(deps, input.id, 'renewal_approved', 'pharmacist_review', staffActor(input.doctor, input.doctorFacilityId)),
  ]);
}

async function orderViews(deps: AppDeps, rows: repo.OrderRow[], audience: 'resident' | 'staff'): Promise<MedicineOrder[]> {
  const db = deps.database.db;
  const items = await rxRepo.itemsOf(db, [...new Set(rows.map((r) => r.prescription_id))]);
  const events = await repo.eventsOf(db, rows.map((r) => r.id));
  return rows.map((o) => {
    const state = o.state as MedicineOrderState;
    return {
      id: o.id,
      personId: o.person_id,
      patientName: audience === 'resident' ? maskName(o.person_name) : o.person_name,
      prescriptionId: o.prescription_id,
      renewalId: o.renewal_id,
      state,
      stateLabel: MEDICINE_ORDER_STATE_LABELS[state],
      fulfilment: o.fulfilment as Fulfilment,
      pharmacy: { id: o.pharmacy_facility_id, name: o.pharmacy_name },
      pickupFacility: o.pickup_facility_id ? { id: o.pickup_facility_id, name: o.pickup_facility_name ?? '' } : null,
      delivery: maskedDelivery(deps, o),
      items: items.filter((i) => i.prescription_id === o.prescription_id).map(itemView),
      healthAdvice: o.health_advice,
      coPay: {
        itemsTotalFen: o.items_total_fen,
        insuranceFen: o.insurance_fen,
        amountFen: o.copay_fen,
        benefitLabel: o.benefit_label,
        steps: JSON.parse(o.copay_steps) as string[],
        paymentOrderId: o.payment_order_id,
        paidAt: o.paid_at === null ? null : Number(o.paid_at),
        refundedAt: o.refunded_at === null ? null : Number(o.refunded_at),
      },
      courier: o.courier,
      trackingNo: o.tracking_no,
      // Only the resident sees the code, and only while it is needed.
      pickupCode: audience === 'resident' && state === 'ready_for_pickup' ? o.pickup_code : null,
      pickedUpBy: o.picked_up_kind
        ? {
            kind: o.picked_up_kind as 'self' | 'proxy',
            proxyName: o.proxy_name ? maskName(o.proxy_name) : null,
            proxyIdNumber: o.proxy_id_enc ? maskResidentId(deps.crypto.decrypt(o.proxy_id_enc)) : null,
          }
        : null,
      returnReason: o.return_reason,
      cancellable: audience === 'resident' && (MEDICINE_ORDER_ACTIONS.cancel.from as readonly string[]).includes(state),
      timeline: events
        .filter((e) => e.order_id === o.id)
        .map((e) => ({ action: e.action, label: orderEventLabel(e.action), state: e.state as MedicineOrderState, actorName: e.actor_name, facilityName: e.facility_name, note: e.note, at: Number(e.at) })),
      createdAt: Number(o.created_at),
    };
  });
}

async function orderSummaries(deps: AppDeps, rows: repo.OrderRow[]): Promise<MedicineOrderSummary[]> {
  const items = await rxRepo.itemsOf(deps.database.db, [...new Set(rows.map((r) => r.prescription_id))]);
  return rows.map((o) => ({
    id: o.id,
    personId: o.person_id,
    patientName: o.person_name,
    state: o.state as MedicineOrderState,
    stateLabel: MEDICINE_ORDER_STATE_LABELS[o.state as MedicineOrderState],
    fulfilment: o.fulfilment as Fulfilment,
    pharmacy: { id: o.pharmacy_facility_id, name: o.pharmacy_name },
    pickupFacility: o.pickup_facility_id ? { id: o.pickup_facility_id, name: o.pickup_facility_name ?? '' } : null,
    itemCount: items.filter((i) => i.prescription_id === o.prescription_id).length,
    coPayFen: o.copay_fen,
    createdAt: Number(o.created_at),
    updatedAt: Number(o.updated_at),
  }));
}

// ---- staff: the pharmacy board and the pickup clinic ------------------------------------------------

/** A pharmacist acts only on orders of their own pharmacy; anything else is 404. */
async function orderOfPharmacist(deps: AppDeps, staff: StaffActor, orderId: string) {
  const order = await repo.getOrder(deps.database.db, orderId);
  if (!order || !staff.facilityIds.includes(order.pharmacy_facility_id)) throw notFound('未找到该药品订单', 'orderId');
  return order;
}

/** Clinic staff act only on orders sent to their clinic for pickup. */
async function orderAtClinic(deps: AppDeps, staff: StaffActor, orderId: string) {
  const order = await repo.getOrder(deps.database.db, orderId);
  if (!order?.pickup_facility_id || !staff.facilityIds.includes(order.pickup_facility_id)) throw notFound('未找到该药品订单', 'orderId');
  return order;
}

export async function pharmacyBoard(deps: AppDeps, staff: StaffActor, state?: MedicineOrderState) {
  return orderSummaries(deps, await repo.ordersOfPharmacy(deps.database.db, staff.facilityIds, state ? [state] : OPEN_MEDICINE_ORDER_STATES));
}

export async function clinicOrders(deps: AppDeps, staff: StaffActor, state?: 'sent_to_clinic' | 'ready_for_pickup' | 'picked_up') {
  return orderSummaries(deps, await repo.ordersAtPickupPoints(deps.database.db, staff.facilityIds, state ? [state] : ['sent_to_clinic', 'ready_for_pickup']));
}

/** The order in full for the pharmacy or the pickup clinic; audited as a prescription read. */
export async function getOrderForStaff(deps: AppDeps, staff: StaffActor, orderId: string, requestId?: string): Promise<MedicineOrder> {
  const order = await repo.getOrder(deps.database.db, orderId);
  const facilityId = order && [order.pharmacy_facility_id, order.pickup_facility_id].find((f) => f && staff.facilityIds.includes(f));
  if (!order || !facilityId) throw notFound('未找到该药品订单', 'orderId');
  await recordStaffAccess(deps, deps.database.db, { staff, personId: order.person_id, facilityId, action: 'prescription.view', requestId, detail: '药品订单' });
  return (await orderViews(deps, [order], 'staff'))[0];
}

/**
 * One guarded move: allowed from the current state for this kind of order, then
 * `UPDATE ... WHERE state IN (from)`, so of two racing clicks one wins and the other gets 409.
 */
async function move(
  deps: AppDeps,
  tx: Db,
  order: repo.OrderRow,
  action: MedicineOrderAction,
  actor: EventActor,
  patch: Partial<MedicineOrderTable> = {},
  note: string | null = null,
) {
  const a = MEDICINE_ORDER_ACTIONS[action];
  if (!canApplyOrderAction(action, order.state as MedicineOrderState, order.fulfilment as Fulfilment)) {
    throw conflict(`订单当前为“${MEDICINE_ORDER_STATE_LABELS[order.state as MedicineOrderState]}”，不能执行“${a.label}”`, 'orderId');
  }
  if (!(await repo.moveOrder(tx, order.id, a.from, { ...patch, state: a.to, updated_at: deps.clock.now() }))) {
    throw conflict('订单状态刚刚发生了变化，请刷新后重试', 'orderId');
  }
  await repo.insertEvents(tx, [event(deps, order.id, action, a.to, actor, note)]);
}

async function orderItems(db: Db, order: repo.OrderRow) {
  return (await rxRepo.itemsOf(db, [order.prescription_id])).map(itemView);
}

/**
 * 审方通过: the firm co-pay is settled with the insurance module; the order then waits for the
 * resident's payment, or goes straight to dispensing when nothing is owed.
 */
export async function approveReview(deps: AppDeps, staff: StaffActor, orderId: string, requestId?: string): Promise<MedicineOrder> {
  const order = await orderOfPharmacist(deps, staff, orderId);
  const db = deps.database.db;
  await db.transaction().execute(async (tx) => {
    await move(deps, tx, order, 'approve', staffActor(staff, order.pharmacy_facility_id));
    const lines: BillLine[] = (await orderItems(tx, order)).map((i) => ({
      genericName: i.genericName,
      conditionCode: i.conditionCode,
      catalogueClass: i.insuranceClass,
      amountFen: i.amountFen,
      quantity: i.quantityPacks,
    }));
    const q = await settleOrderCoPay(deps, tx, { id: order.id, personId: order.person_id, pharmacyFacilityId: order.pharmacy_facility_id }, lines);
    let paymentOrderId: string | null = null;
    if (q.amountFen > 0) {
      const payment = await createPaymentOrder(deps, tx, {
        payableType: PRESCRIPTION_PAYABLE,
        payableId: order.id,
        accountId: order.account_id,
        personId: order.person_id,
        facilityId: order.pharmacy_facility_id,
        amountFen: q.amountFen,
        description: `${order.pharmacy_name} 长期处方药品个人自付`,
      });
      paymentOrderId = payment.id;
    }
    await repo.updateOrder(tx, order.id, {
      items_total_fen: q.itemsTotalFen,
      insurance_fen: q.insuranceFen,
      copay_fen: q.amountFen,
      benefit_label: q.benefitLabel,
      copay_steps: JSON.stringify(q.steps),
      settlement_keys: JSON.stringify(q.settlementKeys),
      payment_order_id: paymentOrderId,
    });
    if (q.amountFen === 0) {
      await move(deps, tx, { ...order, state: 'awaiting_payment' }, 'pay', { type: 'system', id: null, name: '医保结算', facilityId: null }, {}, '医保支付后无需个人自付');
    }
    await recordStaffAccess(deps, tx, { staff, personId: order.person_id, facilityId: order.pharmacy_facility_id, action: 'prescription.review', requestId, detail: '审方通过' });
  });
  return getOrderForStaff(deps, staff, orderId, requestId);
}

/**
 * 审方退回: the renewed prescription is voided, the one it renewed is in force again, and the
 * renewal goes back to the doctor's queue with the pharmacist's note.
 */
export async function returnToDoctor(deps: AppDeps, staff: StaffActor, orderId: string, reason: string, requestId?: string): Promise<MedicineOrder> {
  const order = await orderOfPharmacist(deps, staff, orderId);
  const db = deps.database.db;
  const now = deps.clock.now();
  await db.transaction().execute(async (tx) => {
    await move(deps, tx, order, 'return_to_doctor', staffActor(staff, order.pharmacy_facility_id), { return_reason: reason }, reason);
    const renewed = await rxRepo.getPrescription(tx, order.prescription_id);
    await rxRepo.movePrescription(tx, order.prescription_id, 'active', { status: 'voided', updated_at: now });
    if (renewed?.previous_id) await rxRepo.movePrescription(tx, renewed.previous_id, 'renewed', { status: 'active', updated_at: now });
    await rxRepo.moveRenewal(tx, order.renewal_id, 'approved', {
      status: 'pending_review',
      open_key: renewed?.previous_id ?? null,
      pharmacist_note: reason,
      new_prescription_id: null,
      order_id: null,
    });
    await recordStaffAccess(deps, tx, { staff, personId: order.person_id, facilityId: order.pharmacy_facility_id, action: 'prescription.review', requestId, detail: `审方退回：${reason}` });
  });
  return getOrderForStaff(deps, staff, orderId, requestId);
}

/** The pharmacy board's moves after payment: dispense, pack, ship or send to the pickup clinic, delivered. */
export async function advanceAtPharmacy(
  deps: AppDeps,
  staff: StaffActor,
  orderId: string,
  action: 'dispense' | 'pack' | 'ship' | 'deliver' | 'send_to_clinic',
  shipment?: { courier: string; trackingNo: string },
  requestId?: string,
): Promise<MedicineOrder> {
  const order = await orderOfPharmacist(deps, staff, orderId);
  const db = deps.database.db;
  const now = deps.clock.now();
  await db.transaction().execute(async (tx) => {
    const actor = staffActor(staff, order.pharmacy_facility_id);
    if (action === 'ship') {
      await move(deps, tx, order, 'ship', actor, { courier: shipment!.courier, tracking_no: shipment!.trackingNo }, `${shipment!.courier} ${shipment!.trackingNo}`);
      const items = await orderItems(tx, order);
      await notify(deps, tx, {
        ...medicineShipped({ orderId: order.id, patientName: order.person_name, medicineSummary: medicineSummary(items), carrier: shipment!.courier, trackingNo: shipment!.trackingNo, shippedAt: now }),
        eventKey: `medicine_shipped:${order.id}`,
        personId: order.person_id,
      });
    } else {
      await move(deps, tx, order, action, actor);
    }
    // The supply of the renewed prescription runs from the day its medicine is dispensed.
    if (action === 'dispense') await rxRepo.setSupplyStart(tx, order.prescription_id, localDate(now), now);
    await recordStaffAccess(deps, tx, { staff, personId: order.person_id, facilityId: order.pharmacy_facility_id, action: 'prescription.dispense', requestId, detail: MEDICINE_ORDER_ACTIONS[action].label });
  });
  return getOrderForStaff(deps, staff, orderId, requestId);
}

const newPickupCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** The pickup clinic receives the parcel: ready for pickup with a 6-digit code sent to the family. */
export async function receiveAtClinic(deps: AppDeps, staff: StaffActor, orderId: string, requestId?: string): Promise<MedicineOrder> {
  const order = await orderAtClinic(deps, staff, orderId);
  const db = deps.database.db;
  const code = newPickupCode();
  await db.transaction().execute(async (tx) => {
    await move(deps, tx, order, 'receive', staffActor(staff, order.pickup_facility_id), { pickup_code: code });
    const items = await orderItems(tx, order);
    await notify(deps, tx, {
      ...medicineReadyForPickup({
        orderId: order.id,
        patientName: order.person_name,
        medicineSummary: medicineSummary(items),
        pickupPlace: order.pickup_facility_name ?? '',
        pickupCode: code,
        readyAt: deps.clock.now(),
      }),
      eventKey: `medicine_ready_for_pickup:${order.id}`,
      personId: order.person_id,
    });
    await recordStaffAccess(deps, tx, { staff, personId: order.person_id, facilityId: order.pickup_facility_id, action: 'prescription.dispense', requestId, detail: '取药点收货' });
  });
  return getOrderForStaff(deps, staff, orderId, requestId);
}

/**
 * 取药: the clinic checks the code the resident shows (5 tries per 15 minutes). A proxy's name
 * and ID number are recorded, the number encrypted.
 */
export async function pickUp(deps: AppDeps, staff: StaffActor, orderId: string, input: { pickupCode: string; proxy?: { name: string; idNumber: string } }, requestId?: string): Promise<MedicineOrder> {
  const order = await orderAtClinic(deps, staff, orderId);
  if (order.state !== 'ready_for_pickup') throw conflict(`订单当前为“${MEDICINE_ORDER_STATE_LABELS[order.state as MedicineOrderState]}”，不能取药`, 'orderId');
  await rateLimit(deps, `pickup-code:${order.id}`, 5, 15 * 60_000, '取药码错误次数过多，请15分钟后再试');
  if (input.pickupCode !== order.pickup_code) throw badRequest('取药码不正确，请核对居民手机上显示的6位取药码', 'pickupCode');
  const proxy = input.proxy;
  await deps.database.db.transaction().execute(async (tx) => {
    await move(
      deps,
      tx,
      order,
      'pick_up',
      staffActor(staff, order.pickup_facility_id),
      { picked_up_kind: proxy ? 'proxy' : 'self', proxy_name: proxy?.name ?? null, proxy_id_enc: proxy ? deps.crypto.encrypt(proxy.idNumber) : null },
      proxy ? `代取：${maskName(proxy.name)}（${maskResidentId(proxy.idNumber)}）` : '本人取药',
    );
    await recordStaffAccess(deps, tx, { staff, personId: order.person_id, facilityId: order.pickup_facility_id, action: 'prescription.dispense', requestId, detail: proxy ? '代取药' : '本人取药' });
  });
  return getOrderForStaff(deps, staff, orderId, requestId);
}

// ---- residents --------------------------------------------------------------------------------------

async function orderOfFamily(deps: AppDeps, actor: ResidentActor, orderId: string) {
  const order = await repo.getOrder(deps.database.db, orderId);
  if (!order) throw notFound('未找到该药品订单', 'orderId');
  const family = await deps.database.db
    .selectFrom('family_member')
    .select('id')
    .where('account_id', '=', actor.accountId)
    .where('person_id', '=', order.person_id)
    .where('status', '=', 'active')
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!family) throw notFound('未找到该药品订单', 'orderId');
  await requireMemberForHealth(deps, actor, family.id);
  return order;
}

export async function listOrdersForResident(deps: AppDeps, actor: ResidentActor, memberId: string): Promise<MedicineOrder[]> {
  const member = await requireMemberForHealth(deps, actor, memberId);
  return orderViews(deps, await repo.ordersOfPerson(deps.database.db, member.personId), 'resident');
}

export async function getOrderForResident(deps: AppDeps, actor: ResidentActor, orderId: string): Promise<MedicineOrder> {
  return (await orderViews(deps, [await orderOfFamily(deps, actor, orderId)], 'resident'))[0];
}

/** The payment order for the co-pay: the live one, or a new one after an unpaid one closed. */
export async function payCoPay(deps: AppDeps, actor: ResidentActor, orderId: string): Promise<MedicineOrder> {
  const order = await orderOfFamily(deps, actor, orderId);
  if (order.state !== 'awaiting_payment') throw conflict(`订单当前为“${MEDICINE_ORDER_STATE_LABELS[order.state as MedicineOrderState]}”，无需支付`, 'orderId');
  await deps.database.db.transaction().execute(async (tx) => {
    const payment = await createPaymentOrder(deps, tx, {
      payableType: PRESCRIPTION_PAYABLE,
      payableId: order.id,
      accountId: actor.accountId,
      personId: order.person_id,
      facilityId: order.pharmacy_facility_id,
      amountFen: order.copay_fen,
      description: `${order.pharmacy_name} 长期处方药品个人自付`,
    });
    await repo.updateOrder(tx, order.id, { payment_order_id: payment.id, updated_at: deps.clock.now() });
  });
  return getOrderForResident(deps, actor, orderId);
}

/**
 * 取消 before dispensing: undoes the renewal (the earlier prescription is in force again, so the
 * resident can ask again), reverses the insurance settlement and refunds a paid co-pay.
 */
export async function cancelOrder(deps: AppDeps, actor: ResidentActor, orderId: string): Promise<MedicineOrder> {
  const order = await orderOfFamily(deps, actor, orderId);
  const db = deps.database.db;
  const now = deps.clock.now();
  const refundId = await db.transaction().execute(async (tx) => {
    await move(deps, tx, order, 'cancel', { type: 'resident', id: actor.accountId, name: '居民', facilityId: null });
    const renewed = await rxRepo.getPrescription(tx, order.prescription_id);
    await rxRepo.movePrescription(tx, order.prescription_id, 'active', { status: 'voided', updated_at: now });
    if (renewed?.previous_id) await rxRepo.movePrescription(tx, renewed.previous_id, 'renewed', { status: 'active', updated_at: now });
    await rxRepo.moveRenewal(tx, order.renewal_id, 'approved', { status: 'cancelled' });
    await reverseOrderCoPay(deps, tx, { pharmacyFacilityId: order.pharmacy_facility_id, settlementKeys: JSON.parse(order.settlement_keys) as string[] }, '居民取消药品订单');
    const payment = await liveOrderOf(tx, PRESCRIPTION_PAYABLE, order.id);
    if (payment && payment.state === 'paid') {
      return (await scheduleRefund(deps, tx, { orderId: payment.id, reasonKey: 'order_cancelled', reason: '长期处方药品订单已取消' })).id;
    }
    return null;
  });
  if (refundId) await submitRefund(deps, refundId);
  // An unpaid payment order is closed at the provider; if it was paid meanwhile, onPaid refunds it.
  else await cancelUnpaidOrder(deps, PRESCRIPTION_PAYABLE, order.id);
  return getOrderForResident(deps, actor, orderId);
}
