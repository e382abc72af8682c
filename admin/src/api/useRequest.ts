import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from './client';

export interface RequestState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when the component mounts and whenever `deps` change; an answer that arrives
 * after the inputs changed is dropped (its request is aborted), so filters never show stale rows.
 */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): RequestState<T> {
  const [state, setState] = useState<Omit<RequestState<T>, 'reload'>>({ data: undefined, error: undefined, loading: true });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, error: undefined, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error: errorMessage(err), loading: false });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure on every render: the caller's `deps` say when it really changes.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
