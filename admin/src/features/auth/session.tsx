import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { App } from 'antd';
import { getToken, SESSION_EXPIRED_EVENT, setToken } from '../../api/client';
import type { StaffLoginResult, StaffProfile } from './api';

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

  const signOut = useCallback(() => {
    setToken(null);
    localStorage.removeItem(PROFILE_KEY);
    setStaff(null);
  }, []);

  const signIn = useCallback((result: StaffLoginResult) => {
    setToken(result.token);
    localStorage.setItem(PROFILE_KEY, JSON.stringify(result.staff));
    setStaff(result.staff);
  }, []);

  const { message } = App.useApp();
  useEffect(() => {
    const expire = () => {
      signOut();
      message.warning('登录已过期，请重新登录');
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, expire);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expire);
  }, [signOut, message]);

  const value = useMemo(() => ({ staff, signIn, signOut }), [staff, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
