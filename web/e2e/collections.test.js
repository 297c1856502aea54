// Several collections: a server given two CSV datasets, both made from the
// embedded one's CSV export, shows a Dataset menu and keeps the choice in the URL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start, startServer, openPage, load, visibleIds } from './helpers.js';

const KEEP = 5;
let env;
let dir;
let firstCount;

/** CSV records, split on newlines outside quotes (summaries and figures span lines). */
function records(text) {
  const out = [];
  let from = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) {
      out.push(text.slice(from, i));
      from = i + 1;
    }
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

before(async () => {
  const plain = await startServer();
  let csv;
  try {
    csv = await (await fetch(`${plain.base}/api/export?format=csv`)).text();
  } finally {
    plain.stop();
  }
  const rows = records(csv);
  assert.match(rows[0], /^id,title,/, 'the edits below rely on the first two columns');
  firstCount = rows.length - 1;
  assert.ok(firstCount > KEEP);
  // The second dataset: the first few events, one of them retitled.
  const second = rows.slice(0, KEEP + 1);
  const [id] = second[1].split(',');
  second[1] = second[1].replace(/^([^,]*),("(?:[^"]|"")*"|[^,]*)/, '$1,Retitled for the test');
  assert.ok(second[1].startsWith(`${id},Retitled for the test,`));
  dir = await mkdtemp(path.join(tmpdir(), 'chronomap-e2e-'));
  await writeFile(path.join(dir, 'first.csv'), csv);
  await writeFile(path.join(dir, 'second.csv'), `${second.join('\n')}\n`);
  env = await start(['--data', path.join(dir, 'first.csv'), '--data', path.join(dir, 'second.csv')]);
});

after(async () => {
  await env?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the Dataset menu switches collections, and a reload keeps the choice', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-08T03:00:00Z&q=iran&fmt=csv`);
  assert.equal(await page.isVisible('#dataset'), true);
  assert.deepEqual(await page.$$eval('#dataset option', (os) => os.map((o) => o.value)), ['first', 'second']);
  assert.equal(await page.inputValue('#dataset'), 'first');
  assert.equal(await page.textContent('#dataset-title'), 'first');
  assert.equal(await page.locator('#event-list li').count(), firstCount);
  assert.match(await page.getAttribute('#export', 'href'), /[?&]collection=first&/);

  // Switching starts afresh on the other collection: the old time and search
  // go, the export format (a preference) stays.
  await Promise.all([page.waitForURL(/[?&]c=second/), page.selectOption('#dataset', 'second')]);
  await page.waitForSelector('html[data-ready="true"]');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('fmt'), 'csv');
  assert.equal(url.searchParams.has('q'), false);
  assert.notEqual(url.searchParams.get('t'), '2020-01-08T03:00:00Z');
  assert.equal(await page.textContent('#dataset-title'), 'second');
  assert.equal(await page.title(), 'second · Chronomap');
  assert.equal(await page.locator('#event-list li').count(), KEEP);
  assert.equal(await page.locator('#event-list .ev-title', { hasText: 'Retitled for the test' }).count(), 1);
  const href = await page.getAttribute('#export', 'href');
  assert.match(href, /[?&]collection=second&/);
  assert.match(href, /[?&]format=csv/);

  // The export is of this collection, what it shows.
  await page.focus('#timeline');
  await page.keyboard.press('End');
  await page.waitForFunction(() => !document.querySelector('#event-list .future'));
  const shown = await visibleIds(page);
  assert.equal(shown.length, KEEP);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const rows = records((await readFile(await download.path(), 'utf8')).trimEnd());
  assert.deepEqual(rows.slice(1).map((r) => r.split(',')[0]).sort(), shown);

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(new URL(page.url()).searchParams.get('c'), 'second');
  assert.equal(await page.inputValue('#dataset'), 'second');
  assert.equal(await page.textContent('#dataset-title'), 'second');
  assert.equal(await page.locator('#event-list li').count(), KEEP);

  // And back: the first collection leaves c out of the URL.
  await Promise.all([page.waitForURL((u) => !u.searchParams.has('c')), page.selectOption('#dataset', 'first')]);
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.locator('#event-list li').count(), firstCount);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown collection in the URL falls back to the first, quietly', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?c=nope`);
  assert.equal(await page.inputValue('#dataset'), 'first');
  assert.equal(await page.locator('#event-list li').count(), firstCount);
  await page.waitForURL((u) => !u.searchParams.has('c'));
  assert.deepEqual(problems, []);
  await context.close();
});
