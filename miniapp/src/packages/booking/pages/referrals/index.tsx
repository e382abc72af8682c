import { Text, View } from '@tarojs/components';
import type { Referral } from '@ygt/shared';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { listMyReferrals } from '../../../../services/booking';
import { BOOKING_PAGES, go, instantText, useShownCount } from '../../booking';
import { ReferralStatusWord } from '../../parts';
import '../../booking.scss';

/** 我的转诊: the family's referrals, up to the county and back down; behind the health-data consent. */
export default function ReferralsPage() {
  return (
    <Page className="bk-referrals">
      <HealthConsentGate service="转诊">
        <ReferralList />
      </HealthConsentGate>
    </Page>
  );
}

function ReferralList() {
  const shown = useShownCount();
  const [referrals, reload] = useRemote(listMyReferrals, [shown]);
  return (
    <RemoteView state={referrals} onRetry={reload} isEmpty={(items) => items.length === 0} emptyText="家人还没有转诊记录">
      {(items) => (
        <View>
          <View className="bk-note">医生为您或家人开转诊单后，会出现在这里。县医院接收后，按预约时间去就诊。</View>
          {items.map((r) => (
            <ReferralCard key={r.id} referral={r} />
          ))}
        </View>
      )}
    </RemoteView>
  );
}

function ReferralCard({ referral: r }: { referral: Referral }) {
  return (
    <View className="card bk-item" data-testid="referral-item" data-referral-id={r.id} hoverClass="bk-item--pressed" onClick={() => go(BOOKING_PAGES.referral, { id: r.id })}>
      <View className="bk-item__head">
        <Text className="bk-item__title">
          {r.patient.name} · {r.directionLabel}
        </Text>
        <ReferralStatusWord referral={r} />
      </View>
      <Text className="bk-item__strong">
        {r.from.facility.name} → {r.to.facility.name}
        {r.to.department ? ` ${r.to.department.name}` : ''}
      </Text>
      <Text className="bk-item__line">原因：{r.reason}</Text>
      <Text className="bk-item__line">{instantText(r.createdAt)} 开单</Text>
      {r.booking && <Text className="bk-item__line">已有转诊预约</Text>}
      <Text className="bk-item__more">查看转诊单 ›</Text>
    </View>
  );
}
