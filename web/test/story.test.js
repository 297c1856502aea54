import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readStory, keyIds, chapterIndex, chapterSeconds, newestKey } from '../static/js/story.js';
import { prepareEvents } from '../static/js/events.js';
import { DWELL_SECONDS } from '../static/js/player.js';
import { parseTime, HOUR } from '../static/js/format.js';

const dataset = JSON.parse(readFileSync(new URL('../../data/events.geojson', import.meta.url)));
const events = prepareEvents(dataset.features);
const byId = new Map(events.map((e) => [e.id, e]));

test('the crisis reads as eight chapters with their times, views, key events and rates', () => {
  const chapters = readStory(dataset.chronomap, byId);
  assert.equal(chapters.length, 8);
  const strike = chapters[2];
  assert.equal(strike.title, 'The strike at Baghdad airport');
  assert.equal(strike.start, parseTime('2020-01-02T21:30:00+03:00').ms);
  assert.equal(strike.end, parseTime('2020-01-03T02:00:00+03:00').ms);
  assert.deepEqual(strike.view, { lat: 33.4, lng: 40.3, zoom: 6 });
  assert.deepEqual(strike.keys.map((e) => e.id), ['soleimani-flight-damascus-baghdad', 'soleimani-drone-strike']);
  // pace 5 s per hour: an hour of the story in 5 s.
  assert.equal(strike.rate, HOUR / 5);
  for (const c of chapters) assert.ok(c.keys.length > 0 && c.end > c.start, c.title);
});

test('chapters that cannot be played are left out; ids that do not exist are dropped', () => {
  const ch = readStory({
    story: [
      { title: 'ok', from: '2020-01-01T00:00:00Z', to: '2020-01-01T02:00:00Z', pace: 2, events: ['soleimani-drone-strike', 'nope'] },
      { title: 'backwards', from: '2020-01-02T00:00:00Z', to: '2020-01-01T00:00:00Z', pace: 1 },
      { title: 'no pace', from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' },
      { title: 'bad time', from: 'soon', to: '2020-01-02T00:00:00Z', pace: 1 },
    ],
  }, byId);
  assert.deepEqual(ch.map((c) => c.title), ['ok']);
  assert.deepEqual(ch[0].keys.map((e) => e.id), ['soleimani-drone-strike']);
  assert.equal(ch[0].view, null);
  assert.deepEqual(readStory(null, byId), []);
  assert.deepEqual(readStory({ story: 'x' }, byId), []);
});

test('a chapter plays its range at its pace plus a dwell per key event inside it', () => {
  const [c] = readStory({
    story: [{ title: 'x', from: '2020-01-02T21:30:00+03:00', to: '2020-01-03T02:00:00+03:00', pace: 5, events: ['soleimani-flight-damascus-baghdad', 'soleimani-drone-strike', 'funeral-tehran'] }],
  }, byId);
  // 4.5 h at 5 s/h, and the flight and the strike (the Tehran funeral is outside the range).
  assert.equal(chapterSeconds(c), 22.5 + 2 * DWELL_SECONDS);
  assert.equal(chapterSeconds(c, { dwell: 0 }), 22.5);
  const chapters = readStory(dataset.chronomap, byId);
  for (const ch of chapters) {
    const s = chapterSeconds(ch);
    assert.ok(s > 15 && s < 45, `${ch.title}: ${s} s`);
  }
});

test('chapter numbers from the URL are clamped; no story, no chapter', () => {
  assert.equal(chapterIndex(3, 8), 2);
  assert.equal(chapterIndex(99, 8), 7);
  assert.equal(chapterIndex(null, 8), 0);
  assert.equal(chapterIndex(2, 0), null);
});

test('key events: the story\'s, else those with figures or a movement', () => {
  const chapters = readStory(dataset.chronomap, byId);
  const keys = keyIds(events, chapters);
  assert.ok(keys.has('soleimani-drone-strike') && keys.has('ps752-crash'));
  assert.ok(!keys.has('funeral-karbala'));
  const noStory = keyIds(events, []);
  assert.ok(noStory.has('ps752-flight'), 'a movement');
  assert.ok([...noStory].every((id) => byId.get(id).kind === 'track' || byId.get(id).props.figures?.length));
});

test('the caption names the newest key event started by t, no older than since', () => {
  const keys = [{ id: 'a', start: 10 }, { id: 'b', start: 20 }, { id: 'c', start: 30 }];
  assert.equal(newestKey(keys, 5), null);
  assert.equal(newestKey(keys, 20).id, 'b');
  assert.equal(newestKey(keys, 29).id, 'b');
  assert.equal(newestKey(keys, 35, { since: 31 }), null);
  assert.equal(newestKey(keys, 35, { since: 25 }).id, 'c');
});
