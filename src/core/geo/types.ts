// The GeoJSON shapes the geo kernel reads (RFC 7946), kept minimal so core needs no @types/geojson.

/** A position: longitude, latitude (WGS-84 degrees), and an ignored altitude. */
export type Position = readonly number[];

/** A GeoJSON Polygon: an exterior ring, then its holes; every ring closed. */
export interface Polygon {
  type: 'Polygon';
  coordinates: readonly (readonly Position[])[];
}

/** A GeoJSON MultiPolygon: polygons that together make one area. */
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: readonly (readonly (readonly Position[])[])[];
}

/** A polygonal geometry, what regions and zones are made of. */
export type Polygonal = Polygon | MultiPolygon;

/** Any GeoJSON geometry. */
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint' | 'LineString'; coordinates: readonly Position[] }
  | { type: 'MultiLineString'; coordinates: readonly (readonly Position[])[] }
  | Polygon
  | MultiPolygon
  | { type: 'GeometryCollection'; geometries: readonly Geometry[] };

/** A bounding box: [minLon, minLat, maxLon, maxLat]. */
export type Bbox = [number, number, number, number];
