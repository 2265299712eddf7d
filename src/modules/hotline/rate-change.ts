/**
 * How surprising a rise from `before` cases over `beforeExposure` to `now` cases over
 * `nowExposure` is, as a z-score: conditional on the total, `now` is binomial with
 * p = nowExposure / (nowExposure + beforeExposure) when the rate did not change. Positive
 * when the rate rose. Pure.
 */
// Przyborowski & Wilenski (1940), the conditional test of two Poisson rates, normal approximation.
export function riseScore(now: number, before: number, nowExposure = 1, beforeExposure = 1): number {
  const total = now + before;
  if (total === 0 || nowExposure <= 0 || beforeExposure <= 0) return 0;
  const p = nowExposure / (nowExposure + beforeExposure);
  return (now - total * p) / Math.sqrt(total * p * (1 - p));
}

/** The local month (`YYYY-MM`) of a moment at a fixed UTC offset. */
export function monthOf(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 7);
}

/** The start of a local month as a moment, and of the month `shift` months later. */
export function monthStart(month: string, utcOffsetMinutes: number, shift = 0): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + shift, 1) - utcOffsetMinutes * 60_000);
}

/** The month `shift` months after a `YYYY-MM` month (negative for before). */
export function addMonths(month: string, shift: number): string {
  return monthOf(monthStart(month, 0, shift), 0);
}
