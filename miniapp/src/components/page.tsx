import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useElderMode } from '../stores/elder-mode';

/** The root of every page: carries `elder` when 关怀版 is on, so one stylesheet adapts all. */
export function Page({ className, children }: { className?: string; children: ReactNode }) {
  const [elder] = useElderMode();
  const classes = ['page', className, elder ? 'elder' : ''].filter(Boolean).join(' ');
  return <View className={classes}>{children}</View>;
}
