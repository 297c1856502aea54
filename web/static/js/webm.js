// A WebM file from MediaRecorder has no duration: it is written as it is
// recorded. Players then show no length and some slide programs refuse
// it. withDuration writes one into the file's Segment Info.

const INFO = [0x15, 0x49, 0xa9, 0x66];
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;

/** An EBML variable-length integer at i: { value, length }; an element ID keeps its marker bits (raw). */
function vint(bytes, i, { raw = false } = {}) {
  const first = bytes[i];
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8) throw new Error('webm: bad variable-length integer');
  let value = raw ? first : first & (0xff >> length);
  for (let k = 1; k < length; k++) value = value * 256 + bytes[i + k];
  return { value, length };
}

function indexOf(bytes, pattern, from = 0) {
  outer: for (let i = from; i <= bytes.length - pattern.length; i++) {
    for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
    return i;
  }
  return -1;
}

/** The bytes of a WebM file (Uint8Array) with its duration set to ms milliseconds. */
export function withDuration(bytes, ms) {
  const at = indexOf(bytes, INFO);
  if (at < 0) throw new Error('webm: no Segment Info');
  const size = vint(bytes, at + 4);
  const body = at + 4 + size.length;
  const end = body + size.value;
  let scale = 1e6; // ns per tick, the default
  let duration = -1; // where an existing Duration's value starts
  let durationSize = 0;
  for (let i = body; i < end;) {
    const id = vint(bytes, i, { raw: true });
    const len = vint(bytes, i + id.length);
    const data = i + id.length + len.length;
    if (id.value === TIMECODE_SCALE) {
      scale = 0;
      for (let k = 0; k < len.value; k++) scale = scale * 256 + bytes[data + k];
    } else if (id.value === DURATION) {
      duration = data;
      durationSize = len.value;
    }
    i = data + len.value;
  }
  const ticks = (ms * 1e6) / scale;
  if (duration >= 0) {
    const out = bytes.slice();
    const view = new DataView(out.buffer, out.byteOffset + duration, durationSize);
    if (durationSize === 4) view.setFloat32(0, ticks);
    else view.setFloat64(0, ticks);
    return out;
  }
  // Info grows by the new element; its size is written again in 8 bytes.
  const element = new Uint8Array(11);
  element.set([0x44, 0x89, 0x88]);
  new DataView(element.buffer).setFloat64(3, ticks);
  const grown = size.value + element.length;
  const sizeField = new Uint8Array(8);
  sizeField[0] = 0x01;
  for (let k = 7, v = grown; k >= 1; k--, v = Math.floor(v / 256)) sizeField[k] = v % 256;
  const out = new Uint8Array(bytes.length - size.length + 8 + element.length);
  out.set(bytes.subarray(0, at + 4), 0);
  out.set(sizeField, at + 4);
  out.set(element, at + 12);
  out.set(bytes.subarray(body), at + 12 + element.length);
  return out;
}
