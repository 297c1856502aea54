// The columns rearranged for the GPU, once at load: world positions
// (Web Mercator at zoom 0, as Leaflet projects) and groups sorted by start
// so each frame draws index ranges found by binary search, with no
// per-event JavaScript.

const DAY = 86400;

/** Web Mercator x, y at zoom 0 (0..256), as L.CRS.EPSG3857 projects. */
export function project(lon, lat) {
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return [256 * (lon / 360 + 0.5), 256 * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI))];
}

function pointGroup(cols, rows) {
  const k = rows.length;
  const pos = new Float32Array(2 * k);
  const start = new Int32Array(k);
  const end = new Int32Array(k);
  const cat = new Uint8Array(k);
  let lag = 0;
  for (let i = 0; i < k; i++) {
    const r = rows[i];
    const [x, y] = project(cols.lon[r], cols.lat[r]);
    pos[2 * i] = x;
    pos[2 * i + 1] = y;
    start[i] = cols.start[r];
    end[i] = cols.end[r];
    cat[i] = cols.cat[r];
    lag = Math.max(lag, end[i] - start[i]);
  }
  return { rows, pos, start, end, cat, lag, starts: start, first: null };
}

// The longest an event of each group of places lasts: at most a day, a
// week and a day, 64 days, or longer.
const LASTING = [DAY, 8 * DAY, 64 * DAY, Infinity];

/**
 * Points: places (movements are drawn as lines), grouped by how long they
 * last (LASTING). Each group keeps its rows, sorted by start, and lag: the
 * longest duration in it. A row settles into the cached layer once it has
 * faded, and a frame redraws every row of a group that started within its
 * lag and the fade: with one group for all that last more than a day, a
 * campaign of five months made each refresh at a million events redraw
 * five months of week-long events too, 60,000 rows, at 8 fps.
 */
export function pointGroups(cols) {
  const isTrack = new Uint8Array(cols.n);
  for (const r of cols.tracks.rows) isTrack[r] = 1;
  const groups = LASTING.map(() => []);
  for (let r = 0; r < cols.n; r++) {
    if (isTrack[r]) continue;
    const d = cols.end[r] - cols.start[r];
    let g = 0;
    while (d > LASTING[g]) g++;
    groups[g].push(r);
  }
  return groups.filter((rows) => rows.length).map((rows) => pointGroup(cols, Uint32Array.from(rows)));
}

/**
 * Movements as line segments (two vertices each) carrying the time the
 * mover passes each vertex, trips-style: the shader draws a segment as far
 * as the current time. first[i] is track i's first vertex, starts[i] its start.
 */
export function trackGroup(cols) {
  const { rows, first, count } = cols.tracks;
  const k = rows.length;
  let segs = 0;
  for (let i = 0; i < k; i++) segs += Math.max(0, count[i] - 1);
  const pos = new Float32Array(4 * segs);
  const vt = new Int32Array(2 * segs);
  const start = new Int32Array(2 * segs);
  const end = new Int32Array(2 * segs);
  const cat = new Uint8Array(2 * segs);
  const firstVertex = new Uint32Array(k + 1);
  const starts = new Int32Array(k);
  let v = 0;
  let lag = 0;
  for (let i = 0; i < k; i++) {
    const r = rows[i];
    firstVertex[i] = v;
    starts[i] = cols.start[r];
    lag = Math.max(lag, cols.end[r] - cols.start[r]);
    for (let j = 0; j + 1 < count[i]; j++) {
      for (const a of [first[i] + j, first[i] + j + 1]) {
        const [x, y] = project(cols.tracks.lon[a], cols.tracks.lat[a]);
        pos[2 * v] = x;
        pos[2 * v + 1] = y;
        vt[v] = cols.tracks.t[a];
        start[v] = cols.start[r];
        end[v] = cols.end[r];
        cat[v] = cols.cat[r];
        v += 1;
      }
    }
  }
  firstVertex[k] = v;
  return { rows, pos, vt, start, end, cat, lag, starts, first: firstVertex };
}

/** Where a movement's head is at t (seconds from base), by its vertex times; null unless under way. */
export function headOf(cols, i, t) {
  const { first, count, lon, lat, t: vt } = cols.tracks;
  const a = first[i];
  const b = a + count[i] - 1;
  if (count[i] < 2 || t < vt[a] || t > vt[b]) return null;
  let j = a;
  while (j < b - 1 && vt[j + 1] <= t) j += 1;
  const f = vt[j + 1] > vt[j] ? (t - vt[j]) / (vt[j + 1] - vt[j]) : 1;
  return { lon: lon[j] + (lon[j + 1] - lon[j]) * f, lat: lat[j] + (lat[j + 1] - lat[j]) * f };
}

/**
 * Room for filterIndex's answer for group g: index, the vertices kept in
 * order; shownBefore[j], the rows kept before row j; elemBefore[j], their
 * vertices (the same array for points, one vertex a row).
 */
export function indexRoom(g) {
  const n = g.rows.length;
  const shownBefore = new Uint32Array(n + 1);
  return { index: new Uint32Array(g.first ? g.first[n] : n), shownBefore, elemBefore: g.first ? new Uint32Array(n + 1) : shownBefore, count: 0 };
}

/**
 * Fills room (from indexRoom) with the vertices of the rows the filters
 * keep (on: a 0/1 byte per row of the columns), so that an indexed draw
 * of rows [a, b) costs only those kept, not a vertex for each hidden one.
 */
export function filterIndex(g, room, on) {
  const { rows, first } = g;
  const { index, shownBefore, elemBefore } = room;
  let k = 0;
  for (let j = 0; j < rows.length; j++) {
    const x = on[rows[j]];
    if (x && first) for (let v = first[j]; v < first[j + 1]; v++) index[k++] = v;
    else if (x) index[k++] = j;
    shownBefore[j + 1] = shownBefore[j] + x;
    elemBefore[j + 1] = k;
  }
  room.count = k;
  return room;
}
