import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { type DoctorSearchResult, searchDoctors } from '../../../../services/booking';
import { useElderMode } from '../../../../stores/elder-mode';
import { readStored, writeStored } from '../../../../platform';
import { ScheduleCard, VisitingTag } from '../../parts';
import '../../booking.scss';
import './index.scss';

const LAST_SEARCH_KEY = 'ygt.booking.doctorSearch';

/** 搜医生: by (part of) a name; each doctor with their sessions of the coming week, wherever they sit. */
export default function BookingSearchPage() {
  const [elder] = useElderMode();
  const [typed, setTyped] = useState(readStored<string>(LAST_SEARCH_KEY) ?? '');
  const [name, setName] = useState(typed.trim());
  const [results, reload] = useRemote(() => (name ? searchDoctors(name) : Promise.resolve([] as DoctorSearchResult[])), [name]);

  const search = () => {
    const value = typed.trim();
    writeStored(LAST_SEARCH_KEY, value);
    setName(value);
  };

  return (
    <Page className="bk-search">
      <View className="bk-search__bar">
        <Input
          className="bk-search__input"
          data-testid="booking-search-input"
          value={typed}
          maxlength={20}
          placeholder="输入医生姓名，如：林玉兰"
          confirmType="search"
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={search}
        />
        <Button type="primary" size={elder ? 'large' : 'normal'} data-testid="booking-search-submit" onClick={search}>
          搜索
        </Button>
      </View>

      {!name ? (
        <Text className="muted">可以只输入姓，例如“林”。</Text>
      ) : (
        <RemoteView state={results} onRetry={reload} isEmpty={(items) => items.length === 0} emptyText={`没有找到叫“${name}”的医生`}>
          {(doctors) => (
            <View>
              {doctors.map((d) => (
                <View key={d.id} className="bk-search__doctor" data-testid="doctor-result">
                  <View className="card">
                    <Text className="bk-item__title">
                      {d.name}
                      <Text className="bk-item__sub">{d.titleLabel}</Text>
                    </Text>
                    {d.isCountyExpert && (
                      <View>
                        <Text className="bk-tag bk-tag--expert">县级专家</Text>
                      </View>
                    )}
                    <Text className="bk-item__line">
                      {d.facility.name} · {d.department.name}
                    </Text>
                    {!elder && d.specialty && <Text className="bk-item__line">擅长：{d.specialty}</Text>}
                    {d.upcoming.length === 0 && <Text className="bk-item__strong">近7天没有出诊安排</Text>}
                    {d.upcoming.some((s) => s.isVisiting) && (
                      <View>
                        <VisitingTag from={d.facility.name} />
                        <Text className="bk-item__line">近期会到乡镇卫生院坐诊</Text>
                      </View>
                    )}
                  </View>
                  {d.upcoming.map((s) => (
                    <ScheduleCard key={s.id} schedule={s} showFacility showDate />
                  ))}
                </View>
              ))}
            </View>
          )}
        </RemoteView>
      )}
    </Page>
  );
}
