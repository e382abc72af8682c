import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { WaitlistEntry, WaitlistStatus } from '@ygt/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { Sheet } from '../../../../components/sheet';
import { ApiError } from '../../../../services/api';
import { acceptWaitlistOffer, leaveWaitlist, listMyWaitlist } from '../../../../services/booking';
import { useRequireSignIn } from '../../../../services/sign-in';
import { BOOKING_PAGES, countdownText, dayName, dayText, feeText, feeValue, go, instantText, pageUrl, type Tone, useCountdown, useQuery, useShownCount } from '../../booking';
import { Row, VisitingTag } from '../../parts';
import '../../booking.scss';

const WAITLIST_TONE: Record<WaitlistStatus, Tone> = { waiting: 'wait', offered: 'pay', booked: 'ok', expired: 'off', left: 'off', closed: 'off' };

/** 我的候补 (no id), or one entry (id): its place in line, or the offer with its countdown and 确认. */
export default function WaitlistPage() {
  const signedIn = useRequireSignIn();
  const { id, joined } = useQuery();
  const shown = useShownCount();
  const [attempt, setAttempt] = useState(0);
  const [entries, reload] = useRemote(() => (signedIn ? listMyWaitlist() : new Promise<WaitlistEntry[]>(() => {})), [shown, attempt, signedIn]);
  const refresh = () => setAttempt((n) => n + 1);

  return (
    <Page className="bk-waitlist">
      <RemoteView state={entries} onRetry={reload} isEmpty={(items) => !id && items.length === 0} emptyText="还没有候补。号约满时，可以在时间段页面登记候补。">
        {(items) => {
          if (!id) return <WaitlistList entries={items} />;
          const entry = items.find((e) => e.id === id);
          return entry ? (
            <EntryView entry={entry} justJoined={joined === '1'} onChanged={refresh} />
          ) : (
            <View className="bk-note bk-note--warn" data-testid="waitlist-missing">
              没有找到这条候补，可能已经结束。
            </View>
          );
        }}
      </RemoteView>
    </Page>
  );
}

function StatusWord({ entry }: { entry: WaitlistEntry }) {
  return (
    <Text className={`bk-status bk-status--${WAITLIST_TONE[entry.status]}`} data-testid="waitlist-status" data-status={entry.status}>
      {entry.statusLabel}
    </Text>
  );
}

function WaitlistList({ entries }: { entries: WaitlistEntry[] }) {
  return (
    <View>
      {entries.map((e) => (
        <View key={e.id} className="card bk-item" data-testid="waitlist-item" hoverClass="bk-item--pressed" onClick={() => go(BOOKING_PAGES.waitlist, { id: e.id })}>
          <View className="bk-item__head">
            <Text className="bk-item__title">
              {e.patient.name} · {e.schedule.doctor.name}
            </Text>
            <StatusWord entry={e} />
          </View>
          <Text className="bk-item__strong">
            {dayName(e.schedule.date)} {e.schedule.weekdayLabel} {e.schedule.periodLabel}
          </Text>
          <Text className="bk-item__line">
            {e.schedule.facility.name} · {e.schedule.department.name}
          </Text>
          {e.status === 'waiting' && e.position !== null && <Text className="bk-item__line">排在第 {e.position} 位</Text>}
          {e.status === 'offered' && <Text className="bk-item__strong">有号了，请尽快确认 ›</Text>}
        </View>
      ))}
    </View>
  );
}

function EntryView({ entry: e, justJoined, onChanged }: { entry: WaitlistEntry; justJoined: boolean; onChanged: () => void }) {
  const s = e.schedule;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [leaving, setLeaving] = useState(false);
  const left = useCountdown(e.status === 'offered' ? e.offer?.expiresAt : null);
  const offerLive = e.status === 'offered' && e.offer !== null && left !== null && left > 0;

  const accept = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const booking = await acceptWaitlistOffer(e.id);
      void Taro.redirectTo({ url: pageUrl(BOOKING_PAGES.detail, { id: booking.id, booked: '1' }) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有确认成功，请稍后再试');
      onChanged();
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await leaveWaitlist(e.id);
      setLeaving(false);
      void Taro.showToast({ title: '已退出候补', icon: 'none' });
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有退出成功，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      {justJoined && e.status === 'waiting' && (
        <View className="bk-note bk-note--ok" data-testid="waitlist-joined">
          <Text className="bk-note__title">已登记候补</Text>
          有人退号时，会按登记顺序通知您。收到通知后请尽快回来确认。
        </View>
      )}

      <View className="card">
        <View className="bk-item__head">
          <Text className="bk-item__title">{e.patient.name} 的候补</Text>
          <StatusWord entry={e} />
        </View>
        {e.status === 'waiting' && e.position !== null && (
          <Text className="bk-item__strong" data-testid="waitlist-position">
            现在排在第 {e.position} 位
          </Text>
        )}
      </View>

      {e.status === 'offered' && e.offer && (
        <View className="card bk-item" data-testid="waitlist-offer">
          <Text className="bk-item__title">有号了！</Text>
          <Text className="bk-item__strong">
            {dayText(s.date, s.weekdayLabel)} {e.offer.startTime}-{e.offer.endTime}
          </Text>
          {offerLive ? (
            <Text className="bk-note bk-note--warn" data-testid="waitlist-offer-countdown">
              请在 {countdownText(left!)} 内确认（{instantText(e.offer.expiresAt)}前），过时会让给下一位。
            </Text>
          ) : (
            <Text className="bk-note bk-note--bad" data-testid="waitlist-offer-expired">
              确认时间已过，这个号会让给下一位。
            </Text>
          )}
          {s.feeFen > 0 && s.feePayableOnline && <Text className="bk-item__line">确认后需要支付{feeText(s.feeFen)}。</Text>}
        </View>
      )}

      <View className="card">
        <Row label="医生">
          {s.doctor.name} {s.doctor.titleLabel}
        </Row>
        {s.isVisiting && (
          <View>
            <VisitingTag from={s.doctor.homeFacilityName} />
          </View>
        )}
        <Row label="时间">
          {dayText(s.date, s.weekdayLabel)} {s.periodLabel} {s.startTime}-{s.endTime}
        </Row>
        <Row label="地点">
          {s.facility.name} {s.department.name}
        </Row>
        <Row label="挂号费">{feeValue(s.feeFen)}</Row>
      </View>

      {error && (
        <Text className="bk-error" data-testid="waitlist-error">
          {error}
        </Text>
      )}

      <View className="bk-actions">
        {offerLive && (
          <Button block type="primary" size="large" loading={busy} disabled={busy} data-testid="waitlist-accept" onClick={accept}>
            确认，要这个号
          </Button>
        )}
        {e.status === 'booked' && e.bookingId && (
          <Button block type="primary" size="large" data-testid="waitlist-booking" onClick={() => go(BOOKING_PAGES.detail, { id: e.bookingId! })}>
            查看预约
          </Button>
        )}
        {(e.status === 'waiting' || e.status === 'offered') && (
          <Button block size="large" disabled={busy} data-testid="waitlist-leave" onClick={() => setLeaving(true)}>
            {e.status === 'offered' ? '不要这个号了' : '退出候补'}
          </Button>
        )}
      </View>

      <Sheet open={leaving} title={e.status === 'offered' ? '不要这个号了吗？' : '确定退出候补吗？'} testId="waitlist-leave-sheet" onClose={busy ? undefined : () => setLeaving(false)}>
        <Text className="sheet__text">{e.status === 'offered' ? '放弃后，这个号会让给下一位候补的人。' : '退出后不再排队，以后有号也不会通知您。'}</Text>
        <View className="sheet__actions">
          <Button block type="danger" size="large" loading={busy} disabled={busy} data-testid="waitlist-leave-confirm" onClick={leave}>
            {e.status === 'offered' ? '确定放弃' : '确定退出'}
          </Button>
          <Button block size="large" disabled={busy} onClick={() => setLeaving(false)}>
            再想想
          </Button>
        </View>
      </Sheet>
    </View>
  );
}
