/**
 * Routes on an offline world map: country shapes from world-atlas (Natural Earth 1:110m, bundled), no
 * tile server, no network, no fonts (labels are HTML popups, so no glyph server either). Each route is
 * a great-circle arc whose width grows with its number of flights.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-110m.json?url';
import { useEffect, useRef, useState } from 'react';
import { formatNumber } from '../lib/format.ts';
import type { Route } from '../lib/routes.ts';

maplibregl.setWorkerUrl(workerUrl);
// The worker (which tiles the GeoJSON) takes the longest to start: start it with this module, while
// the country shapes and the routes are still on their way, not when the map is built.
maplibregl.prewarm();

// Fetched as soon as this module loads, in parallel with the map's start-up and the route data.
const countries: Promise<FeatureCollection> = fetch(countriesUrl).then((r) => r.json()).then((topology: Topology) =>
  withoutAntimeridianJumps(feature(topology, topology.objects.countries as GeometryCollection) as unknown as FeatureCollection));

/**
 * Longitudes made continuous along a line or ring: a step of more than 180° (Fiji's and Russia's
 * outlines cross the antimeridian, from 179.9° to -179.9°) becomes a step of less than 180° past the
 * edge, instead of an edge drawn across the whole map (the bands seen before).
 */
export function unwrap(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let shift = 0;
  for (let i = 0; i < points.length; i++) {
    if (i > 0) {
      const step = points[i][0] + shift - out[i - 1][0];
      if (step > 180) shift -= 360; else if (step < -180) shift += 360;
    }
    out.push([points[i][0] + shift, points[i][1]]);
  }
  return out;
}

function withoutAntimeridianJumps(collection: FeatureCollection): FeatureCollection {
  for (const f of collection.features) {
    const g = f.geometry as { type: string; coordinates: unknown } | null;
    if (g?.type === 'Polygon') g.coordinates = (g.coordinates as [number, number][][]).map(unwrap);
    if (g?.type === 'MultiPolygon') g.coordinates = (g.coordinates as [number, number][][][]).map((poly) => poly.map(unwrap));
  }
  return collection;
}

/** Points along the great circle from a to b (lon/lat degrees), so long routes curve as they fly. */
export function greatCircle(a: [number, number], b: [number, number], steps = 48): [number, number][] {
  const rad = Math.PI / 180;
  const [l1, p1, l2, p2] = [a[0] * rad, a[1] * rad, b[0] * rad, b[1] * rad];
  const d = 2 * Math.asin(Math.sqrt(Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((l2 - l1) / 2) ** 2));
  if (d === 0) return [a, b];
  const points: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const f = i / steps;
    const A = Math.sin((1 - f) * d) / Math.sin(d);
    const B = Math.sin(f * d) / Math.sin(d);
    const x = A * Math.cos(p1) * Math.cos(l1) + B * Math.cos(p2) * Math.cos(l2);
    const y = A * Math.cos(p1) * Math.sin(l1) + B * Math.cos(p2) * Math.sin(l2);
    const z = A * Math.sin(p1) + B * Math.sin(p2);
    points.push([Math.atan2(y, x) / rad, Math.atan2(z, Math.sqrt(x * x + y * y)) / rad]);
  }
  return points;
}

function routeFeatures(routes: Route[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: routes.map((r) => ({
      type: 'Feature',
      properties: { from: r.from.code, to: r.to.code, n: r.n },
      geometry: { type: 'LineString', coordinates: unwrap(greatCircle(r.from.at, r.to.at)) },
    })),
  };
}

function airportFeatures(routes: Route[]): FeatureCollection {
  const airports = new Map<string, { at: [number, number]; n: number; name?: string }>();
  for (const r of routes) {
    for (const end of [r.from, r.to]) {
      const seen = airports.get(end.code) ?? { at: end.at, n: 0, name: end.name };
      seen.n += r.n;
      airports.set(end.code, seen);
    }
  }
  return {
    type: 'FeatureCollection',
    features: [...airports.entries()].map(([code, a]) => ({ type: 'Feature', properties: { code, n: a.n, name: a.name ?? '' }, geometry: { type: 'Point', coordinates: a.at } })),
  };
}

/**
 * The box around every route end, on the side of the antimeridian that gives the narrower box (routes
 * to Guam or Asia from the U.S. west coast cross the Pacific, not the whole world).
 */
function boundsOf(routes: Route[]): maplibregl.LngLatBounds | undefined {
  if (routes.length === 0) return undefined;
  const points = routes.flatMap((r) => [r.from.at, r.to.at]);
  const box = (shift: boolean) => {
    const lons = points.map(([lon]) => (shift && lon < 0 ? lon + 360 : lon));
    return { west: Math.min(...lons), east: Math.max(...lons) };
  };
  const plain = box(false);
  const shifted = box(true);
  const { west, east } = shifted.east - shifted.west < plain.east - plain.west ? shifted : plain;
  const lats = points.map(([, lat]) => lat);
  return new maplibregl.LngLatBounds([west, Math.min(...lats)], [east, Math.max(...lats)]);
}

/** Width by square root of flights: area-like, so one busy route does not hide the others. */
function lineWidth(routes: Route[]): maplibregl.ExpressionSpecification {
  const max = Math.max(1, ...routes.map((r) => r.n));
  return ['+', 0.8, ['*', 9 / Math.sqrt(max), ['sqrt', ['get', 'n']]]];
}

const FIT = { padding: 40, maxZoom: 5 };

/**
 * `routes` null while they load. The map is built once, when the country shapes and the first routes
 * are both at hand, with everything in its first style (one pass of the worker, one first frame, no
 * camera move); later route sets replace the data in place.
 */
export function FlightMap({ routes, label }: { routes: Route[] | null; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const drawn = useRef<Route[] | null>(null);
  const [shapes, setShapes] = useState<FeatureCollection | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    countries.then((c) => { if (current) setShapes(c); }, (error: Error) => { if (current) setFailure(`the world map could not be loaded (${error.message})`); });
    return () => { current = false; };
  }, []);

  const markRendered = (instance: maplibregl.Map, shown: Route[]) => {
    // data-rendered: the routes are on the canvas (read by the browser tests and the benchmark).
    element.current?.removeAttribute('data-rendered');
    instance.once('idle', () => element.current?.setAttribute('data-rendered', String(shown.length)));
  };

  useEffect(() => {
    if (!element.current || map.current || !shapes || !routes) return;
    let instance: maplibregl.Map;
    try {
      instance = new maplibregl.Map({
        container: element.current,
        style: {
          version: 8,
          sources: {
            // 1:110m shapes hold no detail past zoom 3: tiling them deeper only costs time.
            countries: { type: 'geojson', data: shapes, maxzoom: 3 },
            routes: { type: 'geojson', data: routeFeatures(routes), maxzoom: 8 },
            airports: { type: 'geojson', data: airportFeatures(routes), maxzoom: 8 },
          },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#eef3f7' } },
            { id: 'countries-fill', type: 'fill', source: 'countries', paint: { 'fill-color': '#ffffff' } },
            { id: 'countries-line', type: 'line', source: 'countries', paint: { 'line-color': '#b8c2cc', 'line-width': 0.6 } },
            { id: 'routes', type: 'line', source: 'routes', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#c0392b', 'line-opacity': 0.7, 'line-width': lineWidth(routes) } },
            { id: 'airports', type: 'circle', source: 'airports', paint: { 'circle-radius': 3.5, 'circle-color': '#1f2d3d', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } },
          ],
        },
        ...(boundsOf(routes) ? { bounds: boundsOf(routes), fitBoundsOptions: FIT } : { center: [-85, 20] as [number, number], zoom: 1.6 }),
        // The credit is printed under the map, where it does not cover routes on a phone.
        attributionControl: false,
        // Keeps the drawn frame readable, so "Save image" in the browser gives the map as seen (and tests can check its pixels).
        canvasContextAttributes: { preserveDrawingBuffer: true },
        dragRotate: false,
        fadeDuration: 0,
        // A single world, unless the data's box crosses the antimeridian (then the copy east of it is drawn).
        renderWorldCopies: (boundsOf(routes)?.getEast() ?? 0) > 180,
        pitchWithRotate: false,
      });
    } catch (error) {
      setFailure(`the map needs WebGL, which this browser does not offer (${(error as Error).message}); the routes are listed under Routes`);
      return;
    }
    map.current = instance;
    drawn.current = routes;
    markRendered(instance, routes);
    instance.touchZoomRotate.disableRotation();
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
    instance.on('mousemove', 'routes', (e) => {
      const p = e.features?.[0]?.properties as { from: string; to: string; n: number } | undefined;
      if (!p) return;
      instance.getCanvas().style.cursor = 'pointer';
      popup.setLngLat(e.lngLat).setText(`${p.from} → ${p.to}: ${formatNumber(p.n)} flight${p.n === 1 ? '' : 's'}`).addTo(instance);
    });
    instance.on('mouseleave', 'routes', () => { instance.getCanvas().style.cursor = ''; popup.remove(); });
    instance.on('click', 'airports', (e) => {
      const p = e.features?.[0]?.properties as { code: string; n: number; name: string } | undefined;
      if (p) new maplibregl.Popup().setLngLat(e.lngLat).setText(`${p.code}${p.name ? ` ${p.name}` : ''}: ${formatNumber(p.n)} flights in or out`).addTo(instance);
    });
    const built = { width: element.current.clientWidth, height: element.current.clientHeight };
    instance.on('load', () => {
      // Fit again only if the container changed size since the map was built (on a phone it can settle
      // after the first layout); an unneeded second fit costs a frame on a busy machine.
      const bounds = boundsOf(routes);
      const el = instance.getContainer();
      if (bounds && (el.clientWidth !== built.width || el.clientHeight !== built.height)) instance.fitBounds(bounds, { ...FIT, animate: false });
      setReady(true);
    });
    instance.on('error', (e) => console.warn('map:', e.error?.message ?? e));
  }, [shapes, routes]);

  useEffect(() => () => { map.current?.remove(); map.current = null; }, []);

  useEffect(() => {
    const instance = map.current;
    if (!instance || !ready || !routes || routes === drawn.current) return;
    drawn.current = routes;
    (instance.getSource('routes') as maplibregl.GeoJSONSource).setData(routeFeatures(routes));
    (instance.getSource('airports') as maplibregl.GeoJSONSource).setData(airportFeatures(routes));
    instance.setPaintProperty('routes', 'line-width', lineWidth(routes));
    const bounds = boundsOf(routes);
    if (bounds) instance.fitBounds(bounds, { ...FIT, animate: false });
    markRendered(instance, routes);
  }, [routes, ready]);

  if (failure) return <p className="failure" role="alert">{failure}</p>;
  return (
    <>
      <div className="map" ref={element} role="region" aria-label={label} data-testid="map" />
      <p className="credit">Country shapes: Natural Earth (public domain), via the world-atlas package; drawn offline.</p>
    </>
  );
}
