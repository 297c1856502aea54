import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDuration } from '../static/js/webm.js';
import { wrapLines } from '../static/js/snapshot.js';
import { fileName, videoType } from '../static/js/recorder.js';

// EBML header, a Segment of unknown size, and Info as MediaRecorder writes
// it: TimecodeScale 1 ms, MuxingApp "Chrome"; then a Tracks element.
const header = [0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x82, 0x81, 0x77];
const segment = [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const infoBody = [0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40, 0x4d, 0x80, 0x86, ...Buffer.from('Chrome')];
const info = [0x15, 0x49, 0xa9, 0x66, 0x80 | infoBody.length, ...infoBody];
const tracks = [0x16, 0x54, 0xae, 0x6b, 0x80];
const file = Uint8Array.from([...header, ...segment, ...info, ...tracks]);

function readDuration(bytes) {
  const at = Buffer.from(bytes).indexOf(Buffer.from([0x44, 0x89]));
  assert.ok(at > 0, 'a Duration element');
  const size = bytes[at + 2] & 0x7f;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at + 3, size);
  return size === 4 ? view.getFloat32(0) : view.getFloat64(0);
}

test('a WebM file gets its duration in its Segment Info, the rest kept', () => {
  const out = withDuration(file, 12345.5);
  assert.equal(readDuration(out), 12345.5);
  assert.equal(out.length, file.length - 1 + 8 + 11);
  // Info's size now counts the Duration, in 8 bytes.
  const at = header.length + segment.length;
  assert.deepEqual([...out.subarray(at, at + 4)], [0x15, 0x49, 0xa9, 0x66]);
  assert.equal(out[at + 4], 0x01);
  assert.equal(out[at + 11], infoBody.length + 11);
  assert.deepEqual([...out.subarray(out.length - tracks.length)], tracks, 'what follows is untouched');
  assert.deepEqual([...out.subarray(0, at)], [...header, ...segment]);
  // Done twice, the Duration is overwritten, not repeated.
  const again = withDuration(out, 500);
  assert.equal(again.length, out.length);
  assert.equal(readDuration(again), 500);
});

test('the duration counts in the file\'s own timecode scale', () => {
  // 1 tick = 1 µs (0x03E8 = 1000 ns).
  const body = [0x2a, 0xd7, 0xb1, 0x82, 0x03, 0xe8];
  const micro = Uint8Array.from([...segment, 0x15, 0x49, 0xa9, 0x66, 0x80 | body.length, ...body]);
  assert.equal(readDuration(withDuration(micro, 2)), 2000);
  assert.throws(() => withDuration(Uint8Array.from(header), 1), /no Segment Info/);
});

test('text is wrapped to a width, words whole', () => {
  const measure = (s) => s.length * 10;
  assert.deepEqual(wrapLines('one two three four', 90, measure), ['one two', 'three', 'four']);
  assert.deepEqual(wrapLines('  ', 90, measure), []);
  assert.deepEqual(wrapLines('unbreakablewordlongerthanwidth', 50, measure), ['unbreakablewordlongerthanwidth']);
});

test('file names carry the dataset and the moment; the best WebM type is chosen', () => {
  assert.equal(fileName('events', Date.UTC(2020, 0, 8, 3, 5), 'png'), 'events-2020-01-08T0305Z.png');
  assert.equal(fileName('', 0, 'webm'), 'chronomap-1970-01-01T0000Z.webm');
  assert.equal(videoType((t) => t === 'video/webm;codecs=vp8' || t === 'video/webm'), 'video/webm;codecs=vp8');
  assert.equal(videoType(() => false), '');
});
