// useLoad runs an API read and keeps its state: loading, the data, or the
// error as a sentence; reload runs it again (quietly, keeping the data).
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { message } from "../api/client";

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
  set: (data: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const run = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const d = await load();
      if (mine !== generation.current) return;
      setData(d);
      setError(null);
    } catch (err) {
      if (mine !== generation.current) return;
      setError(message(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    setLoading(true);
    setData(undefined);
    setError(null);
    void run();
  }, [run]);
  return { data, error, loading, reload: run, set: setData };
}

// usePoll reloads every ms while the page is visible, so that what others
// decide shows without a refresh.
export function usePoll(reload: () => Promise<void>, ms: number): void {
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible") void reload();
    }, ms);
    const onFocus = () => void reload();
    addEventListener("focus", onFocus);
    return () => {
      clearInterval(id);
      removeEventListener("focus", onFocus);
    };
  }, [reload, ms]);
}
