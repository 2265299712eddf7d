import { describe, expect, it } from 'vitest';
import { looksLikeTelemetry, parseTelemetryTopic, sharedTelemetryFilter, telemetryTopic } from './topic.js';

describe('telemetry topics', () => {
  it('round-trips a device topic', () => {
    expect(parseTelemetryTopic(telemetryTopic('110000', 'gas-0001'))).toEqual({ cityCode: '110000', deviceId: 'gas-0001' });
  });

  it('builds the shared subscription copies split the load with', () => {
    expect(sharedTelemetryFilter('110000')).toBe('$share/citywork/citywork/110000/+/telemetry');
  });

  it.each([
    ['citywork/110000/telemetry', 'must be citywork'],
    ['citywork/110000/a/b/telemetry', 'must be citywork'],
    ['citywork/11000/dev/telemetry', '6-digit'],
    ['citywork/110000/-dev/telemetry', 'not a device id'],
    ['citywork/110000/dev 1/telemetry', 'not a device id'],
    ['other/110000/dev/telemetry', 'must be citywork'],
  ])('refuses %s', (topic, problem) => {
    const parsed = parseTelemetryTopic(topic);
    expect('problem' in parsed && parsed.problem).toContain(problem);
  });

  it('tells telemetry-looking topics from the rest', () => {
    expect(looksLikeTelemetry('citywork/110000/a/b/telemetry')).toBe(true);
    expect(looksLikeTelemetry('citywork/110000/dev/status')).toBe(false);
    expect(looksLikeTelemetry('$SYS/broker/uptime')).toBe(false);
  });
});
