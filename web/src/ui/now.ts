// useNow is the current time, renewed every ms, for what depends on it
// (a thread falling due, a messaging window closing).
import { useEffect, useState } from "preact/hooks";

export function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
