// Builds the Beijing pack's SAMPLE environment geometry: environment/water-source-zones.geojson
// (drinking-water source protection zones around 密云水库, 怀柔水库 and a groundwater well field)
// and environment/parks.geojson (a few parks as points or boxes). Beijing's real zones are
// published as maps and text only, not as open polygons, so these are drawn here from simple
// shapes — ellipses and circles in metres around approximate places — and marked `sample: true`
// everywhere: they show how the platform works and must never be read as legal boundaries.
// Each zone names the districts it touches, computed from the pack's own regions/boundaries.geojson.
// Run: node --import tsx scripts/build-beijing-environment.ts [--out <pack dir>]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import polygonClipping from 'polygon-clipping';
import { readParksFile, readZonesFile } from '../src/modules/environment/index.js';

type Ring = [number, number][];
type Poly = Ring[];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GENERATED_BY = 'scripts/build-beijing-environment.ts (SAMPLE shapes drawn for citywork; districts from regions/boundaries.geojson)';
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** A ring approximating an ellipse of semi-axes `aM` (east–west) and `bM` (north–south) metres, counter-clockwise. */
function ellipse(lon: number, lat: number, aM: number, bM: number, n = 72): Ring {
  const mLon = 111_320 * Math.cos((lat * Math.PI) / 180);
  const mLat = 110_574;
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    ring.push([round(lon + (aM * Math.cos(t)) / mLon), round(lat + (bM * Math.sin(t)) / mLat)]);
  }
  ring.push(ring[0]!);
  return ring;
}
const circle = (lon: number, lat: number, rM: number) => ellipse(lon, lat, rM, rM, 48);
// RFC 7946: holes run clockwise.
const hole = (ring: Ring): Ring => [...ring].reverse();

interface Source {
  code: string;
  name: string;
  nameEn: string;
  kind: 'reservoir' | 'groundwater';
  zones: { level: 'I' | 'II' | 'quasi'; polygons: Poly[]; basis: string }[];
}

// Approximate centres (WGS-84) of the two reservoirs; the sample well field is invented.
const miyun = { lon: 116.93, lat: 40.52 };
const huairou = { lon: 116.585, lat: 40.318 };
const wells = [
  { lon: 116.695, lat: 40.1 },
  { lon: 116.702, lat: 40.1 },
  { lon: 116.6985, lat: 40.105 },
];
const field = { lon: 116.6985, lat: 40.1017 };

const reservoirZones = (c: { lon: number; lat: number }, [aI, bI]: number[], [aII, bII]: number[], [aQ, bQ]: number[]): Source['zones'] => [
  { level: 'I', polygons: [[ellipse(c.lon, c.lat, aI!, bI!)]], basis: `SAMPLE: an ellipse of ${aI! / 1000} × ${bI! / 1000} km semi-axes standing for the reservoir's water and a strip of shore (HJ 338-2018 draws level I from the intake and the normal water level; not done here)` },
  { level: 'II', polygons: [[ellipse(c.lon, c.lat, aII!, bII!), hole(ellipse(c.lon, c.lat, aI!, bI!))]], basis: `SAMPLE: the ring out to ${aII! / 1000} × ${bII! / 1000} km semi-axes around level I` },
  { level: 'quasi', polygons: [[ellipse(c.lon, c.lat, aQ!, bQ!), hole(ellipse(c.lon, c.lat, aII!, bII!))]], basis: `SAMPLE: the ring out to ${aQ! / 1000} × ${bQ! / 1000} km semi-axes around level II, standing for part of the catchment` },
];

const sources: Source[] = [
  { code: 'miyun-reservoir', name: '密云水库', nameEn: 'Miyun Reservoir', kind: 'reservoir', zones: reservoirZones(miyun, [11_000, 6_000], [16_000, 10_000], [26_000, 18_000]) },
  { code: 'huairou-reservoir', name: '怀柔水库', nameEn: 'Huairou Reservoir', kind: 'reservoir', zones: reservoirZones(huairou, [2_500, 1_500], [5_000, 3_500], [9_000, 7_000]) },
  {
    code: 'sample-well-field',
    name: '示例地下水井群水源地',
    nameEn: 'Sample groundwater well field',
    kind: 'groundwater',
    zones: [
      { level: 'I', polygons: wells.map((w) => [circle(w.lon, w.lat, 100)]), basis: 'SAMPLE: a 100 m circle around each of three invented wells (HJ 338-2018 sizes groundwater zones from the aquifer; not done here)' },
      { level: 'II', polygons: [[circle(field.lon, field.lat, 1_200), ...wells.map((w) => hole(circle(w.lon, w.lat, 100)))]], basis: 'SAMPLE: a 1.2 km circle around the field, the wells’ level I circles cut out' },
      { level: 'quasi', polygons: [[circle(field.lon, field.lat, 3_000), hole(circle(field.lon, field.lat, 1_200))]], basis: 'SAMPLE: the ring from 1.2 km to 3 km around the field' },
    ],
  },
];

const levelNames = { I: '一级保护区', II: '二级保护区', quasi: '准保护区' } as const;
const levelNamesEn = { I: 'level I protection zone', II: 'level II protection zone', quasi: 'quasi-protection zone' } as const;

/** The Beijing districts (6-digit codes) whose boundary overlaps a (multi)polygon. */
function districtsOf(polygons: Poly[], districts: { code: string; geometry: polygonClipping.Geom }[]): string[] {
  return districts.filter((d) => polygonClipping.intersection(polygons as polygonClipping.Geom, d.geometry).length > 0).map((d) => d.code.slice(0, 6));
}

function main() {
  const at = process.argv.indexOf('--out');
  const pack = at > 0 ? path.resolve(process.argv[at + 1]!) : path.join(root, 'packs/beijing');
  const boundaries = JSON.parse(readFileSync(path.join(pack, 'regions/boundaries.geojson'), 'utf8')) as { features: { properties: { code: string; level: string }; geometry: { coordinates: unknown } }[] };
  const districts = boundaries.features.filter((f) => f.properties.level === 'district' && f.properties.code.startsWith('11')).map((f) => ({ code: f.properties.code, geometry: f.geometry.coordinates as polygonClipping.Geom }));
  const features = sources.flatMap((s) =>
    s.zones.map((z) => ({
      type: 'Feature',
      properties: {
        id: `${s.code}-${z.level.toLowerCase()}`,
        name: `${s.name}${levelNames[z.level]}（样例）`,
        nameEn: `${s.nameEn} ${levelNamesEn[z.level]} (sample)`,
        level: z.level,
        source: { code: s.code, name: s.name, nameEn: s.nameEn, kind: s.kind },
        area: 'both',
        regionCodes: districtsOf(z.polygons, districts),
        sample: true,
        basis: z.basis,
        approvedBy: null,
      },
      geometry: z.polygons.length === 1 ? { type: 'Polygon', coordinates: z.polygons[0] } : { type: 'MultiPolygon', coordinates: z.polygons },
    })),
  );
  const zones = { type: 'FeatureCollection', sample: true, generatedBy: GENERATED_BY, features };
  readZonesFile(zones); // the loader's own check, before anything is written
  mkdirSync(path.join(pack, 'environment'), { recursive: true });
  writeFileSync(path.join(pack, 'environment/water-source-zones.geojson'), `${JSON.stringify(zones)}\n`);

  const parks = { type: 'FeatureCollection', sample: true, generatedBy: GENERATED_BY, features: sampleParks() };
  readParksFile(parks);
  writeFileSync(path.join(pack, 'environment/parks.geojson'), `${JSON.stringify(parks)}\n`);
  console.log(`wrote ${features.length} sample zones and ${parks.features.length} sample parks to ${path.join(pack, 'environment')}`);
}

/** A few well-known parks at approximate places (±300 m, not surveyed): points, two as boxes. */
function sampleParks() {
  const point = (id: string, name: string, nameEn: string, lon: number, lat: number) => ({ type: 'Feature', properties: { id, name, nameEn, sample: true, source: 'SAMPLE: approximate position drawn for citywork' }, geometry: { type: 'Point', coordinates: [lon, lat] } });
  const box = (id: string, name: string, nameEn: string, w: number, s: number, e: number, n: number) => ({
    type: 'Feature',
    properties: { id, name, nameEn, sample: true, source: 'SAMPLE: an approximate box drawn for citywork' },
    geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
  });
  return [
    box('tiantan', '天坛公园', 'Temple of Heaven Park', 116.401, 39.874, 116.42, 39.889),
    box('olympic-forest', '奥林匹克森林公园', 'Olympic Forest Park', 116.383, 40.006, 116.401, 40.03),
    point('jingshan', '景山公园', 'Jingshan Park', 116.3967, 39.9253),
    point('beihai', '北海公园', 'Beihai Park', 116.3889, 39.9254),
    point('zhongshan', '中山公园', 'Zhongshan Park', 116.3918, 39.9102),
    point('ditan', '地坛公园', 'Ditan Park', 116.4137, 39.9536),
    point('ritan', '日坛公园', 'Ritan Park', 116.4428, 39.914),
    point('yuetan', '月坛公园', 'Yuetan Park', 116.3467, 39.9137),
    point('taoranting', '陶然亭公园', 'Taoranting Park', 116.3847, 39.878),
    point('longtan', '龙潭公园', 'Longtan Park', 116.4347, 39.8783),
    point('chaoyang', '朝阳公园', 'Chaoyang Park', 116.4786, 39.9427),
    point('yuyuantan', '玉渊潭公园', 'Yuyuantan Park', 116.318, 39.916),
    point('zizhuyuan', '紫竹院公园', 'Zizhuyuan Park', 116.3205, 39.9434),
    point('summer-palace', '颐和园', 'Summer Palace', 116.2755, 39.9999),
  ];
}

main();
