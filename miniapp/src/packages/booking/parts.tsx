import { Text, View } from '@tarojs/components';
import { type Booking, type BookingStatus, formatDateCn, type Referral, type Schedule } from '@ygt/shared';
import { type ReactNode, useState } from 'react';
import { useRemote } from '../../components/remote';
import { getBookingRules } from '../../services/booking';
import { useElderMode } from '../../stores/elder-mode';
import { BOOKING_PAGES, dayName, feeText, go, placesText, STATUS_VIEW, visitTime } from './booking';

export function StatusChip({ status, testId }: { status: BookingStatus; testId?: string }) {
  const view = STATUS_VIEW[status];
  return (
    <Text className={`bk-status bk-status--${view.tone}`} data-testid={testId} data-status={status}>
      {view.text}
    </Text>
  );
}

const REFERRAL_TONE: Record<Referral['status'], string> = { pending: 'wait', accepted: 'ok', declined: 'bad', completed: 'done' };

export function ReferralStatusWord({ referral }: { referral: Referral }) {
  return (
    <Text className={`bk-status bk-status--${REFERRAL_TONE[referral.status]}`} data-testid="referral-status" data-status={referral.status}>
      {referral.statusLabel}
    </Text>
  );
}

/** 县医院专家来乡坐诊: a county expert seeing patients at a township this session. */
export function VisitingTag({ from }: { from?: string }) {
  return <Text className="bk-tag bk-tag--expert">{from ? `${from}专家下乡` : '县级专家下乡'}</Text>;
}

/** The rules the resident sees before tapping: window, cancellation, limits, no-shows (all on request). */
const FIRST_RULES = ['window', 'cancel', 'per_day', 'per_week', 'no_show'];

export function RulesBox({ facilityId, title = '预约须知', keys = FIRST_RULES }: { facilityId: string; title?: string; keys?: string[] }) {
  const [rules] = useRemote(() => getBookingRules(facilityId), [facilityId]);
  const [all, setAll] = useState(false);
  // The rules explain; when they cannot load, the page still works (the API enforces them anyway).
  if (rules.status !== 'ready') return null;
  const items = all ? rules.data.items : rules.data.items.filter((r) => keys.includes(r.key));
  return (
    <View className="bk-note bk-rules" data-testid="booking-rules">
      <Text className="bk-note__title">{title}</Text>
      {items.map((r) => (
        <Text key={r.key} className="bk-rules__item" data-testid={`booking-rule-${r.key}`}>
          <Text className="bk-rules__name">{r.title}：</Text>
          {r.text}
        </Text>
      ))}
      <Text className="bk-rules__toggle" data-testid="booking-rules-toggle" onClick={() => setAll(!all)}>
        {all ? '收起' : '查看全部规则 ›'}
      </Text>
    </View>
  );
}

/** A schedule (one doctor, one session) in a list: who, when, places left and the fee. */
export function ScheduleCard({ schedule, showFacility, showDate }: { schedule: Schedule; showFacility?: boolean; showDate?: boolean }) {
  const [elder] = useElderMode();
  const places = placesText(schedule);
  return (
    <View
      className="card bk-item"
      data-testid="schedule-item"
      data-schedule-id={schedule.id}
      hoverClass="bk-item--pressed"
      onClick={() => go(BOOKING_PAGES.schedule, { id: schedule.id })}
    >
      <View className="bk-item__head">
        <Text className="bk-item__title">
          {schedule.doctor.name}
          <Text className="bk-item__sub">{schedule.doctor.titleLabel}</Text>
        </Text>
        <Text className={`bk-places bk-places--${places.tone}`} data-testid="schedule-places">
          {places.text}
        </Text>
      </View>
      {schedule.isVisiting && (
        <View>
          <VisitingTag from={schedule.doctor.homeFacilityName} />
        </View>
      )}
      <Text className="bk-item__strong">
        {showDate ? `${dayName(schedule.date)} ${schedule.weekdayLabel} ` : ''}
        {schedule.periodLabel} {schedule.startTime}-{schedule.endTime}
      </Text>
      {showFacility && (
        <Text className="bk-item__line">
          {schedule.facility.name} · {schedule.department.name}
        </Text>
      )}
      {!showFacility && <Text className="bk-item__line">{schedule.department.name}</Text>}
      {!elder && schedule.doctor.specialty && <Text className="bk-item__line">擅长：{schedule.doctor.specialty}</Text>}
      <Text className="bk-item__line">{feeText(schedule.feeFen)}</Text>
      <Text className="bk-item__more">{schedule.remaining > 0 ? '选时间段 ›' : '查看 ›'}</Text>
    </View>
  );
}

/** A booking in 我的预约: status in words, who, when, where. */
export function BookingCard({ booking }: { booking: Booking }) {
  return (
    <View
      className="card bk-item"
      data-testid="booking-item"
      data-booking-id={booking.id}
      hoverClass="bk-item--pressed"
      onClick={() => go(BOOKING_PAGES.detail, { id: booking.id })}
    >
      <View className="bk-item__head">
        <Text className="bk-item__title">
          {booking.patient.name} · {booking.doctor.name}
        </Text>
        <StatusChip status={booking.status} testId="booking-item-status" />
      </View>
      <Text className="bk-item__strong">{visitTime(booking)}</Text>
      <Text className="bk-item__line">
        {booking.facility.name} · {booking.department.name}
      </Text>
      {booking.source !== 'online' && (
        <View>
          <Text className={`bk-tag bk-tag--${booking.source}`}>{booking.source === 'referral' ? '转诊预约' : '候补成功'}</Text>
        </View>
      )}
      <Text className="bk-item__more">查看详情 ›</Text>
    </View>
  );
}

export function DateHeading({ date, weekdayLabel }: { date: string; weekdayLabel: string }) {
  return (
    <Text className="section-title">
      {dayName(date)} {dayName(date) === formatDateCn(date) ? '' : formatDateCn(date)} {weekdayLabel}
    </Text>
  );
}

/** A label and its value; in 关怀版 the value goes under the label, big. */
export function Row({ label, children, testId, wide }: { label: string; children: ReactNode; testId?: string; wide?: boolean }) {
  return (
    <View className={`bk-row${wide ? ' bk-row--wide' : ''}`}>
      <Text className="bk-row__label">{label}</Text>
      <Text className="bk-row__value" data-testid={testId}>
        {children}
      </Text>
    </View>
  );
}
