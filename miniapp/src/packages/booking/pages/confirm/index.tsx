import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { type BookingPolicy, cancelDeadline, type FamilyMember, formatDateTimeCn, type ScheduleDetail } from '@ygt/shared';
import { useEffect, useRef, useState } from 'react';
import { MemberPicker } from '../../../../components/member-picker';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { ApiError } from '../../../../services/api';
import { createBooking, getBookingRules, getEligibility, getSchedule, joinWaitlist, newIdempotencyKey } from '../../../../services/booking';
import { getFacility } from '../../../../services/community';
import { useRequireSignIn } from '../../../../services/sign-in';
import { askSubscribe, preloadSubscribe } from '../../../../services/subscribe';
import { useElderMode } from '../../../../stores/elder-mode';
import { BOOKING_PAGES, dayText, feeText, feeValue, pageUrl, useQuery } from '../../booking';
import { Row, VisitingTag } from '../../parts';
import '../../booking.scss';

async function loadContext(scheduleId: string) {
  const schedule = await getSchedule(scheduleId);
  const [facility, rules] = await Promise.all([getFacility(schedule.facility.id), getBookingRules(schedule.facility.id)]);
  return { schedule, address: facility.address, rules };
}

/**
 * 确认预约 (or 登记候补 with mode=waitlist): who it is for, the visit, the fee and the rules that
 * matter now; one tap books. The Idempotency-Key is made once per screen and member, so a double
 * tap or a retry after a lost answer books once.
 */
export default function BookingConfirmPage() {
  const signedIn = useRequireSignIn();
  const { scheduleId = '', slotId, mode } = useQuery();
  const waitlist = mode === 'waitlist';
  const [context, reload] = useRemote(() => loadContext(scheduleId), [scheduleId]);

  useEffect(() => preloadSubscribe(waitlist ? 'waitlist' : 'booking'), []);

  return (
    <Page className="bk-confirm">
      <RemoteView state={context} onRetry={reload}>
        {({ schedule, address, rules }) =>
          signedIn ? <ConfirmForm schedule={schedule} address={address} policy={rules.policy} ruleItems={rules.items} slotId={slotId} waitlist={waitlist} /> : null
        }
      </RemoteView>
    </Page>
  );
}

interface FormProps {
  schedule: ScheduleDetail;
  address: string;
  policy: BookingPolicy;
  ruleItems: { key: string; title: string; text: string }[];
  slotId?: string;
  waitlist: boolean;
}

function ConfirmForm({ schedule, address, policy, ruleItems, slotId, waitlist }: FormProps) {
  const [elder] = useElderMode();
  const [member, setMember] = useState<FamilyMember | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string; code: string } | null>(null);
  const key = useRef(newIdempotencyKey());

  const slot = slotId ? schedule.slots.find((s) => s.id === slotId) : undefined;
  const [eligibility] = useRemote(
    () => (member ? getEligibility(member.id, schedule.facility.id, schedule.date) : Promise.resolve(null)),
    [member?.id],
  );
  const refusals = eligibility.status === 'ready' && eligibility.data ? eligibility.data.messages : [];
  const suspended = eligibility.status === 'ready' && eligibility.data?.suspended;

  const chooseMember = (m: FamilyMember) => {
    if (m.id !== member?.id) key.current = newIdempotencyKey();
    setMember(m);
    setError(null);
  };

  const submit = async () => {
    if (!member || busy) return;
    // WeChat asks about messages only during a tap: ask first, before anything is awaited.
    void askSubscribe(waitlist ? 'waitlist' : 'booking');
    setBusy(true);
    setError(null);
    try {
      if (waitlist) {
        const entry = await joinWaitlist({ scheduleId: schedule.id, memberId: member.id });
        void Taro.redirectTo({ url: pageUrl(BOOKING_PAGES.waitlist, { id: entry.id, joined: '1' }) });
      } else {
        const booking = await createBooking({ slotId: slot!.id, memberId: member.id }, key.current);
        void Taro.redirectTo({ url: pageUrl(BOOKING_PAGES.detail, { id: booking.id, booked: '1' }) });
      }
    } catch (err) {
      if (err instanceof ApiError) {
        // A clear answer (4xx) is final for this key; a network failure or server fault keeps it for the retry.
        if (err.status >= 400 && err.status < 500) key.current = newIdempotencyKey();
        setError({ message: err.message, field: err.field, code: err.code });
      } else {
        setError({ message: '没有预约成功，请稍后再试', code: 'UNKNOWN' });
      }
    } finally {
      setBusy(false);
    }
  };

  const deadline = cancelDeadline(policy, schedule.date);
  const slotGone = !waitlist && (!slot || slot.state !== 'available');
  const rule = (k: string) => ruleItems.find((r) => r.key === k);

  return (
    <View>
      <MemberPicker value={member?.id} onChange={chooseMember} title={waitlist ? '为谁候补' : '为谁预约'} />
      {error?.field === 'memberId' && (
        <Text className="bk-error" data-testid="booking-error">
          {error.message}
        </Text>
      )}
      {refusals.length > 0 && (
        <View className="bk-note bk-note--bad" data-testid="booking-suspended">
          <Text className="bk-note__title">{suspended ? '暂时不能在线预约' : '这位就诊人现在不能再预约'}</Text>
          {refusals.map((m) => (
            <Text key={m} style={{ display: 'block' }}>
              {m}
            </Text>
          ))}
        </View>
      )}

      <Text className="section-title">{waitlist ? '候补的号' : '预约信息'}</Text>
      <View className="card" data-testid="booking-summary">
        <Row label="医生">
          {schedule.doctor.name} {schedule.doctor.titleLabel}
        </Row>
        {schedule.isVisiting && (
          <View>
            <VisitingTag from={schedule.doctor.homeFacilityName} />
          </View>
        )}
        <Row label="时间">
          {dayText(schedule.date, schedule.weekdayLabel)} {schedule.periodLabel} {slot ? `${slot.startTime}-${slot.endTime}` : `${schedule.startTime}-${schedule.endTime}`}
        </Row>
        <Row label="地点">
          {schedule.facility.name} {schedule.department.name}
        </Row>
        {!elder && <Row label="地址">{address}</Row>}
        <Row label="挂号费">{feeValue(schedule.feeFen)}</Row>
      </View>

      <View className="bk-note" data-testid="booking-rules-summary">
        <Text className="bk-note__title">请先看一下</Text>
        {schedule.feeFen > 0 && schedule.feePayableOnline && !waitlist && (
          <Text style={{ display: 'block' }}>· 提交后请马上支付挂号费（页面会显示剩余时间），号源为您保留；超时未付，号源自动释放。支付后由医院确认。</Text>
        )}
        {waitlist && <Text style={{ display: 'block' }}>· {rule('waitlist')?.text}</Text>}
        <Text style={{ display: 'block' }} data-testid="booking-cancel-deadline-hint">
          · {formatDateTimeCn(deadline)}前可免费取消；之后取消或没来看病，记为一次爽约。
        </Text>
        {!elder && <Text style={{ display: 'block' }}>· {rule('no_show')?.text}</Text>}
        {!elder && <Text style={{ display: 'block' }}>· {rule('per_week')?.text}</Text>}
      </View>

      {error && error.field !== 'memberId' && (
        <Text className="bk-error" data-testid="booking-error">
          {error.message}
        </Text>
      )}
      {slotGone ? (
        <View className="bk-actions">
          <View className="bk-note bk-note--warn">这个时间段刚刚被约满或已过时，请回去选其他时间段。</View>
          <Button block size="large" data-testid="booking-back-to-schedule" onClick={() => Taro.navigateBack()}>
            重新选时间段
          </Button>
        </View>
      ) : (
        <View className="bk-actions">
          <Button
            block
            type="primary"
            size="large"
            loading={busy}
            disabled={busy || !member || suspended === true}
            data-testid={waitlist ? 'waitlist-join-confirm' : 'booking-confirm'}
            onClick={submit}
          >
            {waitlist ? '确认登记候补' : schedule.feeFen > 0 && schedule.feePayableOnline ? `确认预约，去支付 ${feeText(schedule.feeFen).replace('挂号费 ', '')}` : '确认预约'}
          </Button>
          {error?.code === 'SOLD_OUT' && (
            <Button block size="large" data-testid="booking-back-to-schedule" onClick={() => Taro.navigateBack()}>
              重新选时间段
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
