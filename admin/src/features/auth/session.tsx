import { StaffProfileSchema, type StaffProfile } from '@ygt/shared';
import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getToken, SESSION_EXPIRED_EVENT, setToken } from '../../api/client';
import { getCurrentStaff, logoutStaff, type StaffSession } from './api';

const PROFILE_KEY = 'ygt.staff.profile';

interface Session {
  /** The signed-in staff member, or null for a visitor browsing public pages. */
  staff: StaffProfile | null;
  signIn: (session: StaffSession) => void;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

function readStoredProfile(): StaffProfile | null {
  if (!getToken()) return null;
  try {
    // A profile stored by an older console may lack fields the header needs: refetched below.
    const parsed = StaffProfileSchema.safeParse(JSON.parse(localStorage.getItem(PROFILE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function storeProfile(profile: StaffProfile): void {
  localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [staff, setStaff] = useState<StaffProfile | null>(readStoredProfile);

  const forget = useCallback(() => {
    setToken(null);
    localStorage.removeItem(PROFILE_KEY);
    setStaff(null);
  }, []);

  const signOut = useCallback(() => {
    // Revoke the token on the server too (clinic computers are shared); leave at once either way.
    if (getToken()) logoutStaff().catch(() => undefined);
    forget();
  }, [forget]);

  const signIn = useCallback((session: StaffSession) => {
    setToken(session.token);
    storeProfile(session.staff);
    setStaff(session.staff);
  }, []);

  // Roles and facilities may have changed since the profile was stored (menus depend on them):
  // refresh once per page load. A rejected token ends the session through SESSION_EXPIRED_EVENT.
  useEffect(() => {
    const token = getToken();
    if (!token) return;
    const controller = new AbortController();
    getCurrentStaff(controller.signal).then(
      (profile) => {
        if (getToken() !== token) return; // signed out (or in as someone else) meanwhile
        storeProfile(profile);
        setStaff(profile);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  const { message } = App.useApp();
  useEffect(() => {
    const expire = () => {
      // Only a session that was still open expired (not the answer to 退出 itself).
      const wasSignedIn = localStorage.getItem(PROFILE_KEY) !== null;
      forget();
      // Parallel requests may all be rejected: one notice is enough.
      if (wasSignedIn) message.warning({ key: SESSION_EXPIRED_EVENT, content: '登录已过期，请重新登录' });
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, expire);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expire);
  }, [forget, message]);

  const value = useMemo(() => ({ staff, signIn, signOut }), [staff, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
