import { useSyncExternalStore } from 'react';
import { readStored, removeStored, writeStored } from '../platform';

/** The resident's sign-in: an opaque bearer token from the API, and whether it is a demo account. */
export interface Session {
  token: string;
  isDemo: boolean;
}

const STORAGE_KEY = 'ygt.session';

let session: Session | null | undefined;
const listeners = new Set<() => void>();

export function getSession(): Session | null {
  if (session === undefined) {
    const stored = readStored<Session>(STORAGE_KEY);
    session = stored && typeof stored.token === 'string' ? stored : null;
  }
  return session;
}

function publish(next: Session | null): void {
  session = next;
  if (next) writeStored(STORAGE_KEY, next);
  else removeStored(STORAGE_KEY);
  listeners.forEach((listener) => listener());
}

export function setSession(next: Session): void {
  publish(next);
}

/** Keeps the token, corrects the demo flag (GET /api/v1/me is the authority). */
export function markDemo(isDemo: boolean): void {
  const current = getSession();
  if (current && current.isDemo !== isDemo) publish({ ...current, isDemo });
}

export function clearSession(): void {
  if (getSession()) publish(null);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current sign-in (null when signed out); every mounted page follows sign-in and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
