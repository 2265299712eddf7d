import { useEffect, useRef, useState } from 'react';

export interface LiveMessage {
  changed: number;
  cases: { topic: string; caseId: string; number: string; action: string; status: string; regionCode: string | null }[];
}

/**
 * Listens to the service's live stream of case changes (server-sent events; the browser
 * reconnects by itself) and calls `onChange` at most once per `debounceMs`.
 */
export function useLive(onChange: (m: LiveMessage) => void, { enabled = true, debounceMs = 1500 } = {}): { connected: boolean; lastAt: Date | null } {
  const [connected, setConnected] = useState(false);
  const [lastAt, setLastAt] = useState<Date | null>(null);
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    if (!enabled) return;
    const es = new EventSource('/api/hotline/live');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: LiveMessage = { changed: 0, cases: [] };
    es.addEventListener('ready', () => setConnected(true));
    es.onerror = () => setConnected(false);
    es.onmessage = (e) => {
      const m = JSON.parse(e.data as string) as LiveMessage;
      pending = { changed: pending.changed + m.changed, cases: [...pending.cases, ...m.cases] };
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        const batch = pending;
        pending = { changed: 0, cases: [] };
        setLastAt(new Date());
        cb.current(batch);
      }, debounceMs);
    };
    return () => {
      clearTimeout(timer);
      es.close();
    };
  }, [enabled, debounceMs]);
  return { connected, lastAt };
}
