import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../services/api';
import { ensureHealthConsent } from '../services/consent';
import { Button, Loading } from './nutui';

export type HealthConsentState = 'checking' | 'granted' | 'declined' | 'signed-out' | 'error';

/** Runs `ensureHealthConsent()` once on mount; `ask` runs it again (after 暂不同意 or an error). */
export function useHealthConsent(): { state: HealthConsentState; message: string; ask: () => void } {
  const [state, setState] = useState<HealthConsentState>('checking');
  const [message, setMessage] = useState('');
  const ask = useCallback(() => {
    setState('checking');
    ensureHealthConsent().then(
      (agreed) => setState(agreed ? 'granted' : 'declined'),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) return setState('signed-out');
        setMessage(err instanceof ApiError ? err.message : '出了点问题，请稍后再试');
        setState('error');
      },
    );
  }, []);
  useEffect(ask, [ask]);
  return { state, message, ask };
}

/**
 * Wrap a health page's content: it renders only after sign-in and the separate consent for
 * health data; otherwise says why and offers to read the consent again.
 */
export function HealthConsentGate({ service, children }: { service: string; children: ReactNode }) {
  const { state, message, ask } = useHealthConsent();
  if (state === 'granted') return <>{children}</>;
  if (state === 'checking' || state === 'signed-out') {
    return (
      <View className="state state--loading" data-testid="consent-checking">
        <Loading type="spinner" direction="vertical">
          <Text className="state__text">正在确认您的授权…</Text>
        </Loading>
      </View>
    );
  }
  return (
    <View className="state" data-testid={state === 'declined' ? 'consent-declined' : 'state-error'}>
      <Text className="state__title">{state === 'declined' ? `使用${service}需要您的同意` : '没有加载出来'}</Text>
      <Text className="state__text" style={{ textAlign: 'center' }}>
        {state === 'declined' ? '这项服务要用到您和家人的健康信息。请先阅读并同意《个人健康信息处理单独同意书》。' : message}
      </Text>
      <Button className="state__action" type="primary" size="large" data-testid="consent-ask-again" onClick={ask}>
        {state === 'declined' ? '阅读同意书' : '重试'}
      </Button>
      <Button className="state__action" size="large" onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>
        返回首页
      </Button>
    </View>
  );
}
