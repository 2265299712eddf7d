/** The area-weighted centroid of a polygon or multipolygon in lon/lat (planar, fine at city scale). */
export function centroidOf(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring) => {
      // Shoelace formula; holes wind the other way and subtract.
      for (let i = 0; i < ring.length - 1; i++) {
        const [x0, y0] = ring[i] as [number, number];
        const [x1, y1] = ring[i + 1] as [number, number];
        const cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
      }
    });
  }
  if (a === 0) {
    const [x, y] = polygons[0]![0]![0] as [number, number];
    return [x, y];
  }
  return [cx / (3 * a), cy / (3 * a)];
}
