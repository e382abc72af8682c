import { useDidShow } from '@tarojs/taro';
import { useRef, useState, type DependencyList } from 'react';
import { useRemote, type Remote } from '../../components/remote';
import { useRequireSignIn } from '../../services/sign-in';

/** Counts the times the page showed again (back from a page on top of it). */
export function useShownCount(): number {
  const [shown, setShown] = useState(0);
  const first = useRef(true);
  useDidShow(() => {
    if (first.current) first.current = false;
    else setShown((n) => n + 1);
  });
  return shown;
}

/**
 * Loads a signed-in resident's data for a page: sends a signed-out resident to sign in first,
 * and reloads whenever the page shows again (after adding, editing or deleting on a page on top).
 */
export function useAccountRemote<T>(load: () => Promise<T>, deps: DependencyList = []): [Remote<T>, () => void] {
  const signedIn = useRequireSignIn();
  const shown = useShownCount();
  // Signed out: stay on “loading” while sign-in opens.
  return useRemote(() => (signedIn ? load() : new Promise<T>(() => {})), [...deps, shown, signedIn]);
}
