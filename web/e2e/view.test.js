// One clock and nothing hidden, in headless Chromium: the readout, axis and
// list never run backwards across 8 January; stacked events fan out; chips
// are named after where they point; Home returns to the dataset's view.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, load, playhead } from './helpers.js';

let env;
let events;

before(async () => {
  env = await start();
  const fc = await (await fetch(`${env.base}/api/collections/events/items?limit=10000`)).json();
  events = fc.features.map((f) => ({ ...f.properties, geometry: f.geometry, ms: Date.parse(f.properties.start) }));
});

after(async () => {
  await env?.stop();
});

/** "8 Jan 2020 02:09" (or "~02:09") → minutes since 1 Jan 2020, for ordering. */
function minutes(text) {
  const m = /(\d+) Jan 2020 ~?(\d\d):(\d\d)/.exec(text);
  assert.ok(m, `a January time: ${text}`);
  return (Number(m[1]) * 24 + Number(m[2])) * 60 + Number(m[3]);
}

test('the clock: one zone, named, and it never runs backwards across the 8 January events', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-07T22:00:00Z&w=2020-01-07T21:30:00Z/2020-01-08T04:00:00Z`);
  assert.match(await page.textContent('#readout'), /^8 Jan 2020 01:00 \(UTC\+03:00, Baghdad time\)$/);
  assert.match(await page.textContent('#list-status'), /times in Baghdad time/);
  // Step through every event of the night: the readout only moves forward.
  let last = minutes(await page.textContent('#readout'));
  const seen = [];
  for (;;) {
    const t = await playhead(page);
    if (t > Date.parse('2020-01-08T03:30:00Z')) break;
    await page.keyboard.press('ArrowRight');
    if ((await playhead(page)) === t) break;
    const text = await page.textContent('#readout');
    assert.match(text, /\(UTC\+03:00, Baghdad time\)$/, 'always Baghdad time');
    const now = minutes(text);
    assert.ok(now >= last, `${text} after ${seen.at(-1)}`);
    last = now;
    seen.push(text);
  }
  assert.ok(seen.length >= 5, `several events that night: ${seen.join(' | ')}`);
  // The list reads in the same clock, in order; events elsewhere add their own local time.
  const rows = await page.$$eval('#event-list .ev-when', (els) => els.map((e) => e.textContent).filter((x) => /^8 Jan 2020 ~?\d/.test(x)));
  assert.ok(rows.length >= 4, rows.join(' | '));
  const times = rows.map(minutes);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), `in order: ${rows.join(' | ')}`);
  assert.ok(rows.some((r) => /local ~?\d\d:\d\d \(UTC\+03:30\)/.test(r)), `Iran's own time kept: ${rows.join(' | ')}`);
  // The axis keeps its labels as the playhead passes from an Iraqi to an Iranian event.
  const axisAt = async (t) => {
    await load(page, `${env.base}/?t=${t}&w=2020-01-07T21:30:00Z/2020-01-07T23:30:00Z`);
    return page.$$eval('.tl-label', (els) => els.map((e) => e.textContent).join(' '));
  };
  const axis = await axisAt('2020-01-07T22:32:00Z');
  assert.match(axis, /^00:\d0 /, 'Baghdad time: 21:30 UTC is 00:30');
  assert.equal(await axisAt('2020-01-07T23:10:00Z'), axis);
  // With UTC on, everything reads in UTC.
  await page.click('#utc');
  assert.match(await page.textContent('#readout'), / UTC$/);
  assert.match(await page.textContent('#list-status'), /times in UTC/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('events at one place fan out from a stack that shows their count', async () => {
  // The place with the most point events at one spot (Tehran in the crisis).
  const counts = new Map();
  for (const e of events) {
    if (e.geometry.type !== 'Point') continue;
    const key = e.geometry.coordinates.join(',');
    counts.set(key, [...(counts.get(key) ?? []), e]);
  }
  const [key, stack] = [...counts.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  assert.ok(stack.length >= 5, `a busy place: ${key}`);
  const [lon, lat] = key.split(',').map(Number);
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2021-07-01T00:00:00Z&fade=never&map=${lat},${lon},12`);
  const badge = await page.evaluate(() => {
    const c = [...document.querySelectorAll('.ev-count:not([hidden])')].sort((a, b) => b.textContent - a.textContent)[0];
    const r = c.closest('.ev-glyph').getBoundingClientRect();
    return { n: Number(c.textContent), x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  assert.ok(badge.n >= stack.length, `the count (${badge.n}) covers the ${stack.length} events at ${key}`);
  await page.mouse.click(badge.x, badge.y);
  await page.waitForSelector('.ev-glyph.fanned');
  assert.equal(await page.isVisible('#panel'), false, 'a click on a stack fans it out rather than open one event');
  const fanned = await page.$$eval('.ev-glyph.fanned', (els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.dataset.eventId, x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }));
  assert.equal(fanned.length, badge.n);
  for (const e of stack) assert.ok(fanned.some((f) => f.id === e.id), `${e.id} in the fan`);
  for (let i = 0; i < fanned.length; i++) {
    for (let j = i + 1; j < fanned.length; j++) {
      assert.ok(Math.hypot(fanned[i].x - fanned[j].x, fanned[i].y - fanned[j].y) >= 20, 'apart enough to tap');
    }
  }
  assert.equal(await page.locator('.spider-leg').count(), badge.n);
  // Each can be chosen: the first in time opens its own details.
  const first = fanned.find((f) => f.id === stack[0].id);
  await page.mouse.click(first.x, first.y);
  await page.waitForSelector('#panel:not([hidden])');
  assert.equal(await page.textContent('#panel-title'), stack[0].title);
  // Zooming folds the fan back.
  await page.click('.leaflet-control-zoom-out');
  await page.waitForFunction(() => !document.querySelector('.ev-glyph.fanned'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a movement\'s chip is named after its end; chips avoid the controls; Home returns', async () => {
  const flight = events.find((e) => e.geometry.type === 'LineString' && e.category === 'aviation' && /PS752/.test(e.title));
  const { page, context, problems } = await openPage(env.browser);
  // Washington in view while PS752 flies.
  await load(page, `${env.base}/?t=${new Date(Date.parse(flight.end) - 30e3).toISOString()}&map=38.9,-77.03,6`);
  const chips = await page.$$eval('.offscreen-chip', (els) => els.map((e) => ({ name: e.textContent.replace('➜', '').trim(), r: e.getBoundingClientRect().toJSON() })));
  assert.ok(chips.length > 0, 'chips point back');
  const chip = chips.find((c) => flight.place.includes(c.name));
  assert.ok(chip, `a chip for the flight among ${chips.map((c) => c.name)}`);
  assert.ok(!flight.place.startsWith(chip.name), `named after the end, not the origin: ${chip.name} (${flight.place})`);
  const controls = await page.$$eval('.leaflet-control', (els) => els.map((e) => e.getBoundingClientRect().toJSON()).filter((r) => r.width));
  for (const c of chips) {
    for (const k of controls) {
      const overlap = c.r.left < k.right && k.left < c.r.right && c.r.top < k.bottom && k.top < c.r.bottom;
      assert.ok(!overlap, `${c.name} clear of a control`);
    }
  }
  const before = await page.evaluate(() => new URL(window.location.href).searchParams.get('map'));
  await page.click('.home-button');
  await page.waitForFunction((b) => new URL(window.location.href).searchParams.get('map') !== b, before);
  const [lat, lng] = (await page.evaluate(() => new URL(window.location.href).searchParams.get('map'))).split(',').map(Number);
  assert.ok(lat > 25 && lat < 40 && lng > 40 && lng < 55, `back over the region: ${lat},${lng}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('key sites are labelled whole: Al Asad at 1280 × 800, Erbil at 1024 × 768', async () => {
  for (const [viewport, site] of [[{ width: 1280, height: 800 }, /Al Asad/], [{ width: 1024, height: 768 }, /Erbil/]]) {
    const { page, context, problems } = await openPage(env.browser, { viewport });
    await load(page, `${env.base}/?t=2020-01-08T03:00:00Z`);
    await page.waitForTimeout(300);
    const labels = await page.$$eval('.place-label:not(.label-hidden) .label-text', (els) => {
      const side = document.getElementById('side').getBoundingClientRect();
      return els.map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, clipped: e.scrollWidth > e.clientWidth + 1, underSide: r.left < side.right && r.top < side.bottom, r: r.toJSON() };
      });
    });
    const label = labels.find((l) => site.test(l.text));
    assert.ok(label, `${site} labelled at ${viewport.width}px: ${labels.map((l) => l.text).join(', ')}`);
    for (const l of labels) {
      assert.ok(!l.clipped && !l.text.endsWith('…'), `${l.text} whole`);
      assert.ok(!l.underSide, `${l.text} not under the sidebar`);
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [labels[i].r, labels[j].r];
        assert.ok(!(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom), `${labels[i].text} and ${labels[j].text} apart`);
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the time is never cut short, at any width and in either zone', async () => {
  // Widths where the controls once covered the time ("19 Nov 2019 22:4"), and a phone.
  for (const width of [390, 1200, 1250, 1400, 1450]) {
    const phone = width <= 720;
    const { page, context, problems } = await openPage(env.browser, { viewport: { width, height: 844 }, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    for (const utc of ['', '&utc=1']) {
      await load(page, `${env.base}/?t=2019-11-19T19:48:00Z${utc}`);
      const seen = await page.evaluate(() => {
        const parts = [...document.querySelectorAll('#readout .ro-time')];
        const controls = [...document.querySelectorAll('.controls button, .controls select, .controls a')]
          .filter((e) => e.getClientRects().length && !e.closest('.readout'));
        const meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        return parts.map((p) => {
          const r = p.getBoundingClientRect();
          return {
            text: p.textContent,
            cut: p.scrollWidth > r.width + 1 || r.right > window.innerWidth,
            under: controls.filter((c) => meets(r, c.getBoundingClientRect())).map((c) => c.id || c.className),
          };
        });
      });
      assert.equal(seen.map((s) => s.text).join(' '), utc ? '19 Nov 2019 19:48 UTC' : '19 Nov 2019 22:48');
      for (const s of seen) assert.ok(!s.cut && !s.under.length, `${width} px${utc && ', UTC'}: "${s.text}" cut or under ${s.under}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a tooltip is as wide as its words need, up to 260 px, not a word a line', async () => {
  const { page, context, problems } = await openPage(env.browser, { viewport: { width: 1400, height: 900 } });
  await load(page, `${env.base}/?t=2020-01-09T00:00:00Z&mode=explore`);
  const box = await page.evaluate(() => [...document.querySelectorAll('.ev-glyph')].map((e) => e.getBoundingClientRect().toJSON()).find((r) => r.x > 400 && r.width));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('.ev-tooltip');
  const width = await page.evaluate(() => document.querySelector('.ev-tooltip').getBoundingClientRect().width);
  assert.ok(width > 200 && width <= 262, `tooltip ${width} px wide`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a tooltip beside the zoom buttons opens clear of the map\'s controls, on the map', async () => {
  const { page, context, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 800 } });
  await load(page, `${env.base}/?t=2020-01-09T00:00:00Z&mode=explore`);
  // An event dragged to just left of the zoom buttons, by their top, where a tooltip above it ran under them.
  const { from, to } = await page.evaluate(() => {
    const z = document.querySelector('.leaflet-control-zoom').getBoundingClientRect();
    const g = [...document.querySelectorAll('.ev-glyph')].map((e) => e.getBoundingClientRect()).find((r) => r.width && r.x > 500 && r.y > 150 && r.y < 500);
    return { from: { x: g.x + g.width / 2, y: g.y + g.height / 2 }, to: { x: z.left - 18, y: z.top + 14 } };
  });
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.waitForTimeout(300); // at rest, so that the map does not glide on
  await page.mouse.up();
  const at = await page.evaluate((to) => {
    const near = (r) => Math.hypot(r.x + r.width / 2 - to.x, r.y + r.height / 2 - to.y);
    const r = [...document.querySelectorAll('.ev-glyph')].map((e) => e.getBoundingClientRect()).filter((b) => b.width).sort((a, b) => near(a) - near(b))[0];
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, to);
  assert.ok(Math.hypot(at.x - to.x, at.y - to.y) < 12, `an event by the zoom buttons, at ${at.x},${at.y}`);
  await page.mouse.move(at.x, at.y);
  await page.waitForSelector('.ev-tooltip');
  const seen = await page.evaluate(() => {
    const r = [...document.querySelectorAll('.ev-tooltip')].pop().getBoundingClientRect();
    const m = document.querySelector('#map').getBoundingClientRect();
    const meets = (b) => r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom;
    return {
      onMap: r.left >= m.left && r.top >= m.top && r.right <= m.right && r.bottom <= m.bottom,
      under: [...document.querySelectorAll('.leaflet-control')].filter((c) => meets(c.getBoundingClientRect())).map((c) => c.className),
    };
  });
  assert.deepEqual(seen, { onMap: true, under: [] });
  assert.deepEqual(problems, []);
  await context.close();
});

test('on narrow desktops the bar\'s controls take two rows, the export group beside the options', async () => {
  const { page, context, problems } = await openPage(env.browser, { viewport: { width: 721, height: 800 } });
  await load(page, `${env.base}/?t=2019-11-19T19:48:00Z`);
  for (const width of [721, 800, 1000, 1180]) {
    await page.setViewportSize({ width, height: 800 });
    const rows = await page.evaluate(() => {
      const rows = [];
      for (const e of [...document.querySelector('.controls').children].filter((c) => c.getClientRects().length)) {
        const r = e.getBoundingClientRect();
        const row = rows.find((w) => r.top < w.bottom && w.top < r.bottom);
        if (row) row.names.push(e.id || e.classList[0]);
        else rows.push({ top: r.top, bottom: r.bottom, names: [e.id || e.classList[0]] });
      }
      return rows.map((w) => w.names);
    });
    assert.equal(rows.length, 2, `${width} px: ${JSON.stringify(rows)}`);
    assert.ok(rows[1].includes('options') && rows[1].includes('export-group'), `${width} px: ${JSON.stringify(rows)}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
