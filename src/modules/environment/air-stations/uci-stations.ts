// The 12 national (国控) air-quality stations of Beijing in the UCI "Beijing Multi-Site
// Air-Quality Data" (Zhang et al. 2017, Proc. R. Soc. A 473: 20170457; CC BY 4.0), keyed by the
// station name its files use. Codes and coordinates are those of the China National Environmental
// Monitoring Centre's (CNEMC) national station list (stations 1001A–1012A), as two independent
// public copies of it give them identically: a station-list JSON in a public GitHub C# project
// and the HeWeather (和风天气) v6 `air_now_station` answer of 2019-10-15 quoted in a public
// Android project. The list gives 2–4 decimals and names no datum: every point is approximate
// (see `coordinateUncertaintyM`), and the list's coordinates are used as they are (WGS-84 assumed).

/** One station: the UCI file's name, the national code, names, and the published point. */
export interface UciStation {
  uci: string;
  code: string;
  name: string;
  nameEn: string;
  lon: number;
  lat: number;
}

const s = (uci: string, code: string, name: string, nameEn: string, lon: number, lat: number): UciStation => ({ uci, code, name, nameEn, lon, lat });

/** The 12 stations, in national-code order. */
export const uciStations: readonly UciStation[] = [
  s('Wanshouxigong', '1001A', '万寿西宫', 'Wanshouxigong', 116.366, 39.8673),
  s('Dingling', '1002A', '定陵', 'Dingling', 116.17, 40.2865),
  s('Dongsi', '1003A', '东四', 'Dongsi', 116.434, 39.9522),
  s('Tiantan', '1004A', '天坛', 'Tiantan (Temple of Heaven)', 116.434, 39.8745),
  s('Nongzhanguan', '1005A', '农展馆', 'Nongzhanguan (Agricultural Exhibition Centre)', 116.473, 39.9716),
  s('Guanyuan', '1006A', '官园', 'Guanyuan', 116.361, 39.9425),
  s('Wanliu', '1007A', '海淀区万柳', 'Wanliu (Haidian)', 116.315, 39.9934),
  s('Shunyi', '1008A', '顺义新城', 'Shunyi New Town', 116.72, 40.1438),
  s('Huairou', '1009A', '怀柔镇', 'Huairou Town', 116.644, 40.3937),
  s('Changping', '1010A', '昌平镇', 'Changping Town', 116.23, 40.1952),
  s('Aotizhongxin', '1011A', '奥体中心', 'Olympic Sports Centre', 116.407, 40.0031),
  s('Gucheng', '1012A', '古城', 'Gucheng', 116.225, 39.9279),
];

/** Where the stations' data and points come from, as stored on each station asset. */
export const uciSource = {
  dataset: 'UCI Beijing Multi-Site Air-Quality Data (UCI id 501), hourly 2013-03-01 .. 2017-02-28; Zhang, Guo, Dong, He, Xu & Chen (2017) Proc. R. Soc. A 473: 20170457; CC BY 4.0',
  coordinates: 'CNEMC national station list (1001A–1012A), as published with 2–4 decimals and no datum: approximate',
} as const;

/** The station of a UCI station name (as in its file name or `station` column), if it is one of the 12. */
export function uciStation(name: string): UciStation | undefined {
  const key = name.trim().toLowerCase();
  return uciStations.find((st) => st.uci.toLowerCase() === key);
}

/** How far the published point may lie from the true one by its rounding alone (metres, the larger of the two axes). */
export function coordinateUncertaintyM(st: Pick<UciStation, 'lon' | 'lat'>): number {
  const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;
  const halfUnit = (x: number) => 0.5 * 10 ** -decimals(x);
  const mPerDegLat = 111_000;
  const mPerDegLon = 111_000 * Math.cos((st.lat * Math.PI) / 180);
  return Math.round(Math.max(halfUnit(st.lon) * mPerDegLon, halfUnit(st.lat) * mPerDegLat));
}
