import { Text, View } from '@tarojs/components';
import type { Schedule } from '@ygt/shared';
import { useEffect, useState } from 'react';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { listMyBookings, searchSchedules } from '../../../../services/booking';
import { listFacilities, listTownships } from '../../../../services/community';
import { getSession } from '../../../../stores/session';
import { useElderMode } from '../../../../stores/elder-mode';
import { BOOKING_PAGES, go, isOver, rememberedTownship, rememberTownship } from '../../booking';
import { DateHeading, ScheduleCard } from '../../parts';
import '../../booking.scss';

/**
 * The township to open on: the one chosen last time, else the township of the family's latest
 * booking (where they usually go), else none: the resident chooses.
 */
async function homeTownship(): Promise<string | undefined> {
  const remembered = rememberedTownship();
  if (remembered || !getSession()) return remembered;
  try {
    const [upcoming, past] = await Promise.all([listMyBookings('upcoming'), listMyBookings('past')]);
    const latest = [...upcoming, ...past].sort((a, b) => b.createdAt - a.createdAt)[0];
    if (!latest) return undefined;
    const facilities = await listFacilities();
    return facilities.find((f) => f.id === latest.facility.id)?.township ?? undefined;
  } catch {
    return undefined;
  }
}

/** 专家来我乡: county experts' sessions at the chosen township's health centre, the next 7 days. */
export default function BookingExpertsPage() {
  const [elder] = useElderMode();
  const [townships, reloadTownships] = useRemote(listTownships, []);
  const [township, setTownship] = useState<string | undefined>(rememberedTownship());
  const [guessed, setGuessed] = useState(township !== undefined);

  useEffect(() => {
    if (guessed) return;
    void homeTownship().then((name) => {
      if (name) setTownship(name);
      setGuessed(true);
    });
  }, []);

  const [schedules, reload] = useRemote(
    async () => (township ? (await searchSchedules({ township, visiting: true })).filter((s) => !isOver(s)) : []),
    [township],
  );
  // Elders see the chips only when they want another township: one step fewer.
  const [choosing, setChoosing] = useState(false);
  const showChips = !elder || !township || choosing;

  const choose = (name: string) => {
    setTownship(name);
    rememberTownship(name);
    setChoosing(false);
  };

  return (
    <Page className="bk-experts">
      <View className="bk-note">
        <Text className="bk-note__title">县医院专家到乡镇卫生院坐诊</Text>
        在家门口看县里的专家，不用进城。选您住的乡镇，看近7天哪位专家来。
      </View>

      {showChips ? (
        <RemoteView state={townships} onRetry={reloadTownships}>
          {(names) => (
            <View>
              <Text className="muted">我住在：</Text>
              <View className="bk-chips">
                {names.map((name) => (
                  <View
                    key={name}
                    className={`bk-chip${name === township ? ' bk-chip--active' : ''}`}
                    data-testid={`experts-township-${name}`}
                    onClick={() => choose(name)}
                  >
                    {name}
                  </View>
                ))}
              </View>
            </View>
          )}
        </RemoteView>
      ) : (
        <View className="bk-chips">
          <View className="bk-chip bk-chip--active">{township}</View>
          <View className="bk-chip" data-testid="experts-change-township" onClick={() => setChoosing(true)}>
            换一个乡镇
          </View>
        </View>
      )}

      {!township ? (
        guessed && <View className="bk-note bk-note--warn">请先点上面您住的乡镇。</View>
      ) : (
        <RemoteView
          state={schedules}
          onRetry={reload}
          isEmpty={(items) => items.length === 0}
          emptyText={`近7天没有县医院专家来${township}坐诊`}
        >
          {(items) => (
            <View data-testid="experts-list">
              {groupByDate(items).map(([date, day]) => (
                <View key={date}>
                  <DateHeading date={date} weekdayLabel={day[0].weekdayLabel} />
                  {day.map((s) => (
                    <ScheduleCard key={s.id} schedule={s} showFacility />
                  ))}
                </View>
              ))}
            </View>
          )}
        </RemoteView>
      )}

      {township && schedules.status === 'ready' && schedules.data.length === 0 && (
        <View className="bk-actions">
          <View className="bk-link" data-testid="experts-go-facilities" onClick={() => go(BOOKING_PAGES.facilities)}>
            按医院找其他医生 ›
          </View>
        </View>
      )}
    </Page>
  );
}

function groupByDate(items: Schedule[]): [string, Schedule[]][] {
  const days = new Map<string, Schedule[]>();
  for (const s of items) days.set(s.date, [...(days.get(s.date) ?? []), s]);
  return [...days.entries()];
}
