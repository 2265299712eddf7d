import { describe, expect, it } from 'vitest';
import { opensCase, thresholdsFor, type Rules } from './monitoring-data';

// The shape of GET /api/monitoring/rules, with rules like the Beijing lifelines pack's.
const rules: Rules = {
  assetTypes: {
    bridge: { rules: [{ kind: 'threshold', metric: 'strain_ue', direction: 'above', levels: [{ severity: 'warning', raise: { property: 'designStrainUe', factor: 0.8 } }, { severity: 'major', raise: { property: 'designStrainUe' } }] }] },
    heating_pipe: { rules: [{ kind: 'threshold', metric: 'temperature_c', direction: 'above', levels: [{ severity: 'minor', raise: { property: 'designSupplyTempC', offset: 5 } }] }] },
    water_main: {
      rules: [
        { kind: 'baseline', metric: 'pressure_mpa', direction: 'below', levels: [{ severity: 'minor', raise: 10 }] },
        { kind: 'threshold', metric: 'pressure_mpa', direction: 'below', levels: [{ severity: 'minor', raise: 0.14 }] },
      ],
    },
  },
  alarmTypes: { gas_leak: { name: { zh: '燃气泄漏', en: 'Gas leak' }, openCaseAt: 'major' }, rainstorm: { name: { zh: '暴雨', en: 'Rainstorm' }, openCaseAt: null } },
};

describe('the thresholds a chart draws', () => {
  it('resolves levels against the asset’s properties (factor and offset)', () => {
    expect(thresholdsFor(rules, 'bridge', 'strain_ue', { designStrainUe: 150 }).map((x) => [x.value, x.severity])).toEqual([[120, 'warning'], [150, 'major']]);
    expect(thresholdsFor(rules, 'heating_pipe', 'temperature_c', { designSupplyTempC: 110 })[0]).toMatchObject({ value: 115, below: false });
  });

  it('takes only threshold rules of that metric, and knows a level crossed from above', () => {
    expect(thresholdsFor(rules, 'water_main', 'pressure_mpa', {})).toEqual([{ value: 0.14, severity: 'minor', name: null, below: true }]);
    expect(thresholdsFor(rules, 'water_main', 'flow_m3h', {})).toEqual([]);
  });

  it('draws nothing when the property a level needs is missing, or there are no rules', () => {
    expect(thresholdsFor(rules, 'bridge', 'strain_ue', {})).toEqual([]);
    expect(thresholdsFor(undefined, 'bridge', 'strain_ue', { designStrainUe: 150 })).toEqual([]);
  });
});

describe('whether an alarm opens a case', () => {
  it.each([
    ['gas_leak', 'critical', true],
    ['gas_leak', 'major', true],
    ['gas_leak', 'minor', false],
    ['rainstorm', 'critical', false],
    ['unknown', 'critical', false],
  ] as const)('%s at %s → %s', (type, severity, opens) => expect(opensCase(rules, type, severity)).toBe(opens));
});
