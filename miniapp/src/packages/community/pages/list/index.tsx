import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { FACILITY_LEVEL_LABELS, type Facility, type FacilityLevel } from '@ygt/shared';
import { useState } from 'react';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { listFacilities, listTownships } from '../../../../services/community';
import { useElderMode } from '../../../../stores/elder-mode';
import '../../community.scss';
import './index.scss';

type LevelTab = 'all' | Exclude<FacilityLevel, 'pharmacy'>;

const LEVEL_TABS: { key: LevelTab; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'county', label: FACILITY_LEVEL_LABELS.county },
  { key: 'township', label: FACILITY_LEVEL_LABELS.township },
  { key: 'village', label: FACILITY_LEVEL_LABELS.village },
];

export default function FacilityListPage() {
  const [elder] = useElderMode();
  const [level, setLevel] = useState<LevelTab>('all');
  const [township, setTownship] = useState<string | undefined>();
  // County hospitals belong to no township: the township filter does not apply to them.
  const townshipApplies = level !== 'county';
  const activeTownship = townshipApplies ? township : undefined;

  const [facilities, reloadFacilities] = useRemote(
    () => listFacilities({ level: level === 'all' ? undefined : level, township: activeTownship }),
    [level, activeTownship],
  );
  const [townships, reloadTownships] = useRemote(listTownships, []);

  const retry = () => {
    reloadFacilities();
    if (townships.status === 'error') reloadTownships();
  };

  return (
    <Page className="facility-list">
      <View className="level-tabs">
        {LEVEL_TABS.map((tab) => (
          <View
            key={tab.key}
            className={`level-tab${tab.key === level ? ' level-tab--active' : ''}`}
            data-testid={`level-tab-${tab.key}`}
            onClick={() => setLevel(tab.key)}
          >
            {tab.label}
          </View>
        ))}
      </View>

      {townshipApplies && townships.status === 'ready' && townships.data.length > 0 && (
        <View className="township-filter">
          <Text className="township-filter__label">按乡镇找：</Text>
          <View className="township-filter__options">
            {[undefined, ...townships.data].map((name) => (
              <View
                key={name ?? 'all'}
                className={`township-option${name === township ? ' township-option--active' : ''}`}
                data-testid={`township-option-${name ?? 'all'}`}
                onClick={() => setTownship(name)}
              >
                {name ?? '全部乡镇'}
              </View>
            ))}
          </View>
        </View>
      )}

      <RemoteView
        state={facilities}
        onRetry={retry}
        isEmpty={(items) => items.length === 0}
        emptyText={activeTownship ? `${activeTownship}没有找到这类医疗机构` : '没有找到医疗机构'}
      >
        {(items) => (
          <View className="facility-items">
            <Text className="facility-items__count muted">共 {items.length} 家</Text>
            {items.map((facility) => (
              <FacilityCard key={facility.id} facility={facility} elder={elder} />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}

function FacilityCard({ facility, elder }: { facility: Facility; elder: boolean }) {
  return (
    <View
      className="card facility-card"
      data-testid="facility-item"
      hoverClass="facility-card--pressed"
      onClick={() => Taro.navigateTo({ url: `/packages/community/pages/detail/index?id=${encodeURIComponent(facility.id)}` })}
    >
      <View className="facility-card__head">
        <Text className="facility-card__name" data-testid="facility-name">
          {facility.name}
        </Text>
        <Text className={`level-badge level-badge--${facility.level}`}>{FACILITY_LEVEL_LABELS[facility.level]}</Text>
      </View>
      {facility.township && <Text className="facility-card__line">乡镇：{facility.township}</Text>}
      <Text className="facility-card__line">地址：{facility.address}</Text>
      <Text className="facility-card__line">电话：{facility.phone}</Text>
      {!elder && <Text className="facility-card__more">查看科室、医生和专家坐诊 ›</Text>}
      {elder && <Text className="facility-card__more">点这里看详情 ›</Text>}
    </View>
  );
}
