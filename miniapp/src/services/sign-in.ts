import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { getSession, useSession } from '../stores/session';

/** Where sign-in happens (account subpackage) and the tab pages (reached with switchTab only). */
export const SIGN_IN_PAGE = '/packages/account/pages/sign-in/index';
const TAB_PAGES = ['/pages/index/index', '/pages/mine/index'];

// Parameters Taro adds to a route by itself; they must not travel in a return address.
const ROUTER_NOISE = new Set(['$taroTimestamp', 'stamp']);

export function isTabPage(url: string): boolean {
  return TAB_PAGES.includes(url.split('?')[0]);
}

/** The page on screen as a url (path and query), to come back to after sign-in. */
export function currentPageUrl(): string {
  const router = Taro.getCurrentInstance().router;
  if (!router) return '/pages/mine/index';
  const path = `/${router.path.split('?')[0].replace(/^\//, '')}`;
  const query = Object.entries(router.params)
    .filter(([key, value]) => !ROUTER_NOISE.has(key) && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(safeDecode(String(value)))}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** Query values arrive encoded on some platforms and decoded on others. */
export function safeDecode(value: string): string {
  try {
    return value.includes('%') ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}

/** Opens an in-app url: tab pages with switchTab, others on top (or instead of this page with `replace`). */
export function openUrl(url: string, replace = false): void {
  if (isTabPage(url)) void Taro.switchTab({ url: url.split('?')[0] });
  else if (replace) void Taro.redirectTo({ url });
  else void Taro.navigateTo({ url });
}

/**
 * Sends the resident to sign-in, with the way back. From a tab page the sign-in page opens on
 * top; from any other page it takes that page's place, so 返回 after sign-in skips it.
 */
export function goToSignIn(returnTo = currentPageUrl()): void {
  if (returnTo.startsWith(SIGN_IN_PAGE)) return;
  const url = `${SIGN_IN_PAGE}?redirect=${encodeURIComponent(returnTo)}`;
  openUrl(url, !isTabPage(returnTo));
}

/** For pages that need sign-in: true when signed in; otherwise sends the resident to sign in. */
export function requireSignIn(): boolean {
  if (getSession()) return true;
  goToSignIn();
  return false;
}

/** For a page that needs sign-in: whether signed in now; when not, sends the resident to sign in (once). */
export function useRequireSignIn(): boolean {
  const signedIn = useSession() !== null;
  useEffect(() => {
    if (!signedIn) goToSignIn();
  }, []);
  return signedIn;
}
