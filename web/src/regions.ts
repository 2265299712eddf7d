import { api, qs } from './api';

let districts: Promise<GeoJSON.FeatureCollection> | null = null;

/** The city's district boundaries (our own GeoJSON), fetched once: the backdrop of every map. */
export function districtBoundaries(): Promise<GeoJSON.FeatureCollection> {
  districts ??= (async () => {
    const { cityCode } = await api<{ cityCode: string }>('/api/console/settings');
    let parent = cityCode.padEnd(12, '0');
    let children = (await api<{ regions: { code: string; level: string }[] }>(`/api/regions/${parent}/children`)).regions;
    while (children.length === 1 && children[0]!.level === 'city') {
      parent = children[0]!.code;
      children = (await api<{ regions: { code: string; level: string }[] }>(`/api/regions/${parent}/children`)).regions;
    }
    return api<GeoJSON.FeatureCollection>(`/api/regions/geojson${qs({ parent })}`);
  })().catch((err) => {
    districts = null;
    throw err;
  });
  return districts;
}

export interface Located {
  region: { code: string; name: string; nameEn: string | null; level: string } | null;
  ancestors: { code: string; name: string; nameEn: string | null; level: string }[];
}

/** The region chain of a point, finest first ("永安里社区 < 建外街道 < 朝阳区"). */
export function locate(lon: number, lat: number): Promise<Located> {
  return api<Located>(`/api/regions/locate${qs({ lon, lat })}`);
}
