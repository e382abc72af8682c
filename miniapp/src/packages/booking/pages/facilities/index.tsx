import { Text, View } from '@tarojs/components';
import { type Facility, FACILITY_LEVEL_LABELS } from '@ygt/shared';
import { useState } from 'react';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { listFacilities, listTownships } from '../../../../services/community';
import { useElderMode } from '../../../../stores/elder-mode';
import { BOOKING_PAGES, go, rememberedTownship, rememberTownship } from '../../booking';
import '../../booking.scss';

type Level = 'township' | 'county' | 'village';

/** Township centres first: most visits start close to home. */
const LEVELS: { key: Level; label: string }[] = [
  { key: 'township', label: FACILITY_LEVEL_LABELS.township },
  { key: 'county', label: FACILITY_LEVEL_LABELS.county },
  { key: 'village', label: FACILITY_LEVEL_LABELS.village },
];

export default function BookingFacilitiesPage() {
  const [elder] = useElderMode();
  const [level, setLevel] = useState<Level>('township');
  const [township, setTownship] = useState<string | undefined>(rememberedTownship());
  // County hospitals belong to no township; village clinics are many, so they follow the township.
  const activeTownship = level === 'county' ? undefined : township;
  const [facilities, reload] = useRemote(() => listFacilities({ level, township: activeTownship }), [level, activeTownship]);
  const [townships] = useRemote(listTownships, []);

  const chooseTownship = (name: string | undefined) => {
    setTownship(name);
    if (name) rememberTownship(name);
  };

  return (
    <Page className="bk-facilities">
      <View className="bk-tabs">
        {LEVELS.map((tab) => (
          <View
            key={tab.key}
            className={`bk-tab${tab.key === level ? ' bk-tab--active' : ''}`}
            data-testid={`booking-level-${tab.key}`}
            onClick={() => setLevel(tab.key)}
          >
            {tab.label}
          </View>
        ))}
      </View>

      {level !== 'county' && townships.status === 'ready' && (
        <View>
          <Text className="muted">按乡镇找：</Text>
          <View className="bk-chips">
            {[undefined, ...townships.data].map((name) => (
              <View
                key={name ?? 'all'}
                className={`bk-chip${name === township ? ' bk-chip--active' : ''}`}
                data-testid={`booking-township-${name ?? 'all'}`}
                onClick={() => chooseTownship(name)}
              >
                {name ?? '全部乡镇'}
              </View>
            ))}
          </View>
        </View>
      )}

      <RemoteView
        state={facilities}
        onRetry={reload}
        isEmpty={(items) => items.length === 0}
        emptyText={activeTownship ? `${activeTownship}没有这类医院，换个乡镇看看` : '没有找到医院'}
      >
        {(items) => (
          <View>
            {items.map((facility) => (
              <FacilityChoice key={facility.id} facility={facility} elder={elder} />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}

function FacilityChoice({ facility, elder }: { facility: Facility; elder: boolean }) {
  return (
    <View
      className="card bk-item"
      data-testid="booking-facility"
      data-facility-id={facility.id}
      hoverClass="bk-item--pressed"
      onClick={() => go(BOOKING_PAGES.departments, { facilityId: facility.id })}
    >
      <Text className="bk-item__title" data-testid="booking-facility-name">
        {facility.name}
      </Text>
      {!elder && <Text className="bk-item__line">{facility.address}</Text>}
      <Text className="bk-item__more">选科室 ›</Text>
    </View>
  );
}
