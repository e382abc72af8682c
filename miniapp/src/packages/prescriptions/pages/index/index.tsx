import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { FamilyDoctorContract, FamilyMember, LongPrescription, MedicineOrder, Renewal } from '@ygt/shared';
import { useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { MemberPicker } from '../../../../components/member-picker';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getFamilyDoctor, listLongPrescriptions, listMedicineOrders, listRenewals } from '../../../../services/prescriptions';
import { openUrl } from '../../../../services/sign-in';
import { useElderMode } from '../../../../stores/elder-mode';
import { MedicinesWithAdvice, StatusBadge } from '../../parts';
import { conditionNames, isOpenOrder, monthDay, orderStatus, RX_PAGES, renewalStatus } from '../../rx';
import { useReturnCount } from '../../hooks';
import '../../rx.scss';

/** 长处方续方: a family member's long prescriptions, how much medicine is left and when to renew. */
export default function PrescriptionsHomePage() {
  return (
    <Page className="rx-home">
      <HealthConsentGate service="长处方续方">
        <PrescriptionsHome />
      </HealthConsentGate>
    </Page>
  );
}

function PrescriptionsHome() {
  const [member, setMember] = useState<FamilyMember>();
  return (
    <View>
      <MemberPicker value={member?.id} onChange={setMember} title="给谁续方" />
      {member && <MemberPrescriptions key={member.id} member={member} />}
    </View>
  );
}

interface MemberRx {
  prescriptions: LongPrescription[];
  renewals: Renewal[];
  orders: MedicineOrder[];
  contract: FamilyDoctorContract | null;
}

async function loadMemberRx(memberId: string): Promise<MemberRx> {
  const [prescriptions, renewals, orders, contract] = await Promise.all([
    listLongPrescriptions(memberId),
    listRenewals(memberId),
    listMedicineOrders(memberId),
    getFamilyDoctor(memberId),
  ]);
  return { prescriptions, renewals, orders, contract };
}

function MemberPrescriptions({ member }: { member: FamilyMember }) {
  // Coming back from a renewal or a payment shows the new state.
  const shown = useReturnCount();
  const [data, reload] = useRemote(() => loadMemberRx(member.id), [member.id, shown]);

  return (
    <RemoteView state={data} onRetry={reload} loadingText="正在查长期处方…">
      {({ prescriptions, renewals, orders, contract }) => (
        <View>
          <InProgress renewals={renewals} orders={orders} />
          {prescriptions.length === 0 ? (
            <View className="card rx-empty" data-testid="rx-empty">
              <Text className="rx-empty__title">{member.name}还没有长期处方</Text>
              <Text className="rx-empty__text">高血压、糖尿病等慢性病病情稳定的，可以请家庭医生面诊后开长期处方，以后在这里续方，不用每月跑医院。</Text>
            </View>
          ) : (
            prescriptions.map((rx) => <PrescriptionCard key={rx.id} memberId={member.id} rx={rx} contract={contract} />)
          )}
          {contract && <FamilyDoctorCard contract={contract} />}
          {(renewals.length > 0 || orders.length > 0) && (
            <View className="rx-link-row" data-testid="rx-open-records" hoverClass="rx-pressed" onClick={() => openUrl(RX_PAGES.records(member.id))}>
              <Text>续方和取药记录（{renewals.length}）</Text>
              <Text className="rx-link-row__arrow">›</Text>
            </View>
          )}
        </View>
      )}
    </RemoteView>
  );
}

/** Renewals and orders still under way: what the resident most often comes back for (the pickup code). */
function InProgress({ renewals, orders }: { renewals: Renewal[]; orders: MedicineOrder[] }) {
  const [elder] = useElderMode();
  const open = orders.filter(isOpenOrder);
  // A renewal the pharmacist sent back waits for the doctor again, its old order closed.
  const waiting = renewals.filter((r) => r.status === 'pending_review' && !open.some((o) => o.id === r.orderId));
  if (open.length === 0 && waiting.length === 0) return null;
  return (
    <View className="rx-inprogress" data-testid="rx-in-progress">
      <Text className="section-title">正在办理</Text>
      {open.map((order) => {
        const status = orderStatus(order);
        return (
          <View key={order.id} className="card rx-task" data-testid="rx-task-order" data-order-id={order.id} hoverClass="rx-pressed" onClick={() => openUrl(RX_PAGES.order(order.id))}>
            <View className="rx-task__head">
              <Text className="rx-task__title">{order.items.map((i) => i.genericName).join('、')}</Text>
              <StatusBadge text={status.text} tone={status.tone} />
            </View>
            {order.state === 'ready_for_pickup' && order.pickupCode && (
              <View className="rx-task__code">
                <Text className="rx-task__code-label">取药码</Text>
                <Text className="rx-task__code-digits" data-testid="rx-task-pickup-code">
                  {order.pickupCode}
                </Text>
              </View>
            )}
            {!elder && order.pickupFacility && <Text className="muted">取药地点：{order.pickupFacility.name}</Text>}
            <Text className="rx-task__more">{order.state === 'awaiting_payment' ? '去支付 ›' : '看进度 ›'}</Text>
          </View>
        );
      })}
      {waiting.map((renewal) => {
        const status = renewalStatus(renewal);
        return (
          <View key={renewal.id} className="card rx-task" data-testid="rx-task-renewal" hoverClass="rx-pressed" onClick={() => openUrl(RX_PAGES.renewal(renewal.id))}>
            <View className="rx-task__head">
              <Text className="rx-task__title">续方申请：{renewal.medicineSummary}</Text>
              <StatusBadge text={status.text} tone={status.tone} />
            </View>
            <Text className="rx-task__more">看进度 ›</Text>
          </View>
        );
      })}
    </View>
  );
}

function PrescriptionCard({ memberId, rx, contract }: { memberId: string; rx: LongPrescription; contract: FamilyDoctorContract | null }) {
  const [elder] = useElderMode();
  const { supply } = rx;
  const active = rx.status === 'active';
  return (
    <View className={`card rx-card${active ? '' : ' rx-card--stopped'}`} data-testid="rx-item" data-prescription-id={rx.id}>
      <View className="rx-card__head">
        <Text className="rx-card__title">{conditionNames(rx)}的药</Text>
        {!active && <StatusBadge text={rx.statusLabel} tone="off" />}
      </View>

      {active && (
        <View className={`rx-supply${supply.daysLeft <= 3 ? ' rx-supply--low' : ''}`}>
          <Text className="rx-supply__left" data-testid="rx-supply-left">
            还剩 <Text className="rx-supply__days">{supply.daysLeft}</Text> 天的药
          </Text>
          {!elder && <Text className="rx-supply__until">药吃到 {monthDay(supply.supplyEndsOn)}（按医生说的量）</Text>}
        </View>
      )}

      <RenewalAction memberId={memberId} rx={rx} contract={contract} />

      <MedicinesWithAdvice items={rx.items} healthAdvice={rx.healthAdvice} />

      {!elder && (
        <Text className="rx-card__prescriber">
          {rx.prescriber.name}（{rx.prescriber.titleLabel}）· {rx.prescriber.facilityName} · {monthDay(rx.issuedOn)}开
        </Text>
      )}
    </View>
  );
}

/** The one thing to do about this prescription now: renew, wait, or see the doctor first. */
function RenewalAction({ memberId, rx, contract }: { memberId: string; rx: LongPrescription; contract: FamilyDoctorContract | null }) {
  if (rx.status === 'stopped') {
    return (
      <View className="rx-action rx-action--stop" data-testid="rx-stopped">
        <Text className="rx-action__title">这张长期处方已停用</Text>
        {rx.stopReason && <Text className="rx-action__text">原因：{rx.stopReason}</Text>}
        <Text className="rx-action__text">还需要吃药的，请到家庭医生处面诊后重新开。</Text>
        <BookDoctorButton contract={contract} />
      </View>
    );
  }
  if (rx.openRenewalId) {
    return (
      <View className="rx-action rx-action--wait" data-testid="rx-renewal-pending" hoverClass="rx-pressed" onClick={() => openUrl(RX_PAGES.renewal(rx.openRenewalId!))}>
        <Text className="rx-action__title">◷ 续方已申请，等医生审核</Text>
        <Text className="rx-action__text">点这里看进度 ›</Text>
      </View>
    );
  }
  if (rx.reviewFlag) {
    return (
      <View className="rx-action rx-action--stop" data-testid="rx-needs-visit">
        <Text className="rx-action__title">✕ 这次需要先看医生，才能续方</Text>
        <Text className="rx-action__text">{rx.reviewFlag.reason}</Text>
        <BookDoctorButton contract={contract} />
      </View>
    );
  }
  if (rx.supply.renewalOpen) {
    return (
      <Button block type="primary" size="large" className="rx-renew-button" data-testid="rx-renew" onClick={() => openUrl(RX_PAGES.renew(memberId, rx.id))}>
        现在可以续方
      </Button>
    );
  }
  return (
    <View className="rx-action" data-testid="rx-renew-opens">
      <Text className="rx-action__title">{monthDay(rx.supply.renewalOpensOn)}起可续方</Text>
      <Text className="rx-action__text">药快吃完前7天可以续方，到时候再来。</Text>
    </View>
  );
}

function bookingUrl(contract: FamilyDoctorContract | null): string {
  const base = '/packages/booking/pages/index/index';
  if (!contract) return base;
  const doctor = contract.team.members[0];
  return `${base}?facilityId=${encodeURIComponent(contract.team.facility.id)}${doctor ? `&doctorId=${encodeURIComponent(doctor.doctorId)}` : ''}`;
}

function BookDoctorButton({ contract }: { contract: FamilyDoctorContract | null }) {
  return (
    <Button block size="large" className="rx-book-button" data-testid="rx-book-doctor" onClick={() => void Taro.navigateTo({ url: bookingUrl(contract) })}>
      预约家庭医生
    </Button>
  );
}

function FamilyDoctorCard({ contract }: { contract: FamilyDoctorContract }) {
  const [elder] = useElderMode();
  if (elder) return null;
  return (
    <View className="card rx-doctor" data-testid="rx-family-doctor">
      <Text className="rx-doctor__title">家庭医生：{contract.team.name}</Text>
      <Text className="muted">
        {contract.team.members.map((m) => `${m.name}（${m.titleLabel}）`).join('、')}
        {contract.villageClinic ? ` · 签约村卫生室：${contract.villageClinic.name}` : ''}
      </Text>
      <Text className="muted">续方由家庭医生团队审核。</Text>
    </View>
  );
}
