// What the time readout says at t: the time on the local clock of the
// nearest event (its place named), and the same instant in UTC; with utc
// set, the other way round. The axis ticks follow the primary clock.

import { formatReadout, formatUTC } from './format.js';
import { clockEvent } from './visibility.js';

/** { primary, secondary, offset } for the readout, offset being the axis's (minutes east of UTC). */
export function readoutAt(events, t, { utc = false } = {}) {
  const ref = clockEvent(events, t);
  const inUTC = formatUTC(t);
  if (!ref) return { primary: inUTC, secondary: '', offset: 0 };
  // A movement that has arrived reads in the time of where it arrived.
  const arrived = ref.hasEnd && t >= ref.end;
  const offset = arrived ? ref.endOffset : ref.startOffset;
  const local = formatReadout(t, { offset, place: arrived ? ref.endLabel : ref.placeLabel });
  return utc ? { primary: inUTC, secondary: local, offset: 0 } : { primary: local, secondary: inUTC, offset };
}
