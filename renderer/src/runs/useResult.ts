import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/api/errors';
import type { StrideApi } from '../../../shared/api/types';
import { call } from '../backend/api';

/**
 * One back-end call per `key`: `{value}` once it answers, `{error}` (coded) when it fails, neither while
 * loading. A new key drops the previous answer; an answer for an old key is ignored.
 */
export interface Loaded<T> {
  readonly value: T | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly loading: boolean;
}

export function useResult<T>(key: string | null, run: (api: StrideApi) => Promise<Result<T>>): Loaded<T> {
  const [state, setState] = useState<{ key: string; value: T | null; error: Loaded<T>['error'] } | null>(
    null,
  );
  useEffect(() => {
    if (key === null) return;
    let live = true;
    void call(run).then((r) => {
      if (!live) return;
      setState(r.ok ? { key, value: r.value, error: null } : { key, value: null, error: r.error });
    });
    return () => {
      live = false;
    };
    // `run` is a fresh closure each render; the key says when the call must be made again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (key === null) return { value: null, error: null, loading: false };
  if (state === null || state.key !== key) return { value: null, error: null, loading: true };
  return { value: state.value, error: state.error, loading: false };
}
