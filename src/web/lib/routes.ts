/**
 * Routes for the map from the flights report's GeoJSON twin
 * (`/reports/flights.geojson?by=departure_airport,arrival_airport`): one LineString per route with
 * its count `n`, or, when the API sends airport points instead, nothing is guessed: a route without
 * both ends' coordinates is left off the map and counted as such.
 */
export interface RouteEnd { code: string; at: [number, number]; name?: string }
export interface Route { from: RouteEnd; to: RouteEnd; n: number }

type Feature = { type: 'Feature'; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> | null };

function lonLat(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length < 2) return null;
  const [lon, lat] = value.map(Number);
  return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lon, lat] : null;
}

export function routesFromGeoJson(body: unknown, fromDim = 'departure_airport', toDim = 'arrival_airport'): { routes: Route[]; unmapped: number; unmappedRoutes: { from: string; to: string; n: number }[] } {
  const features = ((body as { features?: Feature[] } | null)?.features ?? []).filter((f) => f && f.type === 'Feature');
  const routes: Route[] = [];
  let unmapped = 0;
  const unmappedRoutes: { from: string; to: string; n: number }[] = [];
  for (const f of features) {
    const p = f.properties ?? {};
    const n = Number(p.n ?? p.flights ?? 0);
    const coordinates = f.geometry?.type === 'LineString' ? (f.geometry.coordinates as unknown[]) : null;
    const start = coordinates ? lonLat(coordinates[0]) : null;
    const end = coordinates ? lonLat(coordinates[coordinates.length - 1]) : null;
    const from = String(p[fromDim] ?? p.from ?? '?');
    const to = String(p[toDim] ?? p.to ?? '?');
    if (!start || !end) { unmapped += n; unmappedRoutes.push({ from, to, n }); continue; }
    routes.push({ from: { code: from, at: start }, to: { code: to, at: end }, n });
  }
  routes.sort((a, b) => a.n - b.n);
  return { routes, unmapped, unmappedRoutes };
}
