// Latencies of the telemetry benchmark in 1-ms buckets (up to a minute; beyond, one overflow
// bucket), cheap enough to record every one of 100,000 readings a second. Percentiles count
// what never arrived as infinitely late, so a service that falls behind cannot look fast by
// leaving its slowest readings out (no coordinated omission).

const maxMs = 60_000;

/** A latency histogram with millisecond resolution. */
export class LatencyHistogram {
  private buckets = new Float64Array(maxMs + 1);
  count = 0;
  max = 0;
  private sum = 0;

  /** Records `n` latencies of `ms` milliseconds (negative ones, from clock granularity, count as 0). */
  add(ms: number, n = 1): void {
    const v = ms < 0 ? 0 : ms;
    this.buckets[v >= maxMs ? maxMs : Math.floor(v)]! += n;
    this.count += n;
    this.sum += v * n;
    if (v > this.max) this.max = v;
  }

  /** Adds another histogram's latencies to this one. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i <= maxMs; i++) this.buckets[i]! += other.buckets[i]!;
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  /**
   * The q-quantile in ms (upper edge of its bucket), with `expected` the number that should have
   * been recorded: the missing ones are taken as later than any recorded. Null when q falls
   * among the missing.
   */
  quantile(q: number, expected = this.count): number | null {
    const total = Math.max(expected, this.count);
    if (total === 0) return null;
    const rank = Math.ceil(q * total);
    let seen = 0;
    for (let i = 0; i <= maxMs; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return i === maxMs ? this.max : i + 1;
    }
    return null;
  }

  /** p50, p90, p99 and max in ms, and the mean; null percentiles mean "not arrived". */
  summary(expected = this.count): LatencySummary {
    return {
      n: this.count,
      missing: Math.max(0, expected - this.count),
      p50: this.quantile(0.5, expected),
      p90: this.quantile(0.9, expected),
      p99: this.quantile(0.99, expected),
      max: Math.round(this.max),
      mean: this.count ? Math.round((this.sum / this.count) * 10) / 10 : null,
    };
  }

  /** The buckets as a plain array of [ms, count] pairs with counts (to send between processes). */
  toPairs(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i <= maxMs; i++) if (this.buckets[i]) out.push([i, this.buckets[i]!]);
    return out;
  }

  /** A histogram from `toPairs()` output. */
  static fromPairs(pairs: [number, number][], max: number): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [ms, n] of pairs) h.add(ms, n);
    h.max = max;
    return h;
  }
}

export interface LatencySummary {
  n: number;
  /** Expected but not recorded (not arrived by the end of the wait): counted as slower than any. */
  missing: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number;
  mean: number | null;
}
