import { Text, View } from '@tarojs/components';
import type { Booking } from '@ygt/shared';
import { useState } from 'react';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getEligibility, listMyBookings } from '../../../../services/booking';
import { useRequireSignIn } from '../../../../services/sign-in';
import { BOOKING_PAGES, go, useShownCount } from '../../booking';
import { BookingCard } from '../../parts';
import '../../booking.scss';

type Scope = 'upcoming' | 'past';

interface Suspension {
  name: string;
  until: string;
  message: string;
}

/**
 * Family members whose online booking is suspended for no-shows, with the end date. Only those
 * with a no-show (or a late cancellation) on record can be, so only they are asked about.
 */
async function loadSuspensions(): Promise<Suspension[]> {
  const past = await listMyBookings('past');
  const latestByMember = new Map<string, Booking>();
  for (const b of past) {
    if (!b.patient.memberId || !(b.status === 'no_show' || b.lateCancel)) continue;
    if (!latestByMember.has(b.patient.memberId)) latestByMember.set(b.patient.memberId, b);
  }
  const answers = await Promise.all(
    [...latestByMember.entries()].map(async ([memberId, b]) => {
      const e = await getEligibility(memberId, b.facility.id);
      return e.suspended && e.suspendedUntil ? { name: b.patient.name, until: e.suspendedUntil, message: e.messages[0] ?? '' } : null;
    }),
  );
  return answers.filter((a): a is Suspension => a !== null);
}

export default function MyBookingsPage() {
  const signedIn = useRequireSignIn();
  const shown = useShownCount();
  const [scope, setScope] = useState<Scope>('upcoming');
  const pending = <T,>() => new Promise<T>(() => {});
  const [bookings, reload] = useRemote(() => (signedIn ? listMyBookings(scope) : pending<Booking[]>()), [scope, shown, signedIn]);
  // A notice is an extra: when it cannot load, the list still shows.
  const [suspensions] = useRemote(() => (signedIn ? loadSuspensions().catch(() => []) : pending<Suspension[]>()), [shown, signedIn]);

  return (
    <Page className="bk-mine">
      {suspensions.status === 'ready' &&
        suspensions.data.map((s) => (
          <View key={s.name} className="bk-note bk-note--bad" data-testid="booking-suspension">
            <Text className="bk-note__title">
              {s.name} 暂停在线预约至 {s.until}
            </Text>
            {s.message}
          </View>
        ))}

      <View className="bk-tabs">
        {(
          [
            ['upcoming', '待就诊'],
            ['past', '历史预约'],
          ] as const
        ).map(([key, label]) => (
          <View key={key} className={`bk-tab${scope === key ? ' bk-tab--active' : ''}`} data-testid={`booking-tab-${key}`} onClick={() => setScope(key)}>
            {label}
          </View>
        ))}
      </View>

      <RemoteView
        state={bookings}
        onRetry={reload}
        isEmpty={(items) => items.length === 0}
        emptyText={scope === 'upcoming' ? '还没有待就诊的预约' : '还没有历史预约'}
      >
        {(items) => (
          <View data-testid="booking-list">
            {items.map((b) => (
              <BookingCard key={b.id} booking={b} />
            ))}
          </View>
        )}
      </RemoteView>

      {scope === 'upcoming' && bookings.status === 'ready' && bookings.data.length === 0 && (
        <View className="bk-actions">
          <View className="bk-link" data-testid="booking-go-book" onClick={() => go(BOOKING_PAGES.home)}>
            去预约挂号 ›
          </View>
        </View>
      )}

      <Text className="section-title">也可以看看</Text>
      <View className="card bk-links">
        <View className="bk-links__item" data-testid="booking-go-waitlist" hoverClass="bk-item--pressed" onClick={() => go(BOOKING_PAGES.waitlist)}>
          我的候补 ›
        </View>
        <View className="bk-links__item" data-testid="booking-go-referrals" hoverClass="bk-item--pressed" onClick={() => go(BOOKING_PAGES.referrals)}>
          我的转诊 ›
        </View>
      </View>
    </Page>
  );
}
