import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ElderToggle } from '../../components/elder-toggle';
import { Page } from '../../components/page';
import { useElderMode } from '../../stores/elder-mode';
import './index.scss';

interface Entry {
  key: 'booking' | 'results' | 'prescriptions' | 'insurance';
  title: string;
  hint: string;
  mark: string;
}

/** The four services residents come for; each opens its own subpackage. */
const ENTRIES: Entry[] = [
  { key: 'booking', title: '预约挂号', hint: '县乡村医院看病预约', mark: '挂' },
  { key: 'results', title: '报告查询', hint: '化验单、检查报告', mark: '查' },
  { key: 'prescriptions', title: '长处方续方', hint: '慢性病常用药续开', mark: '药' },
  { key: 'insurance', title: '医保报销', hint: '报销进度和明细', mark: '保' },
];

function open(url: string) {
  void Taro.navigateTo({ url });
}

export default function HomePage() {
  const [elder] = useElderMode();
  return (
    <Page className="home">
      <View className="home__header">
        <Text className="home__title">医共通</Text>
        <Text className="home__subtitle">云溪县医共体</Text>
        {!elder && <Text className="home__slogan">县乡村医院一网通办，少跑腿</Text>}
      </View>

      <View className="home__entries">
        {ENTRIES.map((entry) => (
          <View
            key={entry.key}
            className={`home-entry home-entry--${entry.key}`}
            data-testid={`entry-${entry.key}`}
            hoverClass="home-entry--pressed"
            onClick={() => open(`/packages/${entry.key}/pages/index/index`)}
          >
            <Text className="home-entry__mark">{entry.mark}</Text>
            <Text className="home-entry__title">{entry.title}</Text>
            {!elder && <Text className="home-entry__hint">{entry.hint}</Text>}
          </View>
        ))}
      </View>

      <View
        className="home-community"
        data-testid="entry-community"
        hoverClass="home-entry--pressed"
        onClick={() => open('/packages/community/pages/list/index')}
      >
        <View className="home-community__text">
          <Text className="home-community__title">社区医疗机构</Text>
          {!elder && <Text className="home-community__hint">找医院、卫生院、村卫生室，看电话和专家坐诊</Text>}
        </View>
        <Text className="home-community__arrow">›</Text>
      </View>

      <ElderToggle />
    </Page>
  );
}
