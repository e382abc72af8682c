import { Text, View } from '@tarojs/components';
import type { ScheduleDetail, Slot } from '@ygt/shared';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getSchedule } from '../../../../services/booking';
import { BOOKING_PAGES, dayName, feeText, go, instantText, SLOT_STATE_TEXT, useQuery, useShownCount } from '../../booking';
import { RulesBox, VisitingTag } from '../../parts';
import '../../booking.scss';

/** One session: the rules first, then every time segment with its places left; 候补 when all are taken. */
export default function BookingSchedulePage() {
  const { id = '' } = useQuery();
  const shown = useShownCount();
  const [schedule, reload] = useRemote(() => getSchedule(id), [id, shown]);

  return (
    <Page className="bk-schedule">
      <RemoteView state={schedule} onRetry={reload}>
        {(s) => (
          <View>
            <ScheduleHeader schedule={s} />
            {s.status === 'stopped' && (
              <View className="bk-note bk-note--bad" data-testid="schedule-stopped">
                <Text className="bk-note__title">停诊</Text>
                {s.stopReason ?? '医生这次不出诊，请选其他时间。'}
              </View>
            )}
            <RulesBox facilityId={s.facility.id} />
            <Availability schedule={s} />
          </View>
        )}
      </RemoteView>
    </Page>
  );
}

function ScheduleHeader({ schedule: s }: { schedule: ScheduleDetail }) {
  return (
    <View className="card">
      <Text className="bk-item__title" data-testid="schedule-doctor">
        {s.doctor.name}
        <Text className="bk-item__sub">{s.doctor.titleLabel}</Text>
      </Text>
      {s.isVisiting && (
        <View>
          <VisitingTag from={s.doctor.homeFacilityName} />
        </View>
      )}
      {s.doctor.specialty && <Text className="bk-item__line">擅长：{s.doctor.specialty}</Text>}
      <Text className="bk-item__strong">
        {dayName(s.date)} {s.weekdayLabel} {s.periodLabel} {s.startTime}-{s.endTime}
      </Text>
      <Text className="bk-item__line">
        {s.facility.name} · {s.department.name}
      </Text>
      <Text className="bk-item__strong" data-testid="schedule-fee">
        {feeText(s.feeFen)}
        {s.feeFen > 0 && s.feePayableOnline ? '（预约时在线支付）' : s.feeFen > 0 ? '（到院缴纳）' : ''}
      </Text>
    </View>
  );
}

function Availability({ schedule: s }: { schedule: ScheduleDetail }) {
  if (s.status === 'stopped') return null;
  const notOpen = !s.bookingOpen && Date.now() < s.opensAt;
  return (
    <View>
      <Text className="section-title">选时间段</Text>
      {notOpen && (
        <View className="bk-note bk-note--warn" data-testid="schedule-not-open">
          这天的号还没放出来，{instantText(s.opensAt)}开始预约。
        </View>
      )}
      {s.bookingOpen && s.remaining === 0 && (
        <View className="bk-note bk-note--warn" data-testid="schedule-full">
          <Text className="bk-note__title">这次的号已经约满了</Text>
          {s.waitlist.open
            ? `可以登记候补：有人退号时，按登记顺序通知您，需在通知后规定时间内确认。${s.waitlist.waiting > 0 ? `现在有${s.waitlist.waiting}人在候补。` : ''}`
            : `候补已在${instantText(s.waitlist.closesAt)}截止，请选其他日期或医生。`}
        </View>
      )}
      {s.waitlist.open && (
        <View className="bk-actions">
          <Button block type="primary" size="large" data-testid="waitlist-join" onClick={() => go(BOOKING_PAGES.confirm, { scheduleId: s.id, mode: 'waitlist' })}>
            登记候补
          </Button>
        </View>
      )}
      <View className="bk-segments">
        {s.slots.map((slot) => (
          <Segment key={slot.id} slot={slot} scheduleId={s.id} />
        ))}
      </View>
    </View>
  );
}

function Segment({ slot, scheduleId }: { slot: Slot; scheduleId: string }) {
  const open = slot.state === 'available';
  const classes = ['bk-segment', open ? '' : 'bk-segment--closed', slot.state === 'full' ? 'bk-segment--full' : ''].filter(Boolean).join(' ');
  return (
    <View
      className={classes}
      data-testid={`segment-${slot.startTime}`}
      data-state={slot.state}
      hoverClass={open ? 'bk-segment--pressed' : 'none'}
      aria-disabled={!open}
      onClick={open ? () => go(BOOKING_PAGES.confirm, { scheduleId, slotId: slot.id }) : undefined}
    >
      <Text className="bk-segment__time">
        {slot.startTime}-{slot.endTime}
      </Text>
      {open ? (
        <Text className="bk-segment__state">剩{slot.remaining}个</Text>
      ) : (
        <Text className="bk-segment__state" data-testid={slot.state === 'full' ? 'segment-full' : undefined}>
          {SLOT_STATE_TEXT[slot.state]}
        </Text>
      )}
    </View>
  );
}
