import { useDidHide, useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';

/**
 * A number that grows each time the page comes back into view after being hidden (back from
 * paying, from the renewal flow): put it in a load's deps to show the new state. Content that
 * mounts after the page first showed (behind the consent gate) still counts only real returns.
 */
export function useReturnCount(): number {
  const [count, setCount] = useState(0);
  const hidden = useRef(false);
  useDidHide(() => {
    hidden.current = true;
  });
  useDidShow(() => {
    if (!hidden.current) return;
    hidden.current = false;
    setCount((n) => n + 1);
  });
  return count;
}
