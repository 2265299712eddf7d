import cliProgress from 'cli-progress';

/** A progress bar on stderr for long commands; silent when stderr is not a terminal. */
export function createProgress(label: string) {
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} {unit}`, hideCursor: true, stream: process.stderr, noTTYOutput: false, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastTotal = 0;
  return {
    update(done: number, total: number, unit = '') {
      if (!started) {
        bar.start(Math.max(total, 1), 0, { unit });
        started = true;
      }
      if (total !== lastTotal) {
        bar.setTotal(Math.max(total, 1));
        lastTotal = total;
      }
      bar.update(done, { unit });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
