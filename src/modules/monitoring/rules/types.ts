/**
 * The rule engine's vocabulary: the readings it is fed, the signals it answers with, and the
 * four severities of an alarm (ThingsBoard's CRITICAL, MAJOR, MINOR, WARNING).
 */

/** Alarm severities, most severe first. */
export const severities = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof severities)[number];

export const severityNames: Record<Severity, { zh: string; en: string }> = {
  critical: { zh: '紧急', en: 'Critical' },
  major: { zh: '重要', en: 'Major' },
  minor: { zh: '次要', en: 'Minor' },
  warning: { zh: '提示', en: 'Warning' },
};

// 3 = critical … 0 = warning, so that a higher rank is more severe.
const rankBySeverity: Record<Severity, number> = { critical: 3, major: 2, minor: 1, warning: 0 };

/** How severe a severity is: 3 for critical down to 0 for warning. */
export function severityRank(s: Severity): number {
  return rankBySeverity[s];
}

/** The severity `steps` above `s`, stopping at critical. */
export function raiseSeverity(s: Severity, steps = 1): Severity {
  const rank = Math.min(3, rankBySeverity[s] + Math.max(0, steps));
  return severities[3 - rank]!;
}

/** Whether severity `a` is at least as severe as `b`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return rankBySeverity[a] >= rankBySeverity[b];
}

/** One measured value, as the ingest hands it over after its batch committed. */
export interface Reading {
  assetId: string;
  deviceId: string;
  metric: string;
  value: number;
  /** When it was measured, epoch milliseconds. */
  ts: number;
}

export type SignalKind = 'raise' | 'update' | 'clear';

/**
 * What a rule tells the alarm lifecycle: a condition began (`raise`), changed level or is
 * still there (`update`, at most once per the rule's `updateEverySeconds` unless its
 * level changed), or ended (`clear`).
 */
export interface Signal {
  kind: SignalKind;
  assetId: string;
  alarmType: string;
  severity: Severity;
  /** The time of the reading or tick that decided it, epoch milliseconds. */
  ts: number;
  /** The value the rule judged (the reading, a window sum, a rate, a night minimum …). */
  value: number;
  /** The rule's id and kind, its level, thresholds, baseline and whatever else explains it. */
  details: Record<string, unknown>;
}

/** What the engine must know about an asset: its type (which rules apply) and its properties. */
export interface AssetInfo {
  type: string;
  /** Design values rules may refer to (`overflowLevelM`, `designDeflectionMm` …). */
  properties?: Record<string, unknown>;
}
