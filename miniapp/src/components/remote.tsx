import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState, type DependencyList, type ReactNode } from 'react';
import { ApiError } from '../services/api';
import { Button, Empty, Loading } from './nutui';

export type Remote<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string; notFound: boolean }
  | { status: 'ready'; data: T };

/** Loads data for a page, reloads when `deps` change, and offers `reload` for the 重试 button. */
export function useRemote<T>(load: () => Promise<T>, deps: DependencyList): [Remote<T>, () => void] {
  const [state, setState] = useState<Remote<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const run = ++latest.current;
    setState({ status: 'loading' });
    load().then(
      (data) => run === latest.current && setState({ status: 'ready', data }),
      (err: unknown) =>
        run === latest.current &&
        setState({ status: 'error', message: errorMessage(err), notFound: err instanceof ApiError && err.code === 'NOT_FOUND' }),
    );
    // `load` is a new closure every render: the caller's deps name what it reads.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}

/** Back to the previous page, or home when the page was opened directly (a shared link). */
function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: '/pages/index/index' });
}

function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '出了点问题，请稍后再试';
}

interface RemoteViewProps<T> {
  state: Remote<T>;
  onRetry: () => void;
  /** True when the loaded data has nothing to show. */
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  loadingText?: string;
  children: (data: T) => ReactNode;
}

/** Loading, error (with 重试), empty, or the content: the same four states on every page. */
export function RemoteView<T>({ state, onRetry, isEmpty, emptyText = '暂时没有内容', loadingText = '正在加载…', children }: RemoteViewProps<T>) {
  if (state.status === 'loading') {
    return (
      <View className="state state--loading" data-testid="state-loading">
        <Loading type="spinner" direction="vertical">
          <Text className="state__text">{loadingText}</Text>
        </Loading>
      </View>
    );
  }
  if (state.status === 'error') {
    // Retrying cannot bring back what does not exist: offer the way back instead.
    return (
      <View className="state state--error" data-testid="state-error">
        <Empty
          image={<View className="state__icon state__icon--error">!</View>}
          title={<Text className="state__title">{state.notFound ? '没有找到' : '没有加载出来'}</Text>}
          description={<Text className="state__text">{state.message}</Text>}
        />
        {state.notFound ? (
          <Button className="state__action" type="primary" size="large" data-testid="go-back" onClick={leave}>
            返回
          </Button>
        ) : (
          <Button className="state__action" type="primary" size="large" data-testid="retry" onClick={onRetry}>
            重试
          </Button>
        )}
      </View>
    );
  }
  if (isEmpty?.(state.data)) {
    return (
      <View className="state state--empty" data-testid="state-empty">
        <Empty image={<View className="state__icon">空</View>} title={<Text className="state__title">{emptyText}</Text>} />
      </View>
    );
  }
  return <>{children(state.data)}</>;
}
