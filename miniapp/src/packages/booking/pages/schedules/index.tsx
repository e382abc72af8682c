import { Text, View } from '@tarojs/components';
import type { Schedule } from '@ygt/shared';
import { useEffect, useState } from 'react';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { searchSchedules } from '../../../../services/booking';
import { dayName, isOver, today, useQuery, windowDates } from '../../booking';
import { RulesBox, ScheduleCard } from '../../parts';
import '../../booking.scss';

const bookable = (s: Schedule) => s.bookingOpen && s.remaining > 0;

/** The date to open on: the first with places left, else the first with any session. */
function firstDate(items: Schedule[]): string {
  return (items.find(bookable) ?? items.find((s) => s.bookingOpen) ?? items[0])?.date ?? today();
}

/**
 * Doctors and dates of a facility's department (or one doctor): the next 7 days as a strip,
 * then each session of the chosen day with the places left and the fee.
 */
export default function BookingSchedulesPage() {
  const { facilityId, departmentId, doctorId } = useQuery();
  // Sessions already under way are of no use here: left out.
  const [schedules, reload] = useRemote(
    async () => (await searchSchedules({ facilityId, departmentId, doctorId })).filter((s) => !isOver(s)),
    [facilityId, departmentId, doctorId],
  );
  const [date, setDate] = useState<string | undefined>();

  useEffect(() => {
    if (schedules.status === 'ready' && date === undefined) setDate(firstDate(schedules.data));
  }, [schedules.status]);

  return (
    <Page className="bk-schedules">
      <RemoteView state={schedules} onRetry={reload} isEmpty={(items) => items.length === 0} emptyText="近7天没有出诊安排，请换个科室或过几天再来看">
        {(items) => {
          const first = items[0];
          const chosen = date ?? firstDate(items);
          const ofDay = items.filter((s) => s.date === chosen);
          return (
            <View>
              <View className="card">
                <Text className="bk-item__title" data-testid="schedules-title">
                  {doctorId ? `${first.doctor.name} ${first.doctor.titleLabel}` : first.facility.name}
                </Text>
                <Text className="bk-item__line">{doctorId ? `${first.department.name} · ${first.doctor.specialty}` : first.department.name}</Text>
              </View>
              {facilityId && <RulesBox facilityId={facilityId} keys={['window', 'cancel']} title="放号和退号" />}

              <Text className="muted">选日期（近7天）：</Text>
              <View className="bk-dates">
                {windowDates().map((d) => {
                  const day = items.filter((s) => s.date === d);
                  const places = day.filter((s) => s.bookingOpen).reduce((n, s) => n + s.remaining, 0);
                  const label = day.length === 0 ? '无出诊' : places > 0 ? `有号` : '约满';
                  const weekday = day[0]?.weekdayLabel ?? '';
                  return (
                    <View
                      key={d}
                      className={`bk-date${d === chosen ? ' bk-date--active' : ''}${day.length === 0 ? ' bk-date--empty' : ''}`}
                      data-testid={`schedule-date-${d}`}
                      onClick={() => setDate(d)}
                    >
                      <Text className="bk-date__day">{dayName(d)}</Text>
                      <Text className="bk-date__week">{weekday || ' '}</Text>
                      <Text className="bk-date__count">{label}</Text>
                    </View>
                  );
                })}
              </View>

              {ofDay.length === 0 ? (
                <View className="bk-note" data-testid="schedules-day-empty">
                  {dayName(chosen)}没有出诊，请选别的日期。
                </View>
              ) : (
                ofDay.map((s) => <ScheduleCard key={s.id} schedule={s} showFacility={!facilityId} />)
              )}
            </View>
          );
        }}
      </RemoteView>
    </Page>
  );
}
