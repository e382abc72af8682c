import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useElderMode } from '../stores/elder-mode';
import { useSession } from '../stores/session';

/**
 * The root of every page: carries `elder` when 关怀版 is on, so one stylesheet adapts all, and
 * shows the 演示模式 banner while a demo account is signed in.
 */
export function Page({ className, children }: { className?: string; children: ReactNode }) {
  const [elder] = useElderMode();
  const session = useSession();
  const classes = ['page', className, elder ? 'elder' : ''].filter(Boolean).join(' ');
  return (
    <View className={classes}>
      {session?.isDemo && (
        <View className="demo-badge" data-testid="demo-badge">
          演示模式：您正在使用演示账号，信息都是虚构的
        </View>
      )}
      {children}
    </View>
  );
}
