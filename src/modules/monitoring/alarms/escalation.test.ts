import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLifelinesRules } from '../rules/pack-schema.js';
import { alarmEvents } from './alarm.js';
import { alarmConfigFromPack } from './config.js';
import { escalateIfDue, nextEscalationAt, type EscalationConfig } from './escalation.js';
import { MIN, T0, operator, raised, signal } from './fixtures.js';
import { acknowledgeAlarm } from './handling.js';
import { raiseOrUpdate } from './lifecycle.js';

const config: EscalationConfig = { afterMinutes: { critical: 5, major: 15, minor: 60, warning: null }, maxEscalations: 3, supervisor: '110000-cgw', supervisors: { water_pressure_drop: '110000-swj' } };

describe('escalateIfDue', () => {
  it('escalates exactly at the time set for the severity, one step up, notifying the supervisor', () => {
    const a = raised('major');
    expect(escalateIfDue(a, config, T0 + 15 * MIN - 1)).toEqual({ alarm: a, effects: [] });
    const { alarm, effects } = escalateIfDue(a, config, T0 + 15 * MIN);
    expect(alarm).toMatchObject({ severity: 'critical', ruleSeverity: 'major', escalations: 1, lastEscalatedAt: T0 + 15 * MIN, state: 'ACTIVE_UNACK' });
    expect(effects).toEqual([
      { kind: 'escalate', alarmId: 'alm_test', notify: '110000-cgw', severity: 'critical', previousSeverity: 'major', unacknowledgedMinutes: 15 },
      expect.objectContaining({ kind: 'event', event: alarmEvents.escalated, payload: expect.objectContaining({ escalations: 1, notify: '110000-cgw' }) }),
    ]);
    expect(alarm.history.at(-1)).toMatchObject({ by: 'system:escalation', action: 'escalate', severity: 'critical', previousSeverity: 'major' });
  });

  it('goes on at the new severity’s time, up to maxEscalations, and critical stays critical', () => {
    let a = raised('minor');
    const times: number[] = [];
    for (let t = 0; t <= 24 * 60; t++) {
      const r = escalateIfDue(a, config, T0 + t * MIN);
      if (r.effects.length) times.push(t);
      a = r.alarm;
    }
    // minor → major after 60 min, major → critical 15 min later, critical notifies again 5 min later; then no more.
    expect(times).toEqual([60, 75, 80]);
    expect(a).toMatchObject({ severity: 'critical', escalations: 3 });
    expect(nextEscalationAt(a, config)).toBeNull();
  });

  it('never escalates an acknowledged alarm, nor a severity set to never', () => {
    const acked = acknowledgeAlarm(raised('critical'), { by: operator, now: T0 + MIN }).alarm;
    expect(escalateIfDue(acked, config, T0 + 60 * MIN).effects).toEqual([]);
    expect(nextEscalationAt(raised('warning'), config)).toBeNull();
  });

  it('notifies the office set for the alarm type', () => {
    const a = raiseOrUpdate(null, { ...signal('raise', 'critical'), alarmType: 'water_pressure_drop' }, { now: T0, id: 'alm_w' }).alarm;
    expect(escalateIfDue(a, config, T0 + 5 * MIN).effects[0]).toMatchObject({ kind: 'escalate', notify: '110000-swj' });
  });

  it('keeps the escalation on top of the rule’s later severity', () => {
    const esc = escalateIfDue(raised('minor'), config, T0 + 60 * MIN).alarm;
    expect(esc.severity).toBe('major');
    const updated = raiseOrUpdate(esc, signal('update', 'minor', { ts: T0 + 61 * MIN })).alarm;
    expect(updated.severity).toBe('major');
    expect(raiseOrUpdate(updated, signal('update', 'major', { ts: T0 + 62 * MIN })).alarm.severity).toBe('critical');
  });

  it('takes its times and offices from the Beijing pack', () => {
    const pack = parseLifelinesRules(JSON.parse(readFileSync(new URL('../../../../packs/beijing/lifelines/rules.json', import.meta.url), 'utf8')));
    const { escalation } = alarmConfigFromPack(pack);
    expect(escalation.afterMinutes).toEqual({ critical: 5, major: 15, minor: 60, warning: null });
    expect(escalation.supervisors?.gas_leak).toBe('110000-cgw');
    expect(escalation.supervisors?.waterlogging).toBe('110000-swj');
    expect(escalateIfDue(raised('major'), escalation, T0 + 15 * MIN).effects[0]).toMatchObject({ notify: '110000-cgw' });
  });
});
