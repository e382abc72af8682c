import { useSyncExternalStore } from 'react';
import { readStored, writeStored } from '../platform';

/** 关怀版 (elder mode): larger type, higher contrast, bigger targets, simpler layout. */
const STORAGE_KEY = 'ygt.elderMode';

let enabled: boolean | undefined;
const listeners = new Set<() => void>();

function current(): boolean {
  if (enabled === undefined) enabled = readStored<boolean>(STORAGE_KEY) === true;
  return enabled;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setElderMode(on: boolean): void {
  enabled = on;
  writeStored(STORAGE_KEY, on);
  listeners.forEach((listener) => listener());
}

/** Whether 关怀版 is on, and its setter; every mounted page follows a change at once. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, current, current);
  return [on, setElderMode];
}
