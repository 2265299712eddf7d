import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLifelinesRules } from '../rules/pack-schema.js';
import { severities, type Severity } from '../rules/types.js';
import { alarmConfigFromPack } from './config.js';
import { escalateIfDue } from './escalation.js';
import { MIN, T0, operator, raised, signal } from './fixtures.js';
import { linkCase } from './handling.js';
import { clearAlarm, raiseOrUpdate } from './lifecycle.js';
import { formatLocal, opensCase, type CaseAsset } from './open-case.js';

const pack = parseLifelinesRules(JSON.parse(readFileSync(new URL('../../../../packs/beijing/lifelines/rules.json', import.meta.url), 'utf8')));
const { cases, escalation } = alarmConfigFromPack(pack);
const asset: CaseAsset = { id: 'ast_1', name: { zh: '朝阳区建国路燃气阀井 3 号', en: 'Gas valve pit 3, Jianguo Road' }, lon: 116.46, lat: 39.91, regionCode: '110105001', address: '建国路 88 号旁' };
const ofType = (alarmType: string, severity: Severity) => raiseOrUpdate(null, { ...signal('raise', severity), alarmType }, { now: T0, id: 'alm_c' }).alarm;

describe('opensCase', () => {
  it.each(severities.map((s) => [s, ['critical', 'major'].includes(s)] as const))('a gas leak of severity %s opens a case: %s', (severity, opens) => {
    expect(opensCase(ofType('gas_leak', severity), cases, asset) !== null).toBe(opens);
  });

  it('answers what the hotline category requires: a gas leak is filed outdoors (燃气泄漏 asks where the smell is)', () => {
    expect(opensCase(ofType('gas_leak', 'critical'), cases, asset)!.caseAttributes).toEqual({ location: 'outdoor' });
    expect(opensCase(ofType('drainage_overflow', 'critical'), { ...cases, alarmTypes: { ...cases.alarmTypes, drainage_overflow: { ...cases.alarmTypes.drainage_overflow!, openCaseAt: 'minor' } } }, asset)!.caseAttributes).toEqual({});
  });

  it('drafts the case: channel alarm, the category of the type, urgency, place, bilingual title and the readings', () => {
    const a = raiseOrUpdate(raised('major'), signal('update', 'critical', { ts: T0 + 3 * MIN, value: 26.5 })).alarm;
    const draft = opensCase(a, cases, asset)!;
    expect(draft).toMatchObject({
      channel: 'alarm',
      kind: 'report',
      categoryCode: '060301',
      urgency: 'critical',
      location: { lon: 116.46, lat: 39.91, regionCode: '110105001', address: '建国路 88 号旁' },
      attributes: { alarmId: 'alm_test', assetId: 'ast_1', alarmType: 'gas_leak', severity: 'critical' },
      idempotencyKey: 'alarm:alm_test',
    });
    expect(draft.title).toEqual({ zh: '【监测报警】燃气泄漏（甲烷超限）（紧急）— 朝阳区建国路燃气阀井 3 号', en: '[Alarm] Gas leak (methane above the alarm level) (Critical) — Gas valve pit 3, Jianguo Road' });
    expect(draft.description).toContain('methane_pct_lel 最新值 26.5 %LEL');
    expect(draft.description).toContain('报警阈值 20 %LEL');
    expect(draft.description).toContain('首次报警 2026-07-01 08:00，最近 2026-07-01 08:03，共 2 次');
    expect(draft.description).toContain('latest 26.5 %LEL');
    expect(draft.description).toContain('2 times');
  });

  it.each([
    ['waterlogging', 'minor', '060502', 'normal'],
    ['water_pressure_drop', 'major', '060104', 'urgent'],
    ['water_night_flow_rise', 'major', '060104', 'urgent'],
    ['drainage_overflow', 'major', '060501', 'urgent'],
    ['bridge_deflection', 'critical', '010107', 'critical'],
    ['heating_overpressure', 'critical', '060404', 'critical'],
  ] as const)('%s at %s goes to category %s, urgency %s', (type, severity, category, urgency) => {
    expect(opensCase(ofType(type, severity), cases, asset)).toMatchObject({ categoryCode: category, urgency });
  });

  it.each([
    ['rainstorm', 'critical'],
    ['device_offline', 'critical'],
    ['heating_temperature', 'critical'],
    ['heating_overpressure', 'major'],
    ['waterlogging', 'warning'],
    ['no_such_type', 'critical'],
  ] as const)('%s at %s opens no case', (type, severity) => {
    expect(opensCase(ofType(type, severity), cases, asset)).toBeNull();
  });

  it('opens a case once, and none for a cleared alarm', () => {
    const a = raised('critical');
    expect(opensCase(linkCase(a, { caseId: 'case_1', now: T0 }).alarm, cases, asset)).toBeNull();
    expect(opensCase(clearAlarm(a, { by: operator, now: T0 + MIN, reason: 'test' }).alarm, cases, asset)).toBeNull();
  });

  it('an escalation can make an alarm open a case', () => {
    const minor = ofType('water_night_flow_rise', 'minor');
    expect(opensCase(minor, cases, asset)).toBeNull();
    const escalated = escalateIfDue(minor, escalation, T0 + 60 * MIN).alarm;
    expect(escalated.severity).toBe('major');
    expect(opensCase(escalated, cases, asset)).toMatchObject({ categoryCode: '060104' });
  });

  it('formats local times at a fixed offset', () => {
    expect(formatLocal(Date.UTC(2026, 6, 1, 16, 30), 480)).toBe('2026-07-02 00:30');
  });
});
