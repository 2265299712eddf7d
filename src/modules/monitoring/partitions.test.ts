import { describe, expect, it } from 'vitest';
import { parsePartitionName, partitionFor, partitionsAhead, partitionsBefore } from './partitions.js';

describe('monthly partitions', () => {
  it('names the UTC month a time falls in, with its bounds', () => {
    expect(partitionFor(Date.UTC(2026, 0, 31, 23, 59, 59, 999))).toEqual({ name: 'monitoring_readings_p202601', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') });
    expect(partitionFor(Date.UTC(2026, 1, 1)).name).toBe('monitoring_readings_p202602');
    // Beijing's 1 February 00:30 is still January in UTC.
    expect(partitionFor(Date.parse('2026-02-01T00:30:00+08:00')).name).toBe('monitoring_readings_p202601');
  });

  it('looks ahead across a year end', () => {
    expect(partitionsAhead(Date.UTC(2025, 10, 15), 2).map((p) => p.name)).toEqual(['monitoring_readings_p202511', 'monitoring_readings_p202512', 'monitoring_readings_p202601']);
  });

  it('reads names back and ignores other tables', () => {
    expect(parsePartitionName('monitoring_readings_p202612')).toEqual(partitionFor(Date.UTC(2026, 11, 2)));
    expect(parsePartitionName('monitoring_readings_p202613')).toBeNull();
    expect(parsePartitionName('monitoring_readings')).toBeNull();
  });

  it('finds the partitions wholly before a cutoff', () => {
    const all = partitionsAhead(Date.UTC(2026, 0, 1), 3);
    expect(partitionsBefore(all, Date.UTC(2026, 2, 1)).map((p) => p.name)).toEqual(['monitoring_readings_p202601', 'monitoring_readings_p202602']);
    expect(partitionsBefore(all, Date.UTC(2026, 1, 28))).toHaveLength(1);
  });
});
