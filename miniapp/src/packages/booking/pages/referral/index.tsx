import { Text, View } from '@tarojs/components';
import type { Referral } from '@ygt/shared';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getMyReferral } from '../../../../services/booking';
import { BOOKING_PAGES, go, instantText, useQuery, useShownCount, visitTime } from '../../booking';
import { ReferralStatusWord, Row, StatusChip } from '../../parts';
import '../../booking.scss';

/** One referral: from where to where and why, its status, its booking, and the follow-up plan of a return. */
export default function ReferralPage() {
  const { id = '' } = useQuery();
  return (
    <Page className="bk-referral">
      <HealthConsentGate service="转诊">
        <ReferralDetail id={id} />
      </HealthConsentGate>
    </Page>
  );
}

const STATUS_HINT: Record<Referral['status'], string> = {
  pending: '转诊单已发到县医院，等待接收。',
  accepted: '县医院已接收。请按预约时间，带上身份证去就诊。',
  declined: '县医院没有接收这次转诊。',
  completed: '县医院已诊治完毕，转回基层继续随访。',
};

function ReferralDetail({ id }: { id: string }) {
  const shown = useShownCount();
  const [referral, reload] = useRemote(() => getMyReferral(id), [id, shown]);
  return (
    <RemoteView state={referral} onRetry={reload}>
      {(r) => (
        <View>
          <View className="card">
            <View className="bk-item__head">
              <Text className="bk-item__title" data-testid="referral-title">
                {r.patient.name} 的{r.direction === 'up' ? '上转（转到县医院）' : '下转（转回基层）'}
              </Text>
              <ReferralStatusWord referral={r} />
            </View>
            <Text className="bk-item__line" data-testid="referral-hint">
              {r.direction === 'down' ? '县医院诊治后，由乡镇卫生院或村卫生室的医生继续随访。' : STATUS_HINT[r.status]}
            </Text>
          </View>

          <View className="card">
            <Row label="转出" testId="referral-from">
              {r.from.facility.name}
              {r.from.staffName ? `（${r.from.staffName}）` : ''}
            </Row>
            <Row label="转入" testId="referral-to">
              {r.to.facility.name}
              {r.to.department ? ` ${r.to.department.name}` : ''}
            </Row>
            <Row label="开单时间">{instantText(r.createdAt)}</Row>
            <Row label="转诊原因" testId="referral-reason" wide>
              {r.reason}
            </Row>
            <Row label={r.direction === 'down' ? '诊疗小结' : '病情摘要'} wide>
              {r.summary}
            </Row>
            {r.decidedBy && r.decidedAt && (
              <Row label={r.status === 'declined' ? '拒收' : '接收'}>
                {r.decidedBy} {instantText(r.decidedAt)}
              </Row>
            )}
            {r.declineReason && (
              <Row label="未接收原因" wide>
                {r.declineReason}
              </Row>
            )}
          </View>

          {r.followUpPlan && (
            <View className="bk-note bk-note--ok" data-testid="referral-follow-up">
              <Text className="bk-note__title">随访计划</Text>
              {r.followUpPlan}
            </View>
          )}

          <Text className="section-title">转诊预约</Text>
          {r.booking ? (
            <View
              className="card bk-item"
              data-testid="referral-booking"
              hoverClass="bk-item--pressed"
              onClick={() => go(BOOKING_PAGES.detail, { id: r.booking!.id })}
            >
              <View className="bk-item__head">
                <Text className="bk-item__strong">{visitTime(r.booking)}</Text>
                <StatusChip status={r.booking.status} />
              </View>
              <Text className="bk-item__line">
                {r.booking.facility.name} · {r.booking.department.name} · {r.booking.doctor.name}
              </Text>
              <Text className="bk-item__more">查看预约 ›</Text>
            </View>
          ) : (
            <View className="bk-note" data-testid="referral-no-booking">
              {r.direction === 'up' && r.status !== 'declined' ? '县医院会为您预约转诊号源，约好后会通知您。' : '这次转诊没有预约。'}
            </View>
          )}

          {(r.parentReferralId || r.returnReferralId) && (
            <View className="card bk-links">
              {r.parentReferralId && (
                <View className="bk-links__item" data-testid="referral-parent" onClick={() => go(BOOKING_PAGES.referral, { id: r.parentReferralId! })}>
                  查看原来的上转单 ›
                </View>
              )}
              {r.returnReferralId && (
                <View className="bk-links__item" data-testid="referral-return" onClick={() => go(BOOKING_PAGES.referral, { id: r.returnReferralId! })}>
                  查看转回基层的下转单和随访计划 ›
                </View>
              )}
            </View>
          )}
        </View>
      )}
    </RemoteView>
  );
}
