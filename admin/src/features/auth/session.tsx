import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getToken, SESSION_EXPIRED_EVENT, setToken } from '../../api/client';
import { logoutStaff, type StaffLoginResult, type StaffProfile } from './api';

const PROFILE_KEY = 'ygt.staff.profile';

interface Session {
  /** The signed-in staff member, or null for a visitor browsing public pages. */
  staff: StaffProfile | null;
  signIn: (result: StaffLoginResult) => void;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

function readStoredProfile(): StaffProfile | null {
  if (!getToken()) return null;
  try {
    const profile = JSON.parse(localStorage.getItem(PROFILE_KEY) ?? 'null') as StaffProfile | null;
    return profile && typeof profile.name === 'string' && Array.isArray(profile.roles) ? profile : null;
  } catch {
    return null;
  }
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

  const signIn = useCallback((result: StaffLoginResult) => {
    setToken(result.token);
    localStorage.setItem(PROFILE_KEY, JSON.stringify(result.staff));
    setStaff(result.staff);
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
