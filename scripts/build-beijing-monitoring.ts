// Builds the Beijing pack's monitoring files: monitoring/catalog.json (the metric catalogue and
// asset types, authored for citywork), monitoring/assets.json (a SIMULATED demo set of assets and
// devices placed near real Beijing places: not real infrastructure) and monitoring/README.md.
// Reproducible: a seeded generator; every point is checked to lie inside Beijing's boundary.
// Run: node --import tsx scripts/build-beijing-monitoring.ts [--out <pack dir>]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSpatialIndex, type Polygonal } from '../src/core/geo/index.js';
import { mulberry32 } from '../src/core/geo/seeded-random.js';
import { assetsFileSchema, catalogFileSchema, parseLifelinesRules, rulesCoverage } from '../src/modules/monitoring/index.js';
import { recordsJson } from './pack-build/compact-json.js';
import { catalog, monitoringPlaces as places, type Place } from './pack-build/monitoring-catalog.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 20250715;

/** The files this build writes, relative to the pack folder. */
export const monitoringOutputs = ['monitoring/catalog.json', 'monitoring/assets.json', 'monitoring/README.md'] as const;

type Asset = { code: string; type: string; name: string; nameEn: string; lon: number; lat: number; geometry?: { type: 'LineString'; coordinates: [number, number][] }; properties: Record<string, unknown>; simulated: true; devices: { id: string; metrics: string[]; model: string }[] };

/** Writes the monitoring files into `packDir` (reading its regions/boundaries.geojson); returns the count of assets per type. */
export function buildBeijingMonitoring(packDir: string, { boundariesFile = path.join(packDir, 'regions/boundaries.geojson') } = {}): Record<string, number> {
  const random = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const int = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;
  // Metres to degrees near Beijing (40° N): 1° of latitude ≈ 111.0 km, of longitude ≈ 85.3 km.
  const offset = (p: { lon: number; lat: number }, eastM: number, northM: number) => ({ lon: round(p.lon + eastM / 85_300), lat: round(p.lat + northM / 111_000) });
  const near = (p: Place, maxM: number) => offset(p, (random() * 2 - 1) * maxM, (random() * 2 - 1) * maxM);
  const beijing = boundaryOf(boundariesFile);
  const assets: Asset[] = [];
  const counters = new Map<string, number>();
  const next = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return String(n).padStart(4, '0');
  };
  const add = (a: Omit<Asset, 'simulated'>) => {
    for (const [lon, lat] of [[a.lon, a.lat], ...(a.geometry?.coordinates ?? [])] as [number, number][]) {
      if (!beijing(lon, lat)) throw new Error(`${a.code} (${a.name}) at ${lon}, ${lat} lies outside Beijing`);
    }
    assets.push({ ...a, simulated: true });
  };
  const segment = (p: Place, lengthM: number) => {
    const start = near(p, 1200);
    const bearing = random() * Math.PI;
    const end = offset(start, Math.cos(bearing) * lengthM, Math.sin(bearing) * lengthM);
    return { start, end, mid: { lon: round((start.lon + end.lon) / 2), lat: round((start.lat + end.lat) / 2) } };
  };
  const line = (s: ReturnType<typeof segment>) => ({ type: 'LineString' as const, coordinates: [[s.start.lon, s.start.lat], [s.end.lon, s.end.lat]] as [number, number][] });

  // Gas: medium- and low-pressure mains, and the other utilities' wells beside them where leaked
  // gas gathers — methane there is watched as % of the lower explosive limit.
  const gasClasses = [{ cls: 'medium-A', zh: '中压A', mpa: 0.4 }, { cls: 'medium-B', zh: '中压B', mpa: 0.2 }, { cls: 'low', zh: '低压', mpa: 0.01 }];
  const spaces = [{ zh: '雨水井', en: 'storm-water well' }, { zh: '污水井', en: 'sewer well' }, { zh: '电力井', en: 'power cable well' }, { zh: '通信井', en: 'telecom well' }];
  for (let i = 0; i < 60; i++) {
    const p = places.urban[i % places.urban.length]!;
    const g = pick(gasClasses);
    const s = segment(p, int(150, 600));
    const n = next('gas');
    add({ code: `BJ-GAS-${n}`, type: 'gas_pipe_segment', name: `${p.zh}燃气${g.zh}管段${n}`, nameEn: `${p.en} ${g.cls} gas main ${n}`, lon: s.mid.lon, lat: s.mid.lat, geometry: line(s), properties: { pressureClass: g.cls, designPressureMpa: g.mpa, diameterMm: pick([160, 200, 300, 400]), material: pick(['PE', 'steel']), installedYear: int(1985, 2022), operatorOrg: '110000-gas' }, devices: i % 3 === 0 ? [{ id: `gas-p-${n}`, metrics: ['pressure_mpa'], model: 'simulated gas pressure transmitter' }] : [] });
    for (let j = 0; j < 1 + (i % 2); j++) {
      const sp = pick(spaces);
      const at = offset(j === 0 ? s.start : s.end, int(-25, 25), int(-25, 25));
      const m = next('ch4');
      add({ code: `BJ-ADJ-${m}`, type: 'gas_adjacent_space', name: `${p.zh}${sp.zh}${m}（燃气相邻空间）`, nameEn: `${p.en} ${sp.en} ${m} (next to gas main ${n})`, lon: at.lon, lat: at.lat, properties: { spaceType: sp.en, depthM: round(1.5 + random() * 3, 1), nearGasMain: `BJ-GAS-${n}`, operatorOrg: '110000-gas' }, devices: [{ id: `gas-ch4-${m}`, metrics: ['methane_pct_lel', 'temperature_c'], model: 'simulated methane detector' }] });
    }
  }
  // Water supply: mains with pressure and flow meters (DMA inlets), and valve chambers.
  for (let i = 0; i < 40; i++) {
    const p = places.urban[(i * 7) % places.urban.length]!;
    const s = segment(p, int(300, 900));
    const n = next('wm');
    add({ code: `BJ-WM-${n}`, type: 'water_main', name: `${p.zh}供水干管${n}`, nameEn: `${p.en} water main ${n}`, lon: s.mid.lon, lat: s.mid.lat, geometry: line(s), properties: { diameterMm: pick([300, 400, 600, 800, 1000]), material: pick(['ductile iron', 'steel', 'PCCP']), installedYear: int(1970, 2020), dma: `DMA-${p.en.replace(/\s+/g, '')}`, normalPressureMpa: round(0.24 + random() * 0.1, 2), operatorOrg: '110000-water' }, devices: [{ id: `wm-${n}`, metrics: ['pressure_mpa', 'flow_m3h'], model: 'simulated electromagnetic flow and pressure meter' }] });
  }
  for (let i = 0; i < 10; i++) {
    const p = places.urban[(i * 5 + 3) % places.urban.length]!;
    const at = near(p, 1000);
    const n = next('wv');
    add({ code: `BJ-WV-${n}`, type: 'valve', name: `${p.zh}供水阀门井${n}`, nameEn: `${p.en} water valve chamber ${n}`, lon: at.lon, lat: at.lat, properties: { network: 'water', diameterMm: pick([300, 400, 600]), operatorOrg: '110000-water' }, devices: [{ id: `wv-${n}`, metrics: ['pressure_mpa'], model: 'simulated pressure logger' }] });
  }
  // Drainage: manholes with level gauges; overflow is the well's depth (level measured from its floor).
  for (let i = 0; i < 40; i++) {
    const p = places.urban[(i * 3 + 1) % places.urban.length]!;
    const at = near(p, 1200);
    const depth = round(2.5 + random() * 3.5, 1);
    const n = next('dl');
    add({ code: `BJ-MH-${n}`, type: 'drainage_manhole', name: `${p.zh}排水检查井${n}`, nameEn: `${p.en} drainage manhole ${n}`, lon: at.lon, lat: at.lat, properties: { network: pick(['storm', 'combined']), wellDepthM: depth, overflowLevelM: depth, pipeDiameterMm: pick([600, 800, 1000, 1200]), operatorOrg: '110000-drainage' }, devices: [{ id: `dl-${n}`, metrics: ['level_m'], model: 'simulated radar level gauge' }] });
  }
  // Bridges: strain and deflection against their design values; the deflection limit is span/600
  // (JTG 3362-2018 for beam bridges, cited from memory, not verified), named as the rules read it.
  for (const b of places.bridges) {
    const n = next('br');
    const span = int(25, 60);
    add({ code: `BJ-BR-${n}`, type: 'bridge', name: b.zh, nameEn: b.en, lon: b.lon, lat: b.lat, properties: { structure: pick(['prestressed concrete continuous girder', 'steel box girder', 'concrete T-beam']), mainSpanM: span, designStrainUe: pick([120, 150, 200]), deflectionLimitMm: round((span * 1000) / 600, 0), operatorOrg: '110000-jtw' }, devices: [{ id: `br-${n}`, metrics: ['strain_ue', 'deflection_mm', 'temperature_c'], model: 'simulated structural health monitor' }] });
  }
  // Waterlogging: underpasses that flood in storms, with ponding-depth gauges.
  for (const w of places.underpasses) {
    const n = next('wl');
    add({ code: `BJ-WL-${n}`, type: 'waterlogging_point', name: `${w.zh}下凹段积水点`, nameEn: `${w.en} underpass ponding point`, lon: w.lon, lat: w.lat, properties: { kind: 'underpass', laneClosureDepthCm: 15, operatorOrg: '110000-drainage' }, devices: [{ id: `wl-${n}`, metrics: ['depth_cm'], model: 'simulated ultrasonic depth gauge' }] });
  }
  // Rain gauges: one near every district's centre (5-minute accumulations).
  for (const p of places.districts) {
    const n = next('rg');
    const at = near(p, 800);
    add({ code: `BJ-RG-${n}`, type: 'rain_gauge', name: `${p.zh}雨量站`, nameEn: `${p.en} rain gauge`, lon: at.lon, lat: at.lat, properties: { intervalMinutes: 5, operatorOrg: '110000-swj' }, devices: [{ id: `rg-${n}`, metrics: ['rain_mm'], model: 'simulated tipping-bucket rain gauge' }] });
  }
  // Heating: primary network pipes with supply temperature and pressure.
  for (let i = 0; i < 15; i++) {
    const p = places.urban[(i * 11 + 2) % places.urban.length]!;
    const s = segment(p, int(200, 700));
    const n = next('hp');
    add({ code: `BJ-HP-${n}`, type: 'heating_pipe', name: `${p.zh}热力一次网管段${n}`, nameEn: `${p.en} district heating main ${n}`, lon: s.mid.lon, lat: s.mid.lat, geometry: line(s), properties: { designSupplyTempC: 110, designPressureMpa: 1.6, diameterMm: pick([300, 500, 700]), operatorOrg: '110000-heat' }, devices: [{ id: `hp-${n}`, metrics: ['temperature_c', 'pressure_mpa'], model: 'simulated heat network sensor' }] });
  }
  // Air and water quality stations.
  for (const st of places.airStations) {
    const n = next('aq');
    add({ code: `BJ-AQ-${n}`, type: 'air_station', name: `${st.zh}空气质量监测点（模拟）`, nameEn: `${st.en} air quality station (simulated)`, lon: st.lon, lat: st.lat, properties: { operatorOrg: '110000-sthjj' }, devices: [{ id: `aq-${n}`, metrics: ['pm25_ugm3', 'pm10_ugm3', 'no2_ugm3', 'so2_ugm3', 'o3_ugm3', 'co_mgm3'], model: 'simulated air quality analyser' }] });
  }
  for (const st of places.waterStations) {
    const n = next('wq');
    add({ code: `BJ-WQ-${n}`, type: 'water_station', name: `${st.zh}水质自动站（模拟）`, nameEn: `${st.en} water quality station (simulated)`, lon: st.lon, lat: st.lat, properties: { operatorOrg: '110000-sthjj' }, devices: [{ id: `wq-${n}`, metrics: ['ph', 'do_mgl', 'nh3n_mgl', 'codmn_mgl', 'turbidity_ntu'], model: 'simulated multi-parameter sonde' }] });
  }

  const assetsFile = { simulated: true, description: 'SIMULATED demo assets and devices, generated by scripts/build-beijing-monitoring.ts near real Beijing places; not real infrastructure.', assets };
  catalogFileSchema.parse(catalog);
  assetsFileSchema.parse(assetsFile);
  // The rules of the lifelines pack must fit: every asset type has rules, every rule's metric
  // is reported by that type's devices, every asset has the properties its rules read.
  const rulesFile = path.join(packDir, 'lifelines/rules.json');
  if (existsSync(rulesFile)) {
    const problems = rulesCoverage(parseLifelinesRules(JSON.parse(readFileSync(rulesFile, 'utf8'))), catalog, assets);
    if (problems.length) throw new Error(`monitoring/ and lifelines/rules.json do not fit: ${problems.slice(0, 5).map((p) => p.message).join('; ')}`);
  }
  const counts: Record<string, number> = {};
  for (const a of assets) counts[a.type] = (counts[a.type] ?? 0) + 1;
  mkdirSync(path.join(packDir, 'monitoring'), { recursive: true });
  writeFileSync(path.join(packDir, 'monitoring/catalog.json'), JSON.stringify(catalog, null, 2) + '\n');
  writeFileSync(path.join(packDir, 'monitoring/assets.json'), recordsJson({ simulated: true, description: assetsFile.description }, 'assets', assets));
  writeFileSync(path.join(packDir, 'monitoring/README.md'), readme(counts, assets.reduce((n, a) => n + a.devices.length, 0)));
  return counts;
}

function boundaryOf(file: string): (lon: number, lat: number) => boolean {
  const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { code: string }; geometry: Polygonal }[] };
  const province = fc.features.filter((f) => f.properties.code === '110000000000');
  const index = createSpatialIndex(province.map((f, i) => ({ id: String(i), geometry: f.geometry })));
  return (lon, lat) => index.containing(lon, lat).length > 0;
}

function readme(counts: Record<string, number>, devices: number): string {
  const rows = catalog.assetTypes.map((t) => `| \`${t.code}\` | ${t.name} | ${t.nameEn} | ${counts[t.code] ?? 0} | ${t.metrics.map((m) => `\`${m}\``).join(', ')} |`);
  const metrics = catalog.metrics.map((m) => `| \`${m.name}\` | ${m.unit || '—'} | ${m.min} … ${m.max} | ${m.nameZh} | ${m.nameEn} |`);
  return `# Beijing monitoring (demo pack) — SIMULATED

Generated by \`scripts/build-beijing-monitoring.ts\` (\`node --import tsx scripts/build-beijing-monitoring.ts\`);
do not edit by hand. Reproducible: a seeded generator (seed ${SEED}).

**Every asset and device in \`assets.json\` is simulated** (\`"simulated": true\` on the file and on each
asset): made-up gas, water, drainage and heating segments, wells, bridges' sensors, waterlogging
points and stations, placed near real Beijing places (districts' centres, well-known interchanges,
underpasses and monitoring-station names) so the demo map looks like the city. They are not the
city's infrastructure, and their properties (diameters, years, design values) are invented within
plausible ranges. Each point was checked to lie inside Beijing's boundary (\`regions/boundaries.geojson\`);
the region of each asset is assigned at import by \`regions.locate\`. Asset types name the organisation
of the pack's \`orgs.json\` that operates them (\`properties.operatorOrg\`).

${Object.values(counts).reduce((a, b) => a + b, 0)} assets, ${devices} devices:

| type | 中文 | English | assets | metrics |
|---|---|---|---|---|
${rows.join('\n')}

## Metric catalogue (\`catalog.json\`)

The valid range of a metric is a plausibility bound of the sensors (a reading outside it is
quarantined as \`out_of_range\`), chosen for citywork; it is not an alarm threshold (those are the
rules' business, each with its source).

| metric | unit | valid range | 中文 | English |
|---|---|---|---|---|
${metrics.join('\n')}
`;
}

const argOut = process.argv.indexOf('--out');
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = argOut > 0 ? path.resolve(process.argv[argOut + 1]!) : path.join(root, 'packs/beijing');
  const counts = buildBeijingMonitoring(out);
  process.stdout.write(`wrote ${monitoringOutputs.join(', ')} in ${out}: ${JSON.stringify(counts)}\n`);
}
