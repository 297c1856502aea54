// Events at one place (nine in Tehran) or a few pixels apart: the top
// marker carries a count, and a click fans the stack out around its point,
// each event on a leg, so that every one can be seen and chosen.

/**
 * Groups screen points [{x, y}] that lie within radius px of a group's
 * first point, in the order given: returns arrays of indexes. A grid of
 * radius-sized cells keeps it near linear.
 */
export function clusterPoints(points, radius) {
  const cell = (v) => Math.floor(v / radius);
  const grid = new Map();
  const groups = [];
  const owner = new Array(points.length).fill(-1);
  points.forEach((p, i) => {
    let found = -1;
    for (let dx = -1; dx <= 1 && found < 0; dx++) {
      for (let dy = -1; dy <= 1 && found < 0; dy++) {
        for (const g of grid.get(`${cell(p.x) + dx},${cell(p.y) + dy}`) ?? []) {
          const q = points[groups[g][0]];
          if (Math.hypot(p.x - q.x, p.y - q.y) <= radius) {
            found = g;
            break;
          }
        }
      }
    }
    if (found < 0) {
      found = groups.length;
      groups.push([]);
      const key = `${cell(p.x)},${cell(p.y)}`;
      grid.set(key, [...(grid.get(key) ?? []), found]);
    }
    groups[found].push(i);
    owner[i] = found;
  });
  return groups;
}

/**
 * Offsets {x, y} in px for n markers fanned around their point, at least
 * `spacing` px apart: a circle for a few, a spiral (as Leaflet.markercluster
 * lays out) for more.
 */
export function fanOut(n, { spacing = 30, circleMax = 8 } = {}) {
  if (n <= 1) return [{ x: 0, y: 0 }].slice(0, n);
  if (n <= circleMax) {
    const r = Math.max(spacing, spacing / (2 * Math.sin(Math.PI / n)));
    return Array.from({ length: n }, (_, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return { x: r * Math.cos(a), y: r * Math.sin(a) };
    });
  }
  // An Archimedean spiral: each step moves about `spacing` along it, and
  // each turn lies a little more than `spacing` outside the last.
  const out = [];
  let angle = 0;
  let r = spacing * 1.2;
  for (let i = 0; i < n; i++) {
    const step = spacing / r;
    angle += step;
    r += ((spacing * 1.15) / (2 * Math.PI)) * step;
    out.push({ x: r * Math.cos(angle), y: r * Math.sin(angle) });
  }
  return out;
}
