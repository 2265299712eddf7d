import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRuleEngine } from '../rules/engine.js';
import { parseLifelinesRules, rulesByAssetType } from '../rules/pack-schema.js';
import type { Signal } from '../rules/types.js';
import type { Alarm, AlarmEffect } from './alarm.js';
import { alarmConfigFromPack } from './config.js';
import { escalateIfDue } from './escalation.js';
import { acknowledgeAlarm, linkCase, noteCaseClosed } from './handling.js';
import { applySignal } from './lifecycle.js';
import { opensCase, type CaseDraft } from './open-case.js';

/**
 * A simulated gas leak from the Beijing pack's rules to a closed case, wired as the alarm
 * store will wire it: signals → lifecycle → case → escalation → acknowledgement → clear.
 */
const pack = parseLifelinesRules(JSON.parse(readFileSync(new URL('../../../../packs/beijing/lifelines/rules.json', import.meta.url), 'utf8')));
const { escalation, cases } = alarmConfigFromPack(pack);
const T0 = Date.UTC(2026, 6, 1, 2);
const MIN = 60_000;
const asset = { id: 'ast_gas_1', name: { zh: '建国路燃气阀井', en: 'Jianguo Road gas valve pit' }, lon: 116.46, lat: 39.91, regionCode: '110105001' };

describe('a gas leak, from readings to a closed case', () => {
  it('raises, escalates, opens one case, is acknowledged, clears, and shows the case closed', () => {
    const engine = createRuleEngine({ rules: rulesByAssetType(pack), assetOf: (id) => (id === asset.id ? { type: 'gas_adjacent_space' } : undefined) });
    const alarms = new Map<string, Alarm>();
    const effects: AlarmEffect[] = [];
    const drafts: CaseDraft[] = [];
    let n = 0;
    const apply = (signals: Signal[], now: number) => {
      for (const s of signals) {
        const key = `${s.assetId}/${s.alarmType}`;
        const r = applySignal(alarms.get(key) ?? null, s, { now, id: `alm_${++n}` });
        if (!r) continue;
        alarms.set(key, r.alarm);
        effects.push(...r.effects);
      }
      for (const [key, a] of alarms) {
        const esc = escalateIfDue(a, escalation, now);
        effects.push(...esc.effects);
        const draft = opensCase(esc.alarm, cases, asset);
        if (draft) drafts.push(draft);
        alarms.set(key, draft ? linkCase(esc.alarm, { caseId: `case_${drafts.length}`, now }).alarm : esc.alarm);
      }
    };
    // Methane: 1 %LEL, then a leak building up 3 %LEL a minute to 28, holding 30 minutes, then vented.
    const methane = (m: number) => (m < 10 ? 1 : m < 19 ? 1 + (m - 9) * 3 : m < 50 ? 28 : 2);
    for (let m = 0; m < 70; m++) {
      const now = T0 + m * MIN;
      apply(engine.evaluate({ assetId: asset.id, deviceId: 'ch4-1', metric: 'methane_pct_lel', value: methane(m), ts: now }), now);
      apply(engine.tick(now), now);
      if (m === 30) {
        const key = `${asset.id}/gas_leak`;
        alarms.set(key, acknowledgeAlarm(alarms.get(key)!, { by: { kind: 'user', id: 'usr_gas_duty' }, now }).alarm);
      }
    }
    const leak = alarms.get(`${asset.id}/gas_leak`)!;
    const trend = alarms.get(`${asset.id}/gas_leak_trend`)!;
    expect(leak.state).toBe('CLEARED_ACK');
    expect(trend.state).toBe('CLEARED_UNACK');
    // Pre-alarm at 10 %LEL (warning), major at 20, critical at 25, all one alarm.
    expect(leak.history.filter((h) => h.action === 'raise' || h.action === 'severity').map((h) => h.severity)).toEqual(['warning', 'major', 'critical']);
    // One case per alarm, under 燃气泄漏, filed when it reached major (none again at critical).
    expect(drafts.map((d) => [d.attributes.alarmType, d.categoryCode, d.urgency])).toEqual([
      ['gas_leak_trend', '060301', 'urgent'],
      ['gas_leak', '060301', 'urgent'],
    ]);
    expect(leak.caseId).toBe('case_2');
    // Unacknowledged for 5 minutes at critical: escalated once, the city's utilities commission notified.
    expect(effects.filter((e) => e.kind === 'escalate').map((e) => e.kind === 'escalate' && [e.alarmId, e.notify])).toContainEqual([leak.id, '110000-cgw']);
    // Cleared by the rule 5 minutes after methane fell below 8 %LEL at minute 50.
    expect(leak).toMatchObject({ clearedBy: 'system:rules', endTs: T0 + 55 * MIN });
    const closed = noteCaseClosed(leak, { caseId: 'case_2', now: T0 + 3 * 60 * MIN, note: '阀门密封圈更换，复测 0 %LEL' }).alarm;
    expect(closed.caseClosingNote).toBe('阀门密封圈更换，复测 0 %LEL');
  });
});
