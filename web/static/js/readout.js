// What the time readout says at t: the page's one clock (the dataset's
// zone, named), and the same instant in UTC; with utc set, the other way
// round. The axis ticks follow the primary clock.

import { formatReadout, formatUTC } from './format.js';

/** { primary, secondary, offset } for the readout, offset being the axis's (minutes east of UTC). */
export function readoutAt(t, { zone, utc = false }) {
  const offset = zone.offsetAt(t);
  const local = formatReadout(t, { offset, place: zone.label });
  const inUTC = formatUTC(t);
  return utc ? { primary: inUTC, secondary: local, offset: 0 } : { primary: local, secondary: inUTC, offset };
}
