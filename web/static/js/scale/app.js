// The page for a collection too large to draw event by event: every event
// on the GPU from the columns, a density timeline, a virtual list, filters
// on typed arrays (the search answered by the server), and details fetched
// for the one event selected. The same state and URL as main.js.

import { datasetView } from '../collections.js';
import { createExporter } from '../exporter.js';
import { categoriesOf, category, categoryClass } from '../categories.js';
import { toggleCategory } from '../filters.js';
import { HOUR, countOf } from '../format.js';
import { createUrlWriter, checkLink, missingEvent } from '../state.js';
import { watchCollection } from '../live.js';
import { clampWindow, followWindow, focusWindow } from '../timescale.js';
import { fadeById } from '../visibility.js';
import { readoutAt } from '../readout.js';
import { datasetZone, commonOffset, clockTime, clockNote } from '../zone.js';
import { createPlayer, speedById } from '../player.js';
import { createMap } from '../map.js';
import { createTimeline } from '../timeline.js';
import { createOverview } from '../overview.js';
import { createPanel } from '../panel.js';
import { createLegend } from '../legend.js';
import { createControls } from '../controls.js';
import { wirePage } from '../keyboard.js';
import { createAnnouncer } from '../announcer.js';
import { createLayout } from '../layout.js';
import { fetchMatchingRows } from '../api.js';
import { filterRows, countsByCategory, upperBound, lowerBound } from './query.js';
import { createGpuLayer } from './gllayer.js';
import { createDensity } from './density.js';
import { createVirtualList } from './vlist.js';
import { createPointer } from './pointer.js';
import { categoryColours, regionOf, sampleOffsets, createMovers } from './derive.js';
import { createDetails } from './details.js';
import { createHighlight } from './highlight.js';

const $ = (id) => document.getElementById(id);

export function bootScale({ loaded, initial, collectionSwitch, fail, notify }) {
  const { cols, current } = loaded;
  if (!cols.n) {
    fail('This chronology has no events.');
    return;
  }
  const L = window.L;
  const ms = (s) => cols.base + s * 1000;
  const sec = (t) => (t - cols.base) / 1000;
  let last = -Infinity;
  for (let r = 0; r < cols.n; r++) last = Math.max(last, cols.end[r]);
  const extent = { start: ms(cols.start[0]), end: ms(last) };
  const pad = Math.max(HOUR, Math.min(12 * HOUR, (extent.end - extent.start) * 0.004));
  const bounds = { start: extent.start - pad, end: extent.end + pad };
  const clampT = (t) => Math.round(Math.min(bounds.end, Math.max(bounds.start, t)));
  const allCounts = countsByCategory(cols);
  const categories = categoriesOf([...allCounts.keys()].map((c) => ({ category: c })));
  const allCatIds = categories.map((c) => c.id);
  const link = checkLink(initial, { categories: allCatIds });
  if (link.note) notify(link.note);
  const colours = categoryColours(cols.categories);

  // A sample of the starts is enough to find where they bunch up.
  const every = Math.max(1, Math.floor(cols.n / 5000));
  const sample = [];
  for (let r = 0; r < cols.n; r += every) sample.push(ms(cols.start[r]));
  let win = initial.win ?? focusWindow(sample, bounds);
  const app = {
    c: loaded.c, t: clampT(initial.t ?? Math.max(extent.start, win.start)), win: clampWindow(win, bounds),
    view: initial.view, cats: link.cats, q: initial.q, sel: null, speed: initial.speed, slow: initial.slow,
    fade: initial.fade, loop: initial.loop, utc: initial.utc, fmt: initial.fmt, embed: initial.embed, layers: initial.layers,
    shown: null, matches: null,
  };
  const url = createUrlWriter(() => app);
  const layout = createLayout({ onDrawer: () => list.follow() });
  const mapView = createMap({
    L, container: $('map'), places: [], insets: layout.insets, reserve: () => [],
    layers: app.layers, onLayers(layers) { app.layers = layers; url.schedule(); },
  });
  const { map } = mapView;
  const view = app.view ?? datasetView(loaded.current);
  if (view) mapView.open(view.lat, view.lng, view.zoom);
  else mapView.fitRegion(regionOf(cols));
  // The back canvas, opaque when it draws the basemap, goes under the
  // country labels; the fresh rows over them.
  map.createPane('gpuBack').style.zIndex = '300';
  map.createPane('gpu').style.zIndex = '410';
  // Tiles drawn over our basemap hide it; otherwise the GPU layer draws it.
  const tilesShown = () => ['vectorTiles', 'rasterTiles'].some((p) => map.getPane(p).childElementCount > 0);
  const ground = { shown: () => !tilesShown(), expects: () => mapView.basemap.expects(), paint: (ctx, origin) => mapView.basemap.paint(ctx, origin) };
  let gpu;
  try {
    gpu = createGpuLayer({
      L, map, cols, colors: colours.rgb, pane: 'gpu', backPane: 'gpuBack', px: cols.n > 200000 ? 5 : 7, covered: () => layout.insets().left, ground,
    });
  } catch (err) {
    fail(`${cols.n.toLocaleString('en-GB')} events are drawn with WebGL2, which this browser does not offer (${err.message}).`);
    return;
  }
  mapView.basemap.on('draw', () => gpu.groundChanged());
  let tiles = tilesShown();
  map.on('layeradd layerremove', () => {
    if (tilesShown() === tiles) return;
    tiles = !tiles;
    gpu.groundChanged();
  });
  const details = createDetails({ collection: current.id, onPage: () => list.refresh() });
  const highlight = createHighlight({ L, map, onSelect: (ev) => select(ev.id), details: (id) => details.event(id) });
  const announcer = createAnnouncer($('announcer'));
  const panel = createPanel({ root: $('panel'), onClose: closePanel, onSelect: (ev) => select(ev.id) });

  const tlDensity = createDensity({ root: $('timeline'), colors: colours.css, toStart: sec });
  const ovDensity = createDensity({ root: $('overview'), colors: colours.css, barWidth: 1, toStart: sec });
  const timeline = createTimeline({
    root: $('timeline'), events: [], bounds, onWindow: setWindow, onSelect() {}, onHover() {}, underlay: tlDensity,
    onScrub(t, phase) {
      if (phase === 'start') player.stop();
      gpu.scrub(phase !== 'end');
      setTime(t, { source: 'scrub' });
    },
  });
  const overview = createOverview({ root: $('overview'), events: [], bounds, onWindow: setWindow, underlay: ovDensity });

  const rowOf = (k) => app.shown.rows[k];
  const list = createVirtualList({
    scroller: $('event-list').closest('.sidebar-scroll'), list: $('event-list'), label: 'Events in time order',
    row(k) {
      const r = rowOf(k);
      const cat = category(cols.categories[cols.cat[r]]);
      const d = details.row(k);
      // On the page's one clock, as the small list reads, so rows never
      // seem to run backwards; another zone's local time aside.
      const { time, aside } = clockTime({ start: ms(cols.start[r]), startOffset: cols.offset[r], precision: d?.precision }, { zone, utc: app.utc });
      return {
        id: cols.ids.get(r), cls: categoryClass(cat.id), shape: cat.shape,
        time, zone: aside ? ` · ${aside}` : '', title: d?.title ?? null, place: d?.place ?? null,
      };
    },
    onSelect: (k) => goTo(rowOf(k)),
  });
  // What is typed will redraw every point: the fill stops until it does.
  $('search').addEventListener('input', () => gpu.hold());
  const legend = createLegend({
    root: $('legend'), search: $('search'), categories,
    onSearch: (q) => setFilter({ q }),
    onToggle: (id) => setFilter({ cats: toggleCategory(app.cats, id, allCatIds) }),
    onOnly: (id) => setFilter({ cats: new Set([id]) }),
    onAll: () => setFilter({ cats: null }),
  });
  // At this density "slow near events" would crawl from one event to the
  // next; playback goes at the chosen speed.
  $('slow').disabled = true;
  $('slow').title = 'Not available with this many events';
  const player = createPlayer({
    getTime: () => app.t,
    setTime: (t) => setTime(t, { source: 'play' }),
    rate: () => speedById(app.speed).rate,
    range: () => bounds,
    loop: () => app.loop,
    onChange(on) {
      controls.setPlaying(on);
      if (on) list.follow();
      else {
        // At once, where playback stopped.
        const k = currentRow();
        list.setCurrent(k);
        renderBar(k);
      }
    },
  });
  const controls = createControls({
    onPlay: () => player.toggle(), onPrev: () => step(-1), onNext: () => step(1),
    onSpeed: (id) => setOption('speed', id), onFade: (id) => setOption('fade', id),
    onToggle: (name, on) => setOption(name, on), onZoom: (f) => timeline.zoom(f), onZoomAll: () => setWindow(bounds),
  });
  const exporter = createExporter({
    link: $('export'), select: $('export-format'),
    params: () => ({ t: app.t, cats: app.cats, allIds: allCatIds, q: app.q, format: app.fmt, collection: current.id }),
    onFormat: (f) => setOption('fmt', f),
  });
  collectionSwitch.onLeave(() => {
    player.stop();
    url.flush();
    url.stop();
  });

  const movers = createMovers(cols);
  const zone = datasetZone(current, commonOffset(sampleOffsets(cols)));

  /** The shown row that started last by the playhead, -1 for none. */
  const currentRow = () => upperBound(app.shown.starts, Math.floor(sec(app.t))) - 1;

  // While playing, the playback bar's playhead, clock and count follow
  // this often at most (at once when paused). A change there, left of the
  // map and below it, widens the one rectangle the compositor redraws each
  // frame to take in the sidebar, which does not change.
  const BAR_MS = 100;
  let barAt = -Infinity;

  function renderTime() {
    const t = app.t;
    const fade = fadeById(app.fade).ms;
    const s = sec(t);
    gpu.setTime(s, { fade: Number.isFinite(fade) ? fade / 1000 : -1, heads: movers(s, app.shown.on) });
    const k = currentRow();
    list.setCurrent(k, { lazy: player.playing });
    if (!player.playing || performance.now() - barAt >= BAR_MS) renderBar(k);
  }

  /** k: the shown row that started last by the playhead. */
  function renderBar(k = currentRow()) {
    barAt = performance.now();
    const t = app.t;
    timeline.setTime(t);
    overview.setTime(t);
    const clock = readoutAt(t, { zone, utc: app.utc });
    controls.setReadout(clock.primary, clock.secondary);
    timeline.setOffset(clock.offset);
    $('timeline').setAttribute('aria-valuenow', String(t));
    $('timeline').setAttribute('aria-valuetext', clock.primary);
    exporter.update(k + 1);
  }

  function setTime(t, { source = 'set' } = {}) {
    const next = clampT(t);
    if (next === app.t && source !== 'init') return;
    app.t = next;
    renderTime();
    if (source !== 'scrub') {
      const w = followWindow(app.win, next, bounds);
      if (w !== app.win) setWindow(w);
    }
    url.schedule();
  }

  function setWindow(w) {
    app.win = clampWindow(w, bounds);
    timeline.setWindow(app.win);
    overview.setWindow(app.win);
    url.schedule();
  }

  let searchAbort = null;
  async function setFilter(change) {
    Object.assign(app, change);
    if ('q' in change) {
      searchAbort?.abort();
      app.matches = null;
      const q = app.q.trim();
      if (q) {
        searchAbort = new AbortController();
        try {
          const bytes = await fetchMatchingRows(current.id, q, { signal: searchAbort.signal });
          app.matches = window.Arrow.tableFromIPC(bytes).getChild('row').toArray();
        } catch (err) {
          if (err.name === 'AbortError') return;
          // The map and list keep what they showed; the status says why.
          $('list-status').textContent = `The search could not be made (${err.message}); change it to try again.`;
          return;
        }
      }
    }
    app.shown = filterRows(cols, { cats: app.cats, matches: app.matches });
    gpu.setFilter(app.shown.on);
    const keys = [];
    for (const r of cols.tracks.rows) if (app.shown.on[r]) keys.push({ t: ms(cols.start[r]), cat: cols.cat[r] });
    tlDensity.setData(app.shown.starts, keys);
    ovDensity.setData(app.shown.starts, keys);
    details.setFilter({ cats: app.cats, q: app.q });
    list.setCount(app.shown.rows.length);
    listStatus();
    legend.update({ cats: app.cats, counts: app.matches ? countsByCategory(cols, app.matches) : allCounts, q: app.q });
    renderTime();
    url.schedule();
  }

  function listStatus() {
    const n = app.shown.rows.length;
    const num = (x) => x.toLocaleString('en-GB');
    const count = n === cols.n ? countOf(n, 'event', num) : `${num(n)} of ${countOf(cols.n, 'event', num)} match`;
    $('list-status').textContent = `${count} · ${clockNote({ zone, utc: app.utc })}`;
  }

  function setOption(name, value) {
    app[name] = value;
    controls.reflect(app);
    if (name === 'utc') {
      list.refresh();
      listStatus();
    }
    if (name === 'utc' && app.sel) select(app.sel);
    renderTime();
    url.schedule();
  }

  let selToken = 0;
  async function select(id, { focus = false } = {}) {
    app.sel = id;
    list.setSelected(id);
    const token = ++selToken;
    if (!id) {
      highlight.select(null);
      panel.hide();
      layout.panelChanged(false);
      url.schedule();
      return null;
    }
    const ev = await details.event(id).catch(() => null);
    if (token !== selToken) return null;
    if (!ev) {
      app.sel = null;
      return null;
    }
    highlight.select(ev);
    panel.show(ev, { neighbours: [], utc: app.utc });
    if (focus) panel.focus();
    layout.panelChanged(true);
    url.schedule();
    return ev;
  }

  function closePanel() {
    select(null);
  }

  /** To row r: the moment it is seen whole, selected, in view. */
  async function goTo(r, { focus = true } = {}) {
    player.stop();
    setTime(ms(cols.tracks.rows.includes(r) ? cols.end[r] : cols.start[r]), { source: 'jump' });
    layout.closeDrawer();
    const ev = await select(cols.ids.get(r), { focus });
    if (ev) mapView.reveal(highlight.bounds());
  }

  /** held: the key is held down, and steps come as fast as it repeats, like a drag's. */
  function step(dir, { held = false } = {}) {
    const { starts, rows } = app.shown;
    const s = sec(app.t);
    const k = dir > 0 ? upperBound(starts, s) : lowerBound(starts, Math.ceil(s)) - 1;
    if (k < 0 || k >= rows.length) return;
    player.stop();
    if (held) gpu.scrub(true);
    setTime(ms(starts[k]), { source: 'jump' });
    list.follow();
    if (panel.open) select(cols.ids.get(rows[k]));
  }

  createPointer({
    map, cols,
    accept: (r) => app.shown.on[r] === 1 && cols.start[r] <= sec(app.t),
    onPick: (r) => select(cols.ids.get(r)),
    onHover: (r, [lon, lat]) => highlight.hover(r < 0 ? null
      : { id: cols.ids.get(r), lat, lon, cls: categoryClass(cols.categories[cols.cat[r]]) }),
  });

  wirePage({ player, step, timeline, panel, closePanel, layout, setTime, bounds, map, app, url });
  controls.reflect(app);
  $('timeline').setAttribute('aria-valuemin', String(bounds.start));
  $('timeline').setAttribute('aria-valuemax', String(bounds.end));
  setWindow(app.win);
  setFilter({ q: app.q }).then(() => {
    setTime(app.t, { source: 'init' });
    if (initial.sel) select(initial.sel).then((ev) => { if (!ev) notify(missingEvent(initial.sel)); });
    list.follow();
    document.documentElement.dataset.ready = 'true';
    document.documentElement.dataset.events = String(cols.n);
    watchCollection({ id: current.id, onChange: () => { url.flush(); window.location.reload(); } });
  });
}
