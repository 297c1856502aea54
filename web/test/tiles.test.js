import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tileURL, tileAt, escapeHTML, attributionFromHTML, shownLayers, urlLayers, deepestZoom } from '../static/js/tiles.js';
import { landuseColour, roadWidth } from '../static/js/vectorstyle.js';

test('tileURL fills Leaflet templates, rows from the south with {-y}', () => {
  assert.equal(tileURL('https://t.example.org/{z}/{x}/{y}.png', { z: 3, x: 4, y: 2 }), 'https://t.example.org/3/4/2.png');
  assert.equal(tileURL('https://t.example.org/{z}/{x}/{-y}{r}.png', { z: 3, x: 4, y: 2 }), 'https://t.example.org/3/4/5.png');
  assert.equal(tileURL('https://{s}.t.example.org/{z}/{x}/{y}.png', { z: 1, x: 1, y: 0 }, 'abc'), 'https://b.t.example.org/1/1/0.png');
});

test('tileAt finds the Web Mercator tile of a place', () => {
  assert.deepEqual(tileAt(0, 0, 0), { z: 0, x: 0, y: 0 });
  assert.deepEqual(tileAt(33.89, 35.5, 10), { z: 10, x: 612, y: 409 });
  assert.deepEqual(tileAt(89.9, 180, 2), { z: 2, x: 0, y: 0 }, 'the antimeridian wraps, the pole clamps');
  assert.deepEqual(tileAt(-89.9, 179.99, 2), { z: 2, x: 3, y: 3 });
});

test('attributions reach Leaflet as text', () => {
  assert.equal(escapeHTML('Test <tiles> & co'), 'Test &lt;tiles&gt; &amp; co');
  assert.equal(attributionFromHTML('<a href="https://openmaptiles.org/">&copy; OpenMapTiles</a> <a href="x">© OSM</a>'), '&copy; OpenMapTiles © OSM');
  assert.equal(attributionFromHTML('<img src=x onerror=alert(1) x'), '');
  assert.equal(attributionFromHTML('a > b'), 'a &gt; b');
  assert.equal(attributionFromHTML(undefined), '');
});

const layers = [{ id: 'vector', on: true }, { id: 'tiles', on: true }, { id: 'osm', on: false }];

test('shownLayers: the URL names them, or the server says which are on', () => {
  assert.deepEqual(shownLayers(layers, null), ['vector', 'tiles']);
  assert.deepEqual(shownLayers(layers, ['osm', 'nope']), ['osm']);
  assert.deepEqual(shownLayers(layers, []), []);
});

test('urlLayers leaves the defaults out of the URL', () => {
  assert.equal(urlLayers(layers, ['tiles', 'vector']), null);
  assert.deepEqual(urlLayers(layers, ['osm', 'vector', 'tiles']), ['vector', 'tiles', 'osm']);
  assert.deepEqual(urlLayers(layers, []), []);
});

test('the vector style reads both schemas', () => {
  assert.equal(landuseColour('park'), landuseColour('grass'));
  assert.notEqual(landuseColour('industrial'), landuseColour('residential'));
  assert.ok(roadWidth('primary', 12) > roadWidth('minor', 12));
  assert.ok(roadWidth('major_road', 14) > roadWidth('major_road', 10));
});

test('deepestZoom: 12 on our countries alone; past a vector basemap\'s deepest tiles, or to the raster\'s', () => {
  const layers = [
    { id: 'basemap', kind: 'vector', maxzoom: 14 },
    { id: 'tiles', kind: 'raster', maxzoom: 17 },
    { id: 'osm', kind: 'raster', maxzoom: 19 },
  ];
  assert.equal(deepestZoom(layers, []), 12);
  assert.equal(deepestZoom(layers, ['basemap']), 17);
  assert.equal(deepestZoom(layers, ['tiles']), 17);
  assert.equal(deepestZoom(layers, ['basemap', 'osm']), 19);
  assert.equal(deepestZoom([{ id: 'b', kind: 'vector', maxzoom: 6 }], ['b']), 12, 'never shallower than our own');
  assert.equal(deepestZoom([{ id: 'b', kind: 'vector', maxzoom: 18 }], ['b']), 19);
});
