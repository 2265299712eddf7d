import { describe, expect, it } from 'vitest';
import { uciHeader, uciPayload, uciRow } from './uci-row.js';
import { coordinateUncertaintyM, uciStation, uciStations } from './uci-stations.js';

const header = '"No","year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3","TEMP","PRES","DEWP","RAIN","wd","WSPM","station"';
const at = uciHeader(header);

describe('a UCI Beijing line as a station’s telemetry', () => {
  it('reads the hour in Beijing time and each value in the catalogue’s unit (CO µg/m³ → mg/m³)', () => {
    const r = uciRow('1,2014,3,1,0,9,9.5,0.2856,17,300,89,-0.5,1024.5,-21.4,0,"NNW",5.7,"Dongsi"', at);
    expect(r.station).toBe('Dongsi');
    expect(r.ts).toBe(Date.parse('2014-02-28T16:00:00Z'));
    expect(r.readings).toEqual([
      { metric: 'pm25_ugm3', unit: 'µg/m³', value: 9 },
      { metric: 'pm10_ugm3', unit: 'µg/m³', value: 9.5 },
      { metric: 'so2_ugm3', unit: 'µg/m³', value: 0.2856 },
      { metric: 'no2_ugm3', unit: 'µg/m³', value: 17 },
      { metric: 'co_mgm3', unit: 'mg/m³', value: 0.3 },
      { metric: 'o3_ugm3', unit: 'µg/m³', value: 89 },
    ]);
    expect(JSON.parse(uciPayload(r).toString())).toEqual({ ts: r.ts, readings: r.readings });
  });

  it('sends no reading for NA or an empty cell — missing, never zero', () => {
    const r = uciRow('2,2014,3,1,1,NA,4,,16,NA,88,-0.7,1025.1,-22.1,0,"NW",3.9,"Dongsi"', at);
    expect(r.readings.map((x) => x.metric)).toEqual(['pm10_ugm3', 'no2_ugm3', 'o3_ugm3']);
    expect(uciRow('3,2014,3,1,2,NA,NA,NA,NA,NA,NA,0,0,0,0,"N",0,"Dongsi"', at).readings).toEqual([]);
  });

  it('passes a value that is no number as it is, and a negative one as a number, for the ingest to quarantine', () => {
    const r = uciRow('4,2014,3,1,3,-5,4,1x2,16,3e2,88,0,0,0,0,"N",0,"Dongsi"', at);
    expect(r.readings.map((x) => x.value)).toEqual([-5, 4, '1x2', 16, '3e2', 88]);
  });

  it('gives an hour that does not exist as its text (the ingest refuses it as a bad time)', () => {
    expect(uciRow('5,2014,2,30,0,1,1,1,1,100,1,0,0,0,0,"N",0,"Dongsi"', at).ts).toBe('2014-2-30 0h (Beijing)');
    expect(uciRow('6,2014,3,1,24,1,1,1,1,100,1,0,0,0,0,"N",0,"Dongsi"', at).ts).toBe('2014-3-1 24h (Beijing)');
    expect(uciRow('7,2014,12,31,23,1,1,1,1,100,1,0,0,0,0,"N",0,"Dongsi"', at).ts).toBe(Date.parse('2014-12-31T15:00:00Z'));
  });

  it('refuses a header without the columns it needs, naming them', () => {
    expect(() => uciHeader('"No","year","month","day","hour","PM2.5","station"', 'x.csv')).toThrow(/x\.csv is not a UCI Beijing air-quality file: no column PM10, SO2, NO2, CO, O3/);
    expect(uciHeader('\uFEFF' + header).year).toBe(1);
  });
});

describe('the 12 UCI stations', () => {
  it('are the 12 national stations 1001A–1012A, found by their UCI name in any case', () => {
    expect(uciStations.map((s) => s.code)).toEqual(Array.from({ length: 12 }, (_, i) => `${1001 + i}A`));
    expect(uciStation('dongsi')?.name).toBe('东四');
    expect(uciStation('Aotizhongxin')?.code).toBe('1011A');
    expect(uciStation('Haidian')).toBeUndefined();
  });

  it('say how far a point may be off by its rounding alone', () => {
    // 116.434 (3 decimals): 0.0005° × 111 km × cos 39.95° ≈ 43 m; 39.9522 (4 decimals): ≈ 6 m.
    expect(coordinateUncertaintyM({ lon: 116.434, lat: 39.9522 })).toBe(43);
    // 116.17 (2 decimals) at 40.29°: 0.005° × 111 km × cos 40.29° ≈ 423 m.
    expect(coordinateUncertaintyM({ lon: 116.17, lat: 40.2865 })).toBe(423);
    expect(coordinateUncertaintyM({ lon: 116.4071, lat: 40.0031 })).toBe(6);
  });
});
