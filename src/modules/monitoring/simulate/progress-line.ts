import type { RunProgress } from './run.js';

/** The run's progress on a stream: one line rewritten in place on a terminal, a line every 5 s otherwise. */
export function createProgressLine(out: NodeJS.WriteStream, watch: { deviceId: string; metric: string } | null): { update(p: RunProgress): void; end(): void } {
  const tty = !!out.isTTY;
  let lastLine = 0;
  let shown = false;
  const n = (v: number) => v.toLocaleString('en-US');
  return {
    update(p) {
      const text = [
        `${p.elapsedS.toFixed(0)} s`,
        `${p.messagesPerS.toFixed(1)} msg/s`,
        `${n(p.published)} messages (${n(p.acknowledged)} acknowledged${p.failed ? `, ${n(p.failed)} failed` : ''})`,
        `${n(p.readings)} readings`,
        ...(watch && p.watched !== null ? [`${watch.deviceId} ${watch.metric} ${p.watched}${watch.metric === 'rain_mm' ? ' (total)' : ''}`] : []),
      ].join(' · ');
      if (tty) {
        out.write(`\r\x1b[2K${text}`);
        shown = true;
      } else if (p.elapsedS - lastLine >= 5 || lastLine === 0) {
        out.write(`${text}\n`);
        lastLine = Math.max(p.elapsedS, 1e-9);
      }
    },
    end() {
      if (tty && shown) out.write('\n');
    },
  };
}
