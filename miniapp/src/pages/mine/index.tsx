import { Text, View } from '@tarojs/components';
import { ElderToggle } from '../../components/elder-toggle';
import { Page } from '../../components/page';
import { AccountSection } from './account-section';
import './index.scss';

export default function MinePage() {
  return (
    <Page className="mine">
      <AccountSection />

      <Text className="section-title">显示设置</Text>
      <ElderToggle />

      <Text className="section-title">关于医共通</Text>
      <View className="card mine__about" data-testid="about">
        <Text className="mine__about-text">
          医共通是云溪县医共体的居民服务。县医院、乡镇卫生院和村卫生室连在一起，在手机上就能预约挂号、查报告、续开慢性病长处方、看医保报销，各项服务正在陆续开通。
        </Text>
        <Text className="mine__about-text">小病不出村，常见病不出乡，大病不出县。</Text>
      </View>
    </Page>
  );
}
