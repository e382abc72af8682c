import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getMe, listDemoResidents, serverMode, signInAsDemoResident, signInWithWechat, type DemoResident } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { CONSENT_PAGE } from '../../../../services/consent';
import { isTabPage, openUrl, safeDecode } from '../../../../services/sign-in';
import '../../account.scss';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/**
 * After sign-in: back where the resident came from. Coming from 我的 (no health service
 * waiting), a resident who has not decided on the health-data consent reads it next; a
 * health page asks for it by itself.
 */
async function continueAfterSignIn(redirect: string): Promise<void> {
  const target = redirect || '/pages/mine/index';
  if (isTabPage(target)) {
    const me = await getMe().catch(() => null);
    if (me && !me.consent.healthData) {
      void Taro.redirectTo({ url: `${CONSENT_PAGE}?mode=welcome&redirect=${encodeURIComponent(target)}` });
      return;
    }
  }
  openUrl(target, true);
}

async function loadOptions(): Promise<{ mode: 'demo' | 'production'; demoResidents: DemoResident[] }> {
  const mode = await serverMode();
  return { mode, demoResidents: mode === 'demo' ? await listDemoResidents() : [] };
}

export default function SignInPage() {
  const redirect = safeDecode(useRouter().params.redirect ?? '');
  const [options, reload] = useRemote(loadOptions, []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState('');

  const signIn = async (key: string, action: () => Promise<boolean | void>) => {
    if (busy) return;
    setBusy(key);
    setError('');
    try {
      if ((await action()) === false) {
        setError('网页版不能用微信登录，请在微信中打开“医共通”小程序');
        return;
      }
      await continueAfterSignIn(redirect);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '登录没有成功，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page className="sign-in">
      <View className="sign-in__head">
        <Text className="sign-in__title">登录医共通</Text>
        <Text className="sign-in__lead">登录后可以为自己和家人预约挂号、查报告、续方和查医保报销。</Text>
      </View>

      {error && (
        <Text className="acc-form-error" data-testid="sign-in-error">
          {error}
        </Text>
      )}

      <RemoteView state={options} onRetry={reload} loadingText="正在连接…">
        {({ mode, demoResidents }) =>
          mode === 'demo' ? (
            <View className="demo-sign-in" data-testid="demo-sign-in">
              <View className="demo-sign-in__label">
                <Text className="demo-sign-in__label-title">演示登录</Text>
                <Text className="demo-sign-in__label-text">这是演示版本，不用微信登录。请选一位演示居民，他们的信息都是虚构的，不是真实的人。</Text>
              </View>
              {demoResidents.map((resident) => (
                <View
                  key={resident.key}
                  className={`card demo-resident${busy === resident.key ? ' demo-resident--busy' : ''}`}
                  data-testid={`demo-login-${resident.key}`}
                  hoverClass="demo-resident--pressed"
                  onClick={() => signIn(resident.key, () => signInAsDemoResident(resident.key))}
                >
                  <View className="demo-resident__text">
                    <Text className="demo-resident__name">{resident.label}</Text>
                    <Text className="demo-resident__description">{resident.description}</Text>
                  </View>
                  <Text className="demo-resident__go">{busy === resident.key ? '登录中…' : '用这个身份登录 ›'}</Text>
                </View>
              ))}
            </View>
          ) : IS_WEAPP ? (
            <View className="acc-actions">
              <Button block type="primary" size="large" loading={busy === 'wechat'} data-testid="wechat-login" onClick={() => signIn('wechat', signInWithWechat)}>
                微信一键登录
              </Button>
              <Text className="muted">只用于确认是您本人在使用，不会获取您的微信好友和聊天记录。</Text>
            </View>
          ) : (
            <Text className="acc-note acc-note--warn" data-testid="sign-in-weapp-only">
              网页版不能登录。请在微信里搜索“医共通”小程序，打开后登录。
            </Text>
          )
        }
      </RemoteView>
    </Page>
  );
}
