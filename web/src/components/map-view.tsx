import { useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MlMap, StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { centroid, bboxOf } from '../geo';

export interface MapViewProps {
  /** Region boundaries (our own GeoJSON from /api/regions/geojson); features carry `code` and `name`. */
  geojson: GeoJSON.FeatureCollection | null;
  /** Fill colour per region code. */
  fill?: Record<string, string>;
  /** A label per region code, drawn as an HTML marker (no glyph server needed). */
  labels?: Record<string, string>;
  highlight?: string | null;
  /** Zoom to this region (its code), else to everything. */
  focus?: string | null;
  onSelect?: (code: string) => void;
  pin?: { lon: number; lat: number } | null;
  onPick?: (lon: number, lat: number) => void;
  /** Areas drawn over the regions (hotspots, zones): each feature's `fill` property colours it, its `id` names it. */
  overlay?: GeoJSON.FeatureCollection | null;
  onOverlaySelect?: (id: string) => void;
  /** Zoom to this overlay feature (its id). */
  overlayFocus?: string | null;
  /** Points drawn above everything (alarms, assets): each feature's `fill` colours it, `radius` (px) sizes it, `id` names it. */
  points?: GeoJSON.FeatureCollection | null;
  onPointSelect?: (id: string) => void;
  /** Centre on this point (its id). */
  pointFocus?: string | null;
  ariaLabel: string;
  unavailableText: string;
  className?: string;
}

// MapLibre finds its worker beside its own module, which a bundle moves: say where it is.
maplibregl.setWorkerUrl(workerUrl);

// No tiles, no sprites, no glyphs: only a background and our GeoJSON layers.
const style: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
};

/** A MapLibre map of region boundaries, coloured, labelled with HTML markers, clickable, with an optional pin. */
export function MapView({ geojson, fill, labels, highlight, focus, onSelect, pin, onPick, overlay, onOverlaySelect, overlayFocus, points, onPointSelect, pointFocus, ariaLabel, unavailableText, className }: MapViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<MlMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const handlers = useRef({ onSelect, onPick, onOverlaySelect, onPointSelect });
  handlers.current = { onSelect, onPick, onOverlaySelect, onPointSelect };
  const markers = useRef<maplibregl.Marker[]>([]);
  const pinMarker = useRef<maplibregl.Marker | null>(null);

  useEffect(() => {
    if (!box.current) return;
    let m: MlMap;
    try {
      m = new maplibregl.Map({ container: box.current, style, center: [116.4, 40.15], zoom: 7, attributionControl: false, dragRotate: false, pitchWithRotate: false, fadeDuration: 0 });
    } catch {
      setFailed(true);
      return;
    }
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.touchZoomRotate.disableRotation();
    m.on('load', () => setLoaded(true));
    m.on('click', 'regions-fill', (e) => {
      const code = e.features?.[0]?.properties?.code as string | undefined;
      if (code && handlers.current.onSelect) handlers.current.onSelect(code);
    });
    m.on('click', 'overlay-fill', (e) => {
      const id = e.features?.[0]?.properties?.id as string | undefined;
      if (id && handlers.current.onOverlaySelect) handlers.current.onOverlaySelect(id);
    });
    m.on('mouseenter', 'overlay-fill', () => {
      if (handlers.current.onOverlaySelect) m.getCanvas().style.cursor = 'pointer';
    });
    m.on('mouseleave', 'overlay-fill', () => (m.getCanvas().style.cursor = ''));
    m.on('click', 'points-circle', (e) => {
      const id = e.features?.[0]?.properties?.id as string | undefined;
      if (id && handlers.current.onPointSelect) handlers.current.onPointSelect(id);
    });
    m.on('mouseenter', 'points-circle', () => {
      if (handlers.current.onPointSelect) m.getCanvas().style.cursor = 'pointer';
    });
    m.on('mouseleave', 'points-circle', () => (m.getCanvas().style.cursor = ''));
    m.on('click', (e) => handlers.current.onPick?.(Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6));
    m.on('mouseenter', 'regions-fill', () => {
      if (handlers.current.onSelect || handlers.current.onPick) m.getCanvas().style.cursor = 'pointer';
    });
    m.on('mouseleave', 'regions-fill', () => (m.getCanvas().style.cursor = ''));
    map.current = m;
    const resize = new ResizeObserver(() => m.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  // The boundaries and their colours.
  useEffect(() => {
    const m = map.current;
    if (!m || !loaded || !geojson) return;
    const data: GeoJSON.FeatureCollection = {
      ...geojson,
      features: geojson.features.map((f) => ({ ...f, properties: { ...f.properties, fill: fill?.[f.properties?.code as string] ?? '#cfd8e3' } })),
    };
    const src = m.getSource('regions') as GeoJSONSource | undefined;
    if (src) src.setData(data);
    else {
      m.addSource('regions', { type: 'geojson', data, promoteId: 'code' });
      m.addLayer({ id: 'regions-fill', type: 'fill', source: 'regions', paint: { 'fill-color': ['get', 'fill'], 'fill-opacity': 0.85 } });
      m.addLayer({ id: 'regions-line', type: 'line', source: 'regions', paint: { 'line-color': '#ffffff', 'line-width': 1.2 } });
      m.addLayer({ id: 'regions-highlight', type: 'line', source: 'regions', paint: { 'line-color': '#0b3d91', 'line-width': 3 }, filter: ['==', ['get', 'code'], ''] });
    }
  }, [geojson, fill, loaded]);

  // The overlay, above the regions (and added after them, whichever data arrives first).
  useEffect(() => {
    const m = map.current;
    if (!m || !loaded) return;
    const data: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: (overlay?.features ?? []).map((f, i) => ({ ...f, properties: { ...f.properties, id: String(f.id ?? f.properties?.id ?? i), fill: f.properties?.fill ?? '#e65100' } })),
    };
    const src = m.getSource('overlay') as GeoJSONSource | undefined;
    if (src) src.setData(data);
    else if (overlay) {
      m.addSource('overlay', { type: 'geojson', data });
      m.addLayer({ id: 'overlay-fill', type: 'fill', source: 'overlay', paint: { 'fill-color': ['get', 'fill'], 'fill-opacity': 0.75 } });
      m.addLayer({ id: 'overlay-line', type: 'line', source: 'overlay', paint: { 'line-color': '#3e2723', 'line-width': 1 } });
    }
    if (m.getLayer('overlay-fill') && m.getLayer('regions-highlight')) {
      m.moveLayer('overlay-fill');
      m.moveLayer('overlay-line');
    }
  }, [overlay, loaded, geojson]);

  // The points, above the regions and the overlay (moved to the top whenever either arrives).
  useEffect(() => {
    const m = map.current;
    if (!m || !loaded) return;
    const data: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: (points?.features ?? []).map((f, i) => ({ ...f, properties: { ...f.properties, id: String(f.id ?? f.properties?.id ?? i), fill: f.properties?.fill ?? '#c62828', radius: f.properties?.radius ?? 6 } })),
    };
    const src = m.getSource('points') as GeoJSONSource | undefined;
    if (src) src.setData(data);
    else if (points) {
      m.addSource('points', { type: 'geojson', data });
      m.addLayer({ id: 'points-circle', type: 'circle', source: 'points', paint: { 'circle-color': ['get', 'fill'], 'circle-radius': ['get', 'radius'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } });
    }
    if (m.getLayer('points-circle')) m.moveLayer('points-circle');
  }, [points, loaded, geojson, overlay]);

  useEffect(() => {
    const m = map.current;
    if (!m || !loaded || !m.getLayer('regions-highlight')) return;
    m.setFilter('regions-highlight', ['==', ['get', 'code'], highlight ?? '']);
  }, [highlight, loaded, geojson]);

  // Zoom to the focused region, or to everything.
  useEffect(() => {
    const m = map.current;
    if (!m || !loaded || !geojson?.features.length) return;
    const features = focus ? geojson.features.filter((f) => f.properties?.code === focus) : geojson.features;
    const b = bboxOf(features.length ? features : geojson.features);
    if (b) m.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 24, duration: 0 });
  }, [focus, geojson, loaded]);

  // Once per focus and backdrop (new data for the same point leaves the user's panning alone); after the zoom to the regions.
  const focusedPoint = useRef<string | null>(null);
  useEffect(() => {
    const m = map.current;
    const f = pointFocus ? points?.features.find((x) => String(x.id ?? x.properties?.id) === pointFocus) : null;
    const key = `${pointFocus}|${geojson?.features.length ?? 0}`;
    if (!m || !loaded || f?.geometry.type !== 'Point' || focusedPoint.current === key) return;
    focusedPoint.current = key;
    m.easeTo({ center: f.geometry.coordinates as [number, number], zoom: Math.max(m.getZoom(), 11), duration: 0 });
  }, [pointFocus, points, loaded, geojson]);

  useEffect(() => {
    const m = map.current;
    const f = overlayFocus ? overlay?.features.find((x) => String(x.id ?? x.properties?.id) === overlayFocus) : null;
    const b = f ? bboxOf([f]) : null;
    if (m && loaded && b) m.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 80, maxZoom: 14, duration: 0 });
  }, [overlayFocus, overlay, loaded]);

  // HTML labels at each region's centroid.
  useEffect(() => {
    const m = map.current;
    for (const mk of markers.current) mk.remove();
    markers.current = [];
    if (!m || !loaded || !geojson || !labels) return;
    for (const f of geojson.features) {
      const code = f.properties?.code as string;
      const text = labels[code];
      const at = centroid(f.geometry);
      if (!text || !at) continue;
      const el = document.createElement('div');
      el.className = 'map-label';
      el.textContent = text;
      markers.current.push(new maplibregl.Marker({ element: el }).setLngLat(at).addTo(m));
    }
  }, [labels, geojson, loaded]);

  useEffect(() => {
    const m = map.current;
    pinMarker.current?.remove();
    pinMarker.current = null;
    if (!m || !loaded || !pin) return;
    pinMarker.current = new maplibregl.Marker({ color: '#c62828' }).setLngLat([pin.lon, pin.lat]).addTo(m);
  }, [pin, loaded]);

  if (failed) return <div className={`map map-failed ${className ?? ''}`}>{unavailableText}</div>;
  return <div ref={box} className={`map ${className ?? ''}`} role="region" aria-label={ariaLabel} data-map-loaded={loaded ? 'true' : 'false'} />;
}
