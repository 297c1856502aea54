// A chronology of one's own: the Beirut port explosion example, with its own
// title, categories, colours and view, served from GeoJSON (metadata in the
// file) and from CSV (metadata in a sidecar file next to it).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, copyFile, rm, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, openPage, load } from './helpers.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
let env;
let dir;

before(async () => {
  // The CSV under another name, so that the two are two collections.
  dir = await mkdtemp(path.join(tmpdir(), 'chronomap-e2e-'));
  await copyFile(path.join(examples, 'csv/beirut-port.csv'), path.join(dir, 'beirut-table.csv'));
  await copyFile(path.join(examples, 'csv/beirut-port.meta.json'), path.join(dir, 'beirut-table.meta.json'));
  await writeFile(path.join(dir, 'fire-season.geojson'), JSON.stringify(fireSeason()));
  env = await start(['--data', path.join(examples, 'beirut-port.geojson'), '--data', path.join(dir, 'beirut-table.csv'),
    '--data', path.join(dir, 'fire-season.geojson')]);
});

after(async () => {
  await env?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * A wildfire season told with 18 categories of its own (one without events),
 * one of its events in Arabic: a newsroom's chronology, not the crisis's.
 */
function fireSeason() {
  const kinds = ['ignition', 'evacuation-order', 'evacuation-warning', 'air-quality', 'containment', 'air-tanker',
    'road-closure', 'power-shutoff', 'shelter', 'fatality', 'structure-loss', 'smoke-plume', 'lightning', 'rain',
    'investigation', 'funding', 'volunteer', 'heat-dome'];
  const feature = (i, category, title, summary) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [-119.5 + (i % 6) * 0.4, 49.9 + Math.floor(i / 6) * 0.3] },
    properties: {
      id: `e${i}`, title, summary, category, place: 'Kelowna, BC',
      start: `2023-08-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00-07:00`, time_precision: 'hour', location_precision: 'city',
      sources: [{ title: 'Season report', publisher: 'Example Daily', url: 'https://example.org/fires' }],
    },
  });
  const features = Array.from({ length: 34 }, (_, i) => feature(i, kinds[i % 17], `${kinds[i % 17]} ${i}`, 'Reported by officials.'));
  features.push(feature(34, 'volunteer', 'رجال إطفاء من الأردن يصلون إلى كيلاونا', 'وصل فريق من رجال الإطفاء الأردنيين.'));
  const categories = kinds.map((id, i) => ({ id, label: id.replace('-', ' '), color: `#${(0x204060 + i * 0x0a0806).toString(16)}`, shape: 'square' }));
  return { type: 'FeatureCollection', chronomap: { title: 'Fire season', timezone: 'America/Vancouver', categories }, features };
}

const LEGEND = [
  ['explosion', 'Fire and explosion', 'rgb(178, 24, 43)'],
  ['relief', 'Rescue and relief', 'rgb(0, 114, 178)'],
  ['protest', 'Protests', 'rgb(231, 41, 138)'],
  ['politics', 'Politics', 'rgb(0, 158, 115)'],
  ['inquiry', 'Inquiry', 'rgb(123, 50, 148)'],
];

for (const c of ['beirut-port', 'beirut-table']) {
  test(`${c}: the page shows the chronology's title, its categories in their colours, and its view`, async () => {
    const { page, context, problems } = await openPage(env.browser);
    await load(page, `${env.base}/?c=${c}&t=2020-08-05T00:00:00Z`);
    assert.equal(await page.textContent('#dataset-title'), 'The 2020 Beirut port explosion');
    assert.equal(await page.title(), 'The 2020 Beirut port explosion · Chronomap');
    const legend = await page.$$eval('#legend .legend-item', (els) => els.map((el) => {
      const swatch = el.querySelector('svg, .swatch') ?? el;
      return [el.dataset.category, el.querySelector('.legend-label').textContent, getComputedStyle(swatch).color,
        getComputedStyle(el).getPropertyValue('--c').trim()];
    }));
    assert.deepEqual(legend.map(([id, label]) => [id, label]), LEGEND.map(([id, label]) => [id, label]));
    // A short legend is shown whole, its chips at their own height.
    assert.deepEqual(await page.$eval('#legend', (el) => [el.clientHeight === el.scrollHeight, el.firstElementChild.offsetHeight < 32]), [true, true]);
    // Each category's colour is the one its metadata gives.
    for (const [i, [, , rgb]] of LEGEND.entries()) {
      const hex = legend[i][3].toLowerCase();
      const want = `#${rgb.match(/\d+/g).map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
      assert.equal(hex, want, `${legend[i][0]}'s colour`);
    }
    // The map opens on the view the metadata declares, the port at zoom
    // 12: a small drag puts the view in the URL.
    await page.mouse.move(700, 300);
    await page.mouse.down();
    await page.mouse.move(705, 300, { steps: 2 });
    await page.mouse.up();
    await page.waitForURL(/[?&]map=/);
    const [lat, lng, zoom] = new URL(page.url()).searchParams.get('map').split(',').map(Number);
    assert.equal(zoom, 12);
    assert.ok(Math.abs(lat - 33.895) < 0.01 && Math.abs(lng - 35.51) < 0.01, `map centre ${lat},${lng}`);
    const explosion = await page.$$eval('.leaflet-map-pane [data-event-id="port-explosion"]', (els) => els.length);
    assert.ok(explosion > 0, 'the explosion is drawn');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('with 18 categories the legend leaves the list room to read, and Arabic reads right to left', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?c=fire-season&t=2023-08-20T00:00:00Z`);
  assert.equal(await page.locator('#legend .legend-item').count(), 17);
  const list = await page.locator('.sidebar-scroll').boundingBox();
  assert.ok(list.height >= 150, `the list is ${list.height} px tall under the legend`);
  // Every category can still be reached: the legend scrolls.
  const last = page.locator('#legend [data-category="volunteer"]');
  await last.scrollIntoViewIfNeeded();
  assert.ok(await last.isVisible());
  const row = page.locator('#event-list .ev-title', { hasText: 'رجال إطفاء' });
  assert.equal(await row.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await row.click();
  for (const sel of ['#panel-title', '.panel .summary']) {
    assert.equal(await page.locator(sel).evaluate((el) => getComputedStyle(el).direction), 'rtl', sel);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('an open page follows its file: an edit shows without a reload by hand, where the page was', async () => {
  const live = await mkdtemp(path.join(tmpdir(), 'chronomap-live-'));
  const csv = await readFile(path.join(examples, 'csv/beirut-port.csv'), 'utf8');
  const file = path.join(live, 'beirut.csv');
  await writeFile(file, csv);
  await copyFile(path.join(examples, 'csv/beirut-port.meta.json'), path.join(live, 'beirut.meta.json'));
  const server = await start(['--data', file]);
  try {
    const { page, context, problems } = await openPage(server.browser);
    await load(page, `${server.base}/?t=2020-08-20T00:00:00Z&q=beirut`);
    assert.equal(await page.locator('#event-list li').count(), 7);
    // The explosion is retitled in the file; the page comes back at the same moment and search.
    await writeFile(file, csv.replace('Explosion at the Port of Beirut', 'Blast at the Port of Beirut'));
    await page.waitForFunction(() => [...document.querySelectorAll('#event-list .ev-title')].some((e) => e.textContent === 'Blast at the Port of Beirut'), null, { timeout: 20000 });
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('t'), '2020-08-20T00:00:00Z');
    assert.equal(url.searchParams.get('q'), 'beirut');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.stop();
    await rm(live, { recursive: true, force: true });
  }
});
