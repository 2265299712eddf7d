/**
 * A debounced wake-up: the first `wake()` schedules `fn` after `delayMs`; the calls until then
 * join it. So the work of many commits is gathered into one run. The timer never keeps the
 * process alive.
 */
export interface Waker {
  wake(): void;
  cancel(): void;
}

export function createWaker(delayMs: number, fn: () => void): Waker {
  let timer: NodeJS.Timeout | undefined;
  return {
    wake() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        fn();
      }, delayMs);
      timer.unref();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
