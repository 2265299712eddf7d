// The telemetry benchmark's city: generated assets of the lifelines rule set's asset types, each
// with one 10-channel monitoring terminal (the type's own metrics first, then other metrics of
// the catalogue as auxiliary channels no rule reads), written as a monitoring pack and imported
// the way a city registers its devices in bulk. Labelled simulated, like the demo's.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { mulberry32 } from '../src/core/geo/seeded-random.js';

/** One device as the publishers see it: its id, its asset's type, its channels. */
export interface BenchDevice {
  id: string;
  type: string;
  metrics: string[];
}

/** A reading that raises an alarm at once (no minimum duration): sent now and then to time reading → alarm. */
export interface Incident {
  type: string;
  metric: string;
  value: number;
}

// Shares of the asset types and the properties their rules read (as rules/synthetic-load.ts).
const mix: [type: string, share: number, props: Record<string, number>][] = [
  ['gas_adjacent_space', 30, {}],
  ['gas_pipe_segment', 10, {}],
  ['water_main', 20, {}],
  ['drainage_manhole', 15, { overflowLevelM: 3 }],
  ['bridge', 5, { designStrainUe: 400, deflectionLimitMm: 50 }],
  ['heating_pipe', 10, { designSupplyTempC: 110, designPressureMpa: 1.6 }],
  ['rain_gauge', 5, {}],
  ['waterlogging_point', 5, {}],
];

// Values in normal operation, below every rule's first level: a healthy city raises no alarm.
const normal: Record<string, number> = {
  methane_pct_lel: 1,
  pressure_mpa: 0.3,
  flow_m3h: 25,
  level_m: 0.8,
  depth_cm: 0,
  rain_mm: 0,
  strain_ue: 200,
  deflection_mm: 10,
  temperature_c: 18,
  pm25_ugm3: 35,
  pm10_ugm3: 60,
  no2_ugm3: 30,
  so2_ugm3: 8,
  o3_ugm3: 80,
  co_mgm3: 0.8,
  ph: 7.2,
  do_mgl: 8,
  nh3n_mgl: 0.3,
  codmn_mgl: 3,
  turbidity_ntu: 1,
};

// First that the city has: methane in a space next to a gas main at 22 %LEL (major, at once);
// a bridge's strain at 1.25× its design value; a manhole at 0.93 of its overflow height.
const incidents: Incident[] = [
  { type: 'gas_adjacent_space', metric: 'methane_pct_lel', value: 22 },
  { type: 'bridge', metric: 'strain_ue', value: 500 },
  { type: 'drainage_manhole', metric: 'level_m', value: 2.8 },
];

export interface BenchCity {
  devices: BenchDevice[];
  /** Each metric's value in normal operation (clamped to the catalogue's range). */
  normal: Record<string, number>;
  incident: Incident | null;
  /** The asset types used (those both the catalogue and the rule set know). */
  types: string[];
}

interface CatalogJson {
  metrics: { name: string; min: number; max: number }[];
  assetTypes: { code: string }[];
}

/** Plans `count` devices over the asset types the pack's catalogue and its lifelines rules both know. */
export async function planCity(packDir: string, count: number, channels = 10): Promise<BenchCity> {
  const catalog = JSON.parse(await fs.readFile(path.join(packDir, 'monitoring/catalog.json'), 'utf8')) as CatalogJson;
  const rulesFile = path.join(packDir, 'lifelines/rules.json');
  const rules = JSON.parse(await fs.readFile(rulesFile, 'utf8').catch(() => '{"assetTypes":{}}')) as { assetTypes: Record<string, { metrics: Record<string, unknown> }> };
  const known = new Set(catalog.assetTypes.map((t) => t.code));
  const used = mix.filter(([type]) => known.has(type) && rules.assetTypes[type]);
  if (!used.length) throw new Error(`no asset type is in both ${packDir}/monitoring/catalog.json and lifelines/rules.json`);
  const values: Record<string, number> = {};
  for (const m of catalog.metrics) values[m.name] = Math.min(m.max, Math.max(m.min, normal[m.name] ?? (m.min + m.max) / 2));
  const all = catalog.metrics.map((m) => m.name);
  const shares = used.reduce((a, [, s]) => a + s, 0);
  const devices: BenchDevice[] = [];
  used.forEach(([type, share], t) => {
    const own = Object.keys(rules.assetTypes[type]!.metrics).filter((m) => m in values);
    const metrics = [...own, ...all.filter((m) => !own.includes(m))].slice(0, channels);
    const n = t === used.length - 1 ? count - devices.length : Math.round((count * share) / shares);
    for (let i = 0; i < n; i++) devices.push({ id: `bench-${type}-${i}`, type, metrics });
  });
  // Types interleaved, so any slice of the devices has the city's mix.
  const random = mulberry32(7);
  for (let i = devices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [devices[i], devices[j]] = [devices[j]!, devices[i]!];
  }
  return { devices, normal: values, incident: incidents.find((x) => used.some(([type]) => type === x.type)) ?? null, types: used.map(([t]) => t) };
}

/** Writes a pack of the city's assets and devices (city `manifest` from the real pack) to import after it. */
export async function writeCityPack(dir: string, packDir: string, city: BenchCity): Promise<void> {
  const manifest = JSON.parse(await fs.readFile(path.join(packDir, 'pack.json'), 'utf8')) as { city: unknown };
  const props = new Map(mix.map(([type, , p]) => [type, p]));
  const random = mulberry32(11);
  const assets = city.devices.map((d, i) => ({
    code: `BENCH-${String(i).padStart(6, '0')}`,
    type: d.type,
    name: `基准测试监测点${i}（模拟）`,
    nameEn: `Benchmark monitoring point ${i} (simulated)`,
    // Central Beijing, inside the Fifth Ring Road.
    lon: Math.round((116.2 + random() * 0.38) * 1e6) / 1e6,
    lat: Math.round((39.78 + random() * 0.27) * 1e6) / 1e6,
    properties: props.get(d.type) ?? {},
    simulated: true,
    devices: [{ id: d.id, metrics: d.metrics, model: 'simulated 10-channel terminal (benchmark)', simulated: true }],
  }));
  await fs.mkdir(path.join(dir, 'monitoring'), { recursive: true });
  await fs.writeFile(path.join(dir, 'pack.json'), JSON.stringify({ name: 'telemetry-bench', version: '1.0.0', description: 'SIMULATED devices of bench/telemetry.bench.ts', city: manifest.city }));
  await fs.writeFile(path.join(dir, 'monitoring/assets.json'), JSON.stringify({ simulated: true, description: 'SIMULATED benchmark devices (bench/telemetry.bench.ts), not real infrastructure.', assets }));
}
