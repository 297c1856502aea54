// A file of one's own, brought in through the browser: dropped on the page
// or picked with "Open a file". The server checks it (POST /api/validate,
// which stores nothing) and sends it back as it would serve it; the page
// keeps it in this browser (IndexedDB) and opens it with ?local=1. A file
// the server refuses is listed with every problem, as `chronomap validate`
// would print them.

import { h } from './dom.js';
import { applyFilter } from './filters.js';

/** The most events a file played in the page may hold: the page draws each as its own glyph. */
export const MAX_LOCAL_EVENTS = 2000;

const DATA = /\.(geojson|json|csv)$/i;
const SIDECAR = /\.meta\.json$/i;
// Files people take for a chronology's, and what to do with them instead.
const OTHERS = [
  [/\.(xlsx|xls|ods|numbers)$/i, 'is a spreadsheet: save the sheet as "CSV UTF-8" and drop that.'],
  [/\.(gz|zip)$/i, 'is compressed: unpack it and drop the GeoJSON or CSV inside.'],
  [/\.(gpkg|shp|kml|kmz|gpx)$/i, 'is another geographic format: convert it to GeoJSON first, e.g. with ogr2ogr -f GeoJSON out.geojson in.gpkg.'],
];

/**
 * Which of the files is the dataset and which its sidecar metadata: a CSV
 * with events.meta.json beside it. Returns {file, meta} or {error}.
 */
export function pickDataset(files) {
  const list = [...files];
  const meta = list.filter((f) => SIDECAR.test(f.name));
  const data = list.filter((f) => DATA.test(f.name) && !SIDECAR.test(f.name));
  if (data.length === 0) {
    if (meta.length) return { error: 'That is a metadata file: drop it together with its CSV.' };
    for (const f of list) {
      const other = OTHERS.find(([re]) => re.test(f.name));
      if (other) return { error: `${f.name} ${other[1]}` };
    }
    return { error: 'Drop a GeoJSON (.geojson, .json) or CSV (.csv) file.' };
  }
  if (data.length > 1) return { error: `Drop one dataset at a time (got ${data.length}: ${data.map((f) => f.name).join(', ')}).` };
  return { file: data[0], meta: meta[0] ?? null };
}

/**
 * Sends the file to the server to be checked. Resolves to {ok: true,
 * collection} (a FeatureCollection with its metadata), or {ok: false,
 * description, problems, more}.
 */
export async function checkDataset({ file, meta }, fetchFn = fetch) {
  const form = new FormData();
  form.append('file', file, file.name);
  if (meta) form.append('meta', meta, meta.name);
  const res = await fetchFn(`/api/validate?features=true&name=${encodeURIComponent(file.name)}`, { method: 'POST', body: form });
  let body;
  try {
    body = await res.json();
  } catch {
    return { ok: false, description: `The server could not check the file (HTTP ${res.status}).`, problems: [] };
  }
  if (res.ok) return { ok: true, collection: body };
  return { ok: false, description: body.description ?? `HTTP ${res.status}`, problems: body.problems ?? [], more: body.more ?? 0 };
}

/** The page's collection record for a file held in the browser. */
export function localCollection(fc, name) {
  const meta = fc.chronomap ?? {};
  return { id: 'local', title: meta.title || fc.title || name, chronomap: meta, local: true, name };
}

/**
 * The GeoJSON of what the page shows of a file opened in the browser, as
 * the server's export would write it: the events started by t that match
 * the filters, with the file's metadata (its story only when every event is
 * in). Returns {href, name} for a download link.
 */
export function localFile(fc, events, { t, cats = null, q = '' }, name) {
  const shown = new Set(applyFilter(events, { cats, q }).filter((e) => e.start <= t).map((e) => e.id));
  const features = fc.features.filter((f) => shown.has(String(f.properties?.id ?? f.id)));
  const chronomap = { ...(fc.chronomap ?? {}) };
  if (features.length < fc.features.length) delete chronomap.story;
  const out = { ...fc, chronomap, features };
  const base = String(name).replace(/\.[^.]*$/, '') || 'events';
  return { href: URL.createObjectURL(new Blob([JSON.stringify(out)], { type: 'application/geo+json' })), name: `${base}.geojson` };
}

const DB = 'chronomap';
const STORE = 'files';

function openDB(indexedDB) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore(mode, fn, indexedDB = globalThis.indexedDB) {
  const db = await openDB(indexedDB);
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Keeps the checked file in this browser, for ?local=1. */
export function saveLocal(fc, name) {
  return withStore('readwrite', (s) => s.put({ fc, name }, 'current'));
}

/** The file kept in this browser: {fc, name}, or null. */
export function loadLocal() {
  return withStore('readonly', (s) => s.get('current')).then((v) => v ?? null);
}

/** A report of why a file was refused: its problems, as a list. */
export function problemList(result, name) {
  const items = result.problems.slice(0, 200).map((p) => h('li', {}, p.text ?? p.message));
  const more = result.more + Math.max(0, result.problems.length - 200);
  return [
    h('h2', { id: 'drop-report-title' }, `${name} cannot be played`),
    h('p', {}, result.description),
    items.length ? h('ol', { class: 'drop-problems' }, items) : null,
    more > 0 ? h('p', {}, `… and ${more} more.`) : null,
  ];
}

/**
 * Wires the drop zone, the Open button, a status line and the report of a
 * refused file. A good file is kept in the browser and the page reopens on it.
 */
export function createDrop({ doc = document, zone, button, input, report, status }) {
  let depth = 0;
  const show = (on) => { zone.hidden = !on; };
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  doc.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth++;
    show(true);
  });
  doc.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) show(false);
  });
  doc.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  doc.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    show(false);
    open(e.dataTransfer.files);
  });
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    if (input.files.length) open(input.files);
    input.value = '';
  });

  function say(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function refuse(content) {
    report.replaceChildren(...content.filter(Boolean),
      h('button', { type: 'button', class: 'button drop-close' }, 'Close'));
    report.hidden = false;
    report.querySelector('.drop-close').addEventListener('click', () => {
      report.hidden = true;
      button.focus();
    });
    report.focus();
  }

  async function open(files) {
    report.hidden = true;
    const picked = pickDataset(files);
    if (picked.error) {
      refuse([h('h2', { id: 'drop-report-title' }, 'That file cannot be played'), h('p', {}, picked.error)]);
      return;
    }
    say(`Checking ${picked.file.name}…`);
    let result;
    try {
      result = await checkDataset(picked);
    } catch (err) {
      say('');
      refuse([h('h2', { id: 'drop-report-title' }, 'The file could not be sent'), h('p', {}, err.message)]);
      return;
    }
    say('');
    if (!result.ok) {
      refuse(problemList(result, picked.file.name));
      return;
    }
    const n = result.collection.features?.length ?? 0;
    if (n > MAX_LOCAL_EVENTS) {
      refuse([h('h2', { id: 'drop-report-title' }, `${picked.file.name} is valid, and large`),
        h('p', {}, `It holds ${n.toLocaleString('en')} events; the page plays up to ${MAX_LOCAL_EVENTS.toLocaleString('en')} from a file opened here. Serve it with chronomap --data ${picked.file.name} to play all of them.`)]);
      return;
    }
    await saveLocal(result.collection, picked.file.name);
    doc.defaultView.location.assign('/?local=1');
  }

  return { open };
}
