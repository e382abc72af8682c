import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './sheet.scss';

interface SheetProps {
  open: boolean;
  title: string;
  /** Tapping the shade closes the sheet, like 取消. Leave out while the sheet must stay (busy). */
  onClose?: () => void;
  testId?: string;
  children: ReactNode;
}

/**
 * A sheet from the bottom for a confirmation or a short step: drawn by us rather than
 * Taro.showModal, so the words can be long and plain, and tests can reach every button.
 */
export function Sheet({ open, title, onClose, testId, children }: SheetProps) {
  if (!open) return null;
  return (
    <View className="sheet" data-testid={testId}>
      <View className="sheet__shade" onClick={onClose} />
      <View className="sheet__panel" role="dialog" aria-label={title}>
        <Text className="sheet__title">{title}</Text>
        {children}
      </View>
    </View>
  );
}
