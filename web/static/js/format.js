// Time parsing and formatting with explicit UTC offsets. Events carry the
// local offset of their place; the browser's own zone is never used, so the
// page reads the same wherever it is opened.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;

export const MINUTE = 60e3;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** "1 event", "63 events": n (written by fmt) and noun, plural but for one. */
export const countOf = (n, noun, fmt = String) => `${fmt(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Parses an RFC 3339 string into UTC milliseconds and its offset in minutes. */
export function parseTime(s) {
  const m = RFC3339.exec(String(s).trim());
  if (!m) throw new Error(`not an RFC 3339 time: ${s}`);
  let offset = 0;
  if (m[8] !== 'Z' && m[8] !== 'z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    offset = sign * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  }
  const frac = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  const local = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, frac);
  return { ms: local - offset * MINUTE, offset };
}

/** Calendar fields of instant ms as read on a clock at the given offset. */
export function fields(ms, offset = 0) {
  const d = new Date(ms + offset * MINUTE);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay(),
  };
}

const pad = (n) => String(n).padStart(2, '0');

/** "UTC+03:30", "UTC-05:00", or "UTC" for zero. */
export function formatOffset(offset) {
  if (!offset) return 'UTC';
  const a = Math.abs(offset);
  return `UTC${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

export const monthName = (m) => MONTHS[m];

/** "3 Jan 2020" */
export function formatDate(ms, offset = 0) {
  const f = fields(ms, offset);
  return `${f.day} ${MONTHS[f.month]} ${f.year}`;
}

/** "00:47" */
export function formatClock(ms, offset = 0) {
  const f = fields(ms, offset);
  return `${pad(f.hour)}:${pad(f.minute)}`;
}

/**
 * An instant at the precision it is known: "3 Jan 2020 00:47" (minute),
 * "3 Jan 2020 ~00:47" (hour: about then; the stored minute, marked, so it
 * never contradicts the events around it), "3 Jan 2020" (day).
 */
export function formatTime(ms, { offset = 0, precision = 'minute' } = {}) {
  if (precision === 'day') return formatDate(ms, offset);
  if (precision === 'hour') return `${formatDate(ms, offset)} ~${formatClock(ms, offset)}`;
  return `${formatDate(ms, offset)} ${formatClock(ms, offset)}`;
}

function clockAt(ms, offset, precision) {
  return precision === 'hour' ? `~${formatClock(ms, offset)}` : formatClock(ms, offset);
}

/**
 * A start–end span, each end at its own offset; the date is not repeated
 * when both ends fall on the same day. With utc set, both are shown in UTC.
 */
export function formatSpan({ start, startOffset = 0, end, endOffset = 0, precision = 'minute', utc = false }) {
  if (precision === 'day') {
    // A date known only to the day is the local date; in UTC it could shift.
    const from = formatDate(start, startOffset);
    const to = end === undefined ? from : formatDate(end, endOffset);
    return to === from ? from : `${from} – ${to}`;
  }
  const so = utc ? 0 : startOffset;
  const eo = utc ? 0 : endOffset;
  const from = formatTime(start, { offset: so, precision });
  if (end === undefined || end === start) {
    return utc ? `${from} UTC` : `${from} (${formatOffset(so)})`;
  }
  const sameDay = formatDate(start, so) === formatDate(end, eo);
  const to = sameDay ? clockAt(end, eo, precision) : formatTime(end, { offset: eo, precision });
  if (utc) return `${from} – ${to} UTC`;
  if (so === eo) return `${from} – ${to} (${formatOffset(so)})`;
  return `${from} (${formatOffset(so)}) – ${to} (${formatOffset(eo)})`;
}

/** The playhead readout: "3 Jan 2020 00:47 (UTC+03:00, Baghdad)". */
export function formatReadout(ms, { offset = 0, place = '' } = {}) {
  const zone = place ? `${formatOffset(offset)}, ${place}` : formatOffset(offset);
  return `${formatTime(ms, { offset })} (${zone})`;
}

/**
 * An event's own local time beside the page's one clock (at clockOffset),
 * when its zone differs: "local 02:09 (UTC+03:30)", with the date when
 * that differs too; "" in the clock's zone or for a date alone.
 */
export function localAside({ start, startOffset = 0, precision = 'minute' }, clockOffset) {
  if (precision === 'day' || startOffset === clockOffset) return '';
  const sameDay = formatDate(start, startOffset) === formatDate(start, clockOffset);
  const when = sameDay ? clockAt(start, startOffset, precision) : formatTime(start, { offset: startOffset, precision });
  return `local ${when} (${formatOffset(startOffset)})`;
}

/** UTC readout: "2 Jan 2020 21:47 UTC". */
export function formatUTC(ms) {
  return `${formatTime(ms)} UTC`;
}

/** Compact ISO 8601 in UTC for URLs: whole seconds lose ".000". */
export function toISO(ms) {
  return new Date(Math.round(ms)).toISOString().replace('.000Z', 'Z');
}
