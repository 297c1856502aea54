// Movement tracks: cumulative lengths computed once, then positions found
// by fraction of length. Coordinates arrive densified along great circles,
// so straight interpolation between neighbours is accurate enough.

const R = 6371008.8;
const rad = (d) => (d * Math.PI) / 180;

function haversine([lon1, lat1], [lon2, lat2]) {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Coordinates with each longitude within 180° of the next, the last as
 * written: a track across the antimeridian (179.9 then -179.9) is drawn as
 * the short way it goes, reaching past ±180, not as a line across the world.
 */
export function unwrapLons(coords) {
  const out = coords.slice();
  for (let i = out.length - 2; i >= 0; i--) {
    const [lon, ...rest] = out[i];
    out[i] = [lon + 360 * Math.round((out[i + 1][0] - lon) / 360), ...rest];
  }
  return out;
}

/** GeoJSON [lon, lat] coordinates → { coords, cum (metres), total }. */
export function prepareTrack(coords) {
  const cum = new Float64Array(coords.length);
  for (let i = 1; i < coords.length; i++) cum[i] = cum[i - 1] + haversine(coords[i - 1], coords[i]);
  return { coords, cum, total: cum[coords.length - 1] || 0 };
}

/**
 * The point a fraction f (0..1) along the track: { lon, lat, index } where
 * index is the segment's first vertex, so coords[0..index] plus the point
 * draw the travelled part.
 */
export function positionAt(track, f) {
  const { coords, cum, total } = track;
  const n = coords.length;
  if (n === 1 || total === 0 || f <= 0) return { lon: coords[0][0], lat: coords[0][1], index: 0 };
  if (f >= 1) return { lon: coords[n - 1][0], lat: coords[n - 1][1], index: n - 2 };
  const d = f * total;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= d) lo = mid; else hi = mid;
  }
  const seg = cum[hi] - cum[lo];
  const u = seg > 0 ? (d - cum[lo]) / seg : 0;
  const [x0, y0] = coords[lo];
  const [x1, y1] = coords[hi];
  return { lon: x0 + (x1 - x0) * u, lat: y0 + (y1 - y0) * u, index: lo };
}

const mercY = (lat) => Math.log(Math.tan(Math.PI / 4 + rad(lat) / 2));

/** Screen heading in degrees (0 = east, clockwise) of segment i on a Web Mercator map. */
export function headingAt(track, index) {
  const { coords } = track;
  const i = Math.min(Math.max(index, 0), coords.length - 2);
  if (i < 0) return 0;
  const dx = rad(coords[i + 1][0] - coords[i][0]);
  const dy = mercY(coords[i + 1][1]) - mercY(coords[i][1]);
  return (Math.atan2(-dy, dx) * 180) / Math.PI;
}

/** Great-circle distance in km, for grouping and outlier checks. */
export function distanceKm(a, b) {
  return haversine(a, b) / 1000;
}
