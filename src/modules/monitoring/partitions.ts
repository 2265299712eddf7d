// Monthly partitions of monitoring_readings (PostgreSQL declarative partitioning, by range of ts, UTC months).

/** One month's partition: its table name and its range [from, to). */
export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

const prefix = 'monitoring_readings_p';

/** The partition that holds a time: `monitoring_readings_p202601` for January 2026 (UTC). */
export function partitionFor(ms: number): MonthPartition {
  const d = new Date(ms);
  return monthPartition(d.getUTCFullYear(), d.getUTCMonth());
}

/** The partition of a year and a zero-based month. */
export function monthPartition(year: number, month: number): MonthPartition {
  const from = new Date(Date.UTC(year, month, 1));
  const to = new Date(Date.UTC(year, month + 1, 1));
  return { name: `${prefix}${from.getUTCFullYear()}${String(from.getUTCMonth() + 1).padStart(2, '0')}`, from, to };
}

/** The partitions from the month of `fromMs` through `monthsAhead` months after it. */
export function partitionsAhead(fromMs: number, monthsAhead: number): MonthPartition[] {
  const d = new Date(fromMs);
  return Array.from({ length: monthsAhead + 1 }, (_, i) => monthPartition(d.getUTCFullYear(), d.getUTCMonth() + i));
}

/** The month a partition's name stands for, or null for a table that is not one of ours. */
export function parsePartitionName(name: string): MonthPartition | null {
  const m = /^monitoring_readings_p(\d{4})(\d{2})$/.exec(name);
  if (!m) return null;
  const month = Number(m[2]) - 1;
  if (month < 0 || month > 11) return null;
  return monthPartition(Number(m[1]), month);
}

/** The partitions wholly older than `cutoffMs` (their range ends at or before it): retention drops them. */
export function partitionsBefore(partitions: readonly MonthPartition[], cutoffMs: number): MonthPartition[] {
  return partitions.filter((p) => p.to.getTime() <= cutoffMs);
}
