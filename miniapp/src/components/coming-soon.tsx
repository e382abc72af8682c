import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from './nutui';
import { Page } from './page';
import './coming-soon.scss';

interface ComingSoonProps {
  service: string;
  /** What the resident can do today instead, in one plain sentence. */
  meanwhile: string;
}

/** The page of a service that is not open yet: says so plainly and leads back home. */
export function ComingSoon({ service, meanwhile }: ComingSoonProps) {
  return (
    <Page className="coming-soon">
      <View className="card coming-soon__card" data-testid="coming-soon">
        <Text className="coming-soon__title">{service}</Text>
        <Text className="coming-soon__lead">这项服务马上就要开通了，请过几天再来看看。</Text>
        <Text className="coming-soon__meanwhile">{meanwhile}</Text>
      </View>
      <View className="coming-soon__actions">
        <Button
          block
          type="primary"
          size="large"
          data-testid="go-community"
          onClick={() => Taro.navigateTo({ url: '/packages/community/pages/list/index' })}
        >
          查看医院和卫生室电话
        </Button>
        <Button block size="large" data-testid="go-home" onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>
          返回首页
        </Button>
      </View>
    </Page>
  );
}
