import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { MedicineOrder, Renewal } from '@ygt/shared';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { listMedicineOrders, listRenewals } from '../../../../services/prescriptions';
import { openUrl, safeDecode } from '../../../../services/sign-in';
import { StatusBadge } from '../../parts';
import { dateTime, orderStatus, RX_PAGES, renewalStatus } from '../../rx';
import '../../rx.scss';

/** 续方和取药记录: every renewal of a family member, newest first, with where its medicine got to. */
export default function RecordsPage() {
  const memberId = safeDecode(useRouter().params.memberId ?? '');
  return (
    <Page className="rx-records">
      <HealthConsentGate service="长处方续方">
        <Records memberId={memberId} />
      </HealthConsentGate>
    </Page>
  );
}

function Records({ memberId }: { memberId: string }) {
  const [data, reload] = useRemote(async () => {
    const [renewals, orders] = await Promise.all([listRenewals(memberId), listMedicineOrders(memberId)]);
    return { renewals: [...renewals].sort((a, b) => b.requestedAt - a.requestedAt), orders };
  }, [memberId]);
  return (
    <RemoteView state={data} onRetry={reload} isEmpty={(d) => d.renewals.length === 0} emptyText="还没有续方记录">
      {({ renewals, orders }) => (
        <View data-testid="rx-records">
          {renewals.map((renewal) => (
            <RecordRow key={renewal.id} renewal={renewal} order={orders.find((o) => o.id === renewal.orderId) ?? null} />
          ))}
        </View>
      )}
    </RemoteView>
  );
}

function RecordRow({ renewal, order }: { renewal: Renewal; order: MedicineOrder | null }) {
  // Once there is an order, where the medicine is matters more than the doctor's decision.
  const status = order ? orderStatus(order) : renewalStatus(renewal);
  return (
    <View
      className="card rx-task"
      data-testid="rx-record"
      hoverClass="rx-pressed"
      onClick={() => openUrl(order ? RX_PAGES.order(order.id) : RX_PAGES.renewal(renewal.id))}
    >
      <View className="rx-task__head">
        <Text className="rx-task__title">{renewal.medicineSummary}</Text>
        <StatusBadge text={status.text} tone={status.tone} />
      </View>
      <Text className="muted">
        {dateTime(renewal.requestedAt)} 申请 · {renewal.fulfilment === 'pickup' ? `到${renewal.pickupFacility?.name ?? '取药点'}取` : '送药上门'}
      </Text>
      <Text className="rx-task__more">看详情 ›</Text>
    </View>
  );
}
