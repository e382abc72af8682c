import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { Page } from '../../../../components/page';
import { useElderMode } from '../../../../stores/elder-mode';
import { BOOKING_PAGES, go, pageUrl, useQuery } from '../../booking';
import '../../booking.scss';
import './index.scss';

interface Way {
  key: 'facility' | 'experts' | 'search';
  title: string;
  hint: string;
  mark: string;
  page: string;
}

const WAYS: Way[] = [
  { key: 'facility', title: '按医院找', hint: '选医院、科室，再选医生和日期', mark: '院', page: BOOKING_PAGES.facilities },
  { key: 'experts', title: '专家来我乡', hint: '县医院专家到乡镇卫生院坐诊，不用进城', mark: '专', page: BOOKING_PAGES.experts },
  { key: 'search', title: '搜医生', hint: '知道医生名字，直接搜', mark: '搜', page: BOOKING_PAGES.search },
];

/** 专家来我乡 first for elders: the visit close to home is the one they most often need. */
const ELDER_ORDER: Way['key'][] = ['experts', 'facility', 'search'];

export default function BookingHomePage() {
  const [elder] = useElderMode();
  const query = useQuery();

  // A link from elsewhere (e.g. a renewal that needs a visit) names the facility and doctor: go straight there.
  useEffect(() => {
    if (query.facilityId || query.doctorId) {
      void Taro.redirectTo({ url: pageUrl(BOOKING_PAGES.schedules, { facilityId: query.facilityId, doctorId: query.doctorId }) });
    }
  }, []);

  const ways = elder ? ELDER_ORDER.map((k) => WAYS.find((w) => w.key === k)!) : WAYS;

  return (
    <Page className="bk-home">
      <Text className="bk-home__lead">{elder ? '怎么找医生？点一个：' : '选一种方式找医生，为自己或家人预约'}</Text>
      <View className="bk-home__ways">
        {ways.map((way) => (
          <View
            key={way.key}
            className={`bk-way bk-way--${way.key}`}
            data-testid={`booking-way-${way.key}`}
            hoverClass="bk-way--pressed"
            onClick={() => go(way.page)}
          >
            <Text className="bk-way__mark">{way.mark}</Text>
            <View className="bk-way__text">
              <Text className="bk-way__title">{way.title}</Text>
              <Text className="bk-way__hint">{way.hint}</Text>
            </View>
            <Text className="bk-way__arrow">›</Text>
          </View>
        ))}
      </View>

      <Text className="section-title">我的</Text>
      <View className="card bk-home__mine">
        <MineEntry testId="booking-mine" title="我的预约" hint="看预约状态、支付、取消、签到" page={BOOKING_PAGES.mine} />
        <MineEntry testId="booking-waitlist" title="我的候补" hint="约满时登记的候补，有号会通知您" page={BOOKING_PAGES.waitlist} />
        <MineEntry testId="booking-referrals" title="我的转诊" hint="医生为家人开的转诊单" page={BOOKING_PAGES.referrals} />
      </View>
    </Page>
  );
}

function MineEntry({ testId, title, hint, page }: { testId: string; title: string; hint: string; page: string }) {
  return (
    <View className="bk-home__entry" data-testid={testId} hoverClass="bk-item--pressed" onClick={() => go(page)}>
      <View className="bk-home__entry-text">
        <Text className="bk-home__entry-title">{title}</Text>
        <Text className="bk-home__entry-hint">{hint}</Text>
      </View>
      <Text className="bk-home__entry-arrow">›</Text>
    </View>
  );
}
