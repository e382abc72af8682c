import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { Renewal } from '@ygt/shared';
import { useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getRenewal } from '../../../../services/prescriptions';
import { openUrl, safeDecode } from '../../../../services/sign-in';
import { useElderMode } from '../../../../stores/elder-mode';
import { Progress, StatusBadge } from '../../parts';
import { dateTime, progressSteps, RX_PAGES, renewalStatus } from '../../rx';
import { useReturnCount } from '../../hooks';
import '../../rx.scss';

/** 续方申请: where a renewal request stands (opened from the message centre with ?id=). */
export default function RenewalPage() {
  const id = safeDecode(useRouter().params.id ?? '');
  return (
    <Page className="rx-renewal">
      <HealthConsentGate service="长处方续方">
        <RenewalLoader id={id} />
      </HealthConsentGate>
    </Page>
  );
}

function RenewalLoader({ id }: { id: string }) {
  const shown = useReturnCount();
  const [renewal, reload] = useRemote(() => getRenewal(id), [id, shown]);
  return (
    <RemoteView state={renewal} onRetry={reload}>
      {(r) => <RenewalView renewal={r} />}
    </RemoteView>
  );
}

function RenewalView({ renewal }: { renewal: Renewal }) {
  const [elder] = useElderMode();
  const status = renewalStatus(renewal);
  const check = renewal.stabilityCheck;
  return (
    <View>
      <View className="card rx-head">
        <Text className="rx-head__who">{renewal.patientName}的续方申请</Text>
        <StatusBadge text={status.text} tone={status.tone} testId="renewal-status" />
        <Text className="rx-head__what">{renewal.medicineSummary}</Text>
        {!elder && <Text className="muted">{dateTime(renewal.requestedAt)} 提交</Text>}
      </View>

      {renewal.status === 'pending_review' && (
        <View className="card">
          <Text className="rx-head__next">家庭医生正在审核，审核好了会通知您。</Text>
          <Progress steps={progressSteps(renewal, null, renewal.fulfilment)} />
        </View>
      )}

      {renewal.status === 'approved' && renewal.orderId && (
        <View className="card">
          <Text className="rx-head__next">
            {renewal.reviewerName ? `${renewal.reviewerName}医生` : '医生'}已经同意续方，药房正在准备。
          </Text>
          <Button block type="primary" size="large" data-testid="renewal-open-order" onClick={() => openUrl(RX_PAGES.order(renewal.orderId!))}>
            看药品进度和取药码
          </Button>
        </View>
      )}

      {renewal.status === 'rejected' && (
        <View className="card rx-action rx-action--stop" data-testid="renewal-rejected">
          <Text className="rx-action__title">医生没有同意这次续方</Text>
          {renewal.rejectReason && <Text className="rx-action__text">原因：{renewal.rejectReason}</Text>}
          <Text className="rx-action__text">有疑问请找家庭医生。</Text>
          <Button block size="large" className="rx-book-button" data-testid="renewal-book-doctor" onClick={() => void Taro.navigateTo({ url: '/packages/booking/pages/index/index' })}>
            预约家庭医生
          </Button>
        </View>
      )}

      {renewal.status === 'needs_visit' && (
        <View className="card rx-action rx-action--stop" data-testid="renewal-needs-visit">
          <Text className="rx-action__title">这次不能直接续方，请先看家庭医生</Text>
          {renewal.stopReasons.map((r) => (
            <Text key={r.code} className="rx-action__text">
              · {r.message}
            </Text>
          ))}
          {renewal.advice && <Text className="rx-action__text">{renewal.advice}</Text>}
          <Button
            block
            type="primary"
            size="large"
            className="rx-book-button"
            data-testid="renewal-book-doctor"
            onClick={() => void Taro.navigateTo({ url: renewal.booking?.link ?? '/packages/booking/pages/index/index' })}
          >
            预约家庭医生{renewal.booking?.doctor ? `（${renewal.booking.doctor.name}）` : ''}
          </Button>
        </View>
      )}

      {renewal.status === 'cancelled' && (
        <View className="card">
          <Text className="rx-head__next">这次续方已取消。</Text>
          {renewal.orderId && (
            <Button block size="large" onClick={() => openUrl(RX_PAGES.order(renewal.orderId!))}>
              看退款情况
            </Button>
          )}
        </View>
      )}

      {!elder && (
        <View className="card rx-summary">
          <Text className="section-title rx-summary__title">填写的情况</Text>
          {check.bloodPressure && <Row label="血压" value={`${check.bloodPressure.systolic}/${check.bloodPressure.diastolic} mmHg`} />}
          {check.fastingGlucose !== undefined && <Row label="空腹血糖" value={`${check.fastingGlucose} mmol/L`} />}
          <Row label="吃药后不舒服" value={{ none: '没有', mild: '有一点，能忍', serious: '厉害' }[check.sideEffects]} />
          <Row label="住过院" value={check.hospitalisedSinceLastPrescription ? '住过' : '没有'} />
          <Row label="新的病" value={check.newDiagnosis ? '有' : '没有'} />
          <Row
            label="怎么拿药"
            value={renewal.fulfilment === 'pickup' ? `到${renewal.pickupFacility?.name ?? '取药点'}取` : `送药上门：${renewal.delivery?.address ?? ''}`}
          />
        </View>
      )}
    </View>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className="rx-summary__row">
      <Text className="rx-summary__label">{label}</Text>
      <Text className="rx-summary__value">{value}</Text>
    </View>
  );
}
