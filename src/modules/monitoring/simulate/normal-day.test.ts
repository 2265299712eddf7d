import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fleetFromPack } from './fleet.js';
import { createDeviceSim } from './device-sim.js';
import { createIncident } from './incidents.js';

const pack = path.resolve('packs/beijing');
const catalogFile = path.join(pack, 'monitoring', 'catalog.json');

// Every simulated device of the demo pack, through a year of ordinary days: valid readings, no alarms.
describe.skipIf(!existsSync(catalogFile))('an ordinary day on the Beijing demo pack', () => {
  it('gives every metric of every device a reading inside the catalogue’s valid range, below the alarm levels', async () => {
    const fleet = await fleetFromPack(pack);
    const catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as { metrics: { name: string; min: number; max: number }[] };
    const range = new Map(catalog.metrics.map((m) => [m.name, m]));
    const none = createIncident('none', fleet.devices, { onsetS: 0, rampS: 1 });
    const seen = new Set<string>();
    const worst = new Map<string, number>();
    for (const d of fleet.devices) {
      const sim = createDeviceSim(d, none, 5);
      // Every 7 hours for a year: every hour of the day meets every season.
      for (let i = 0; i < 1252; i++) {
        const m = sim.message(Date.UTC(2025, 0, 1) + i * 7 * 3600_000, i * 7 * 3600);
        for (const r of m!.readings) {
          const { min, max } = range.get(r.metric)!;
          if (r.value < min || r.value > max) throw new Error(`${d.id} ${r.metric} ${r.value} outside ${min}..${max}`);
          const key = `${d.asset.type}:${r.metric}`;
          seen.add(r.metric);
          worst.set(key, Math.max(worst.get(key) ?? -Infinity, r.value));
        }
      }
    }
    // Every metric the demo's devices report has a model.
    expect([...seen].sort()).toEqual([...new Set(fleet.devices.flatMap((d) => d.metrics))].sort());
    expect(worst.get('gas_adjacent_space:methane_pct_lel')).toBeLessThan(10); // the pre-alarm level
    expect(worst.get('waterlogging_point:depth_cm')).toBe(0);
    expect(worst.get('rain_gauge:rain_mm')).toBe(0);
    expect(worst.get('heating_pipe:temperature_c')).toBeLessThan(115); // design supply + 5 °C
    for (const d of fleet.devices.filter((x) => x.asset.type === 'bridge')) {
      const sim = createDeviceSim(d, none, 9);
      const strains = Array.from({ length: 2000 }, (_, i) => sim.message(Date.UTC(2025, 6, 1) + i * 60_000, i * 60)!.readings[0]!.value);
      expect(Math.max(...strains)).toBeLessThan(0.8 * (d.asset.properties.designStrainUe as number)); // the warning level
    }
  });
});
