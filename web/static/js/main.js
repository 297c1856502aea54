// Wiring: loads the events, builds the views, and keeps them in step with
// one state object (time, timeline window, filters, selection, playback
// options) that the URL mirrors.

import { loadCollection, retryUnavailable, showCollection, createCollectionSwitch, datasetView } from './collections.js';
import { takeStart } from './early.js';
import { createExporter } from './exporter.js';
import { createDrop, localFile } from './drop.js';
import { prepareEvents, placesOf, extentOf, regionBounds, neighboursOf } from './events.js';
import { categoriesOf } from './categories.js';
import { applyFilter, countsByCategory, toggleCategory } from './filters.js';
import { formatTime, formatDate, HOUR } from './format.js';
import { decodeState, createUrlWriter, checkLink } from './state.js';
import { clampWindow, followWindow, focusWindow } from './timescale.js';
import { fadeById, lastStartedIndex } from './visibility.js';
import { readoutAt } from './readout.js';
import { datasetZone, commonOffset } from './zone.js';
import { createPlayer, rateAt, nextBoundary, buildPacing, speedById, dwellAt } from './player.js';
import { readStory, keyIds, chapterIndex, newestKey } from './story.js';
import { createCaption, captionLine, clearShift } from './caption.js';
import { createStoryMode } from './storymode.js';
import { createRecorder } from './recorder.js';
import { createMap } from './map.js';
import { createMarkers } from './markers.js';
import { createMagnifier } from './magnifier.js';
import { clearArea } from './inset.js';
import { createTimeline } from './timeline.js';
import { createOverview } from './overview.js';
import { createList } from './list.js';
import { createPanel } from './panel.js';
import { createLegend } from './legend.js';
import { createControls } from './controls.js';
import { wirePage } from './keyboard.js';
import { createAnnouncer } from './announcer.js';
import { createLayout } from './layout.js';
import { createOffscreen } from './offscreen.js';
import { createShare, shareURL } from './share.js';
import { createHint } from './hint.js';
import { addHomeControl } from './home.js';
import { h, loadScript } from './dom.js';

const $ = (id) => document.getElementById(id);
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
// In explore mode the caption names a key event for this many real
// seconds of playback at the chosen speed after it starts.
const CAPTION_SECONDS = 8;

/** With no events loaded, Export (whose link is the server's collection until the page sets it) and Share have nothing to give. */
function nothingToShare() {
  const link = $('export');
  link.removeAttribute('href');
  link.classList.add('disabled');
  link.setAttribute('aria-disabled', 'true');
  link.title = 'Nothing to export';
  $('share').disabled = true;
}

/** Shows an error, and a link out of it where reloading cannot help. */
function fail(message, link = null) {
  const box = $('message');
  box.textContent = message;
  if (link) box.append(' ', h('a', { href: link.href }, link.text));
  box.classList.remove('notice');
  box.hidden = false;
}

/** Says something worth knowing, not an error, until clicked or for 12 s; after a notice still shown. */
function notify(message) {
  const box = $('message');
  if (!box.hidden && box.classList.contains('notice')) message = `${box.textContent} ${message}`;
  box.textContent = message;
  box.classList.add('notice');
  box.hidden = false;
  const hide = () => {
    if (box.textContent === message) box.hidden = true;
  };
  box.addEventListener('click', hide, { once: true });
  setTimeout(hide, 12000);
}

/** The Arrow library (a classic script, global Arrow), loaded only for a large collection. */
const loadArrow = () => loadScript('/vendor/apache-arrow/Arrow.esnext.min.js', 'Arrow');

/** A progress bar while a big collection's columns arrive: each try shows it from the start, if it lasts. */
function progress() {
  const box = $('loading');
  const bar = $('loading-bar');
  let shown;
  const api = {
    start() {
      api.set(0);
      clearTimeout(shown);
      shown = setTimeout(() => { box.hidden = false; }, 250);
    },
    set(f) {
      bar.value = f;
      bar.textContent = `${Math.round(f * 100)}%`;
    },
    done() {
      clearTimeout(shown);
      box.hidden = true;
    },
  };
  return api;
}

/** What every page has: the embed view's class, Share, the link out of an embed, and the print size. */
function wireChrome(initial, { onBeforeShare }) {
  // ?embed=1: the map, the timeline and the player only.
  document.body.classList.toggle('embed', initial.embed);
  createShare({ button: $('share'), title: () => document.title, local: initial.local, onOpen: onBeforeShare });
  $('full-link').addEventListener('click', () => { $('full-link').href = shareURL(window.location.href); });
}

async function boot() {
  const initial = decodeState(window.location.search);
  createDrop({ zone: $('drop-zone'), button: $('open-file'), input: $('open-file-input'), report: $('drop-report'), status: $('drop-status') });
  let loaded;
  const bar = progress();
  try {
    // The first try takes the requests early.js started; the others ask again.
    loaded = await retryUnavailable(() => {
      bar.start();
      return loadCollection(initial.c, { loadArrow, onProgress: bar.set, local: initial.local, start: takeStart() });
    }, {
      onWait: (err, seconds) => {
        bar.done();
        fail(`The events could not be loaded (${err.message}). Trying again in ${seconds} s.`);
      },
    });
    $('message').hidden = true;
  } catch (err) {
    // A file opened in another browser, or since forgotten: reloading
    // cannot bring it back, but opening it, or the server's map, can.
    if (initial.local) fail(`${err.message}.`, { href: '/', text: "Open the server's map" });
    else fail(`The events could not be loaded (${err.message}). Reload to try again.`);
    nothingToShare();
    return;
  } finally {
    bar.done();
  }
  const { features, collections, current } = loaded;
  showCollection(current);
  let flushUrl = () => {};
  wireChrome(initial, { onBeforeShare: () => flushUrl() });
  const collectionSwitch = createCollectionSwitch({ root: $('dataset-field'), select: $('dataset'), collections, current });
  if (!features) {
    const { bootScale } = await import('./scale/app.js');
    bootScale({ loaded, initial, collectionSwitch, fail, notify });
    return;
  }
  if (!features.length) {
    fail('This chronology has no events.');
    return;
  }

  const events = prepareEvents(features);
  const byId = new Map(events.map((e) => [e.id, e]));
  const places = placesOf(events);
  const extent = extentOf(events);
  const pad = Math.max(HOUR, Math.min(12 * HOUR, (extent.end - extent.start) * 0.004));
  const bounds = { start: extent.start - pad, end: extent.end + pad };
  const zone = datasetZone(current, commonOffset(events.map((e) => e.startOffset)));
  const categories = categoriesOf(events);
  const allCatIds = categories.map((c) => c.id);
  const clampT = (t) => Math.round(Math.min(bounds.end, Math.max(bounds.start, t)));
  const chapters = readStory(current.chronomap, byId);
  const keys = keyIds(events, chapters);
  const keyEvents = events.filter((e) => keys.has(e.id));

  // Without a time in the URL, the story opens at the event it names (the
  // moment it is seen whole), or else where its events bunch up, the
  // playhead at the start of that window, earlier events already shown.
  const wholeAt = (ev) => (ev.kind === 'track' ? ev.end : ev.start);
  const link = checkLink(initial, { categories: allCatIds, hasEvent: (id) => byId.has(id) });
  if (link.note) notify(link.note);
  const linked = byId.get(link.sel);
  let win = initial.win ?? focusWindow(events.map((e) => e.start), bounds);
  const t0 = clampT(initial.t ?? (linked ? wholeAt(linked) : Math.max(extent.start, win.start)));
  if (!initial.win) win = { start: win.start - (win.end - win.start) * 0.03, end: win.end - (win.end - win.start) * 0.03 };
  const app = {
    c: loaded.c,
    t: t0,
    win: clampWindow(win, bounds),
    view: initial.view,
    cats: link.cats,
    q: initial.q,
    sel: link.sel,
    speed: initial.speed,
    slow: initial.slow,
    fade: initial.fade,
    loop: initial.loop,
    utc: initial.utc,
    fmt: initial.fmt,
    embed: initial.embed,
    local: initial.local,
    layers: initial.layers,
    // A dataset with a story opens in story mode, unless the link asks for
    // explore mode or names a moment, an event or a view; without one, neither.
    mode: chapters.length ? initial.mode ?? (initial.t === null && !link.sel && !initial.view ? 'story' : 'explore') : null,
    chapter: null,
    filtered: events,
    shownIds: new Set(),
    pacing: null,
  };
  const url = createUrlWriter(() => app);
  flushUrl = () => url.flush();
  // A first visit to the start (not a link to a moment) is told to press Play.
  const hint = createHint({ root: $('hint'), show: initial.t === null && !link.sel, onDismiss: () => placeCaption() });
  let opener = null; // the list item a panel was opened from, to return focus to
  const layout = createLayout({ onDrawer: () => list.follow() });

  // The parts of the map under the sidebar and the panel, where labels would be hidden.
  const coveredBoxes = () => {
    const i = layout.insets();
    const { x: w, y: h } = map.getSize();
    return [{ x: 0, y: 0, w: i.left, h }, { x: w - i.right, y: 0, w: i.right, h }, { x: 0, y: 0, w, h: i.top }, { x: 0, y: h - i.bottom, w, h: i.bottom }]
      .filter((b) => b.w > 0 && b.h > 0);
  };
  const mapView = createMap({
    L: window.L, container: $('map'), places, insets: layout.insets, reserve: () => [...markers.boxes(), ...coveredBoxes()],
    layers: app.layers, onLayers(layers) { app.layers = layers; url.schedule(); },
  });
  const { map } = mapView;
  const markers = createMarkers({
    L: window.L, map, events,
    onSelect(ev) {
      opener = null;
      select(ev.id);
      // The panel opens over the map: move the marker clear of it.
      mapView.reveal(markers.boundsOf(ev));
    },
  });
  const offscreen = createOffscreen({
    map, insets: layout.insets,
    onReveal(ev) {
      select(ev.id);
      mapView.reveal(markers.boundsOf(ev));
    },
  });
  // A movement too small to see at this zoom gets a close-up in a corner.
  const magnifier = createMagnifier({
    L: window.L, map, events, places, insets: layout.insets, avoid: () => [$('caption-card')],
    state: () => ({ t: app.t, playing: player.playing || Boolean(recording), selected: byId.get(app.sel) ?? null, shown: app.shownIds, fadeMs: fadeById(app.fade).ms }),
    onSelect: (ev) => goTo(ev, 'inset'),
  });
  const hover = (id, on) => {
    markers.highlight(id, on);
    timeline.highlight(id, on);
    list.highlight(id, on);
  };
  const timeline = createTimeline({
    root: $('timeline'), events, bounds, onWindow: setWindow, onSelect: goTo, onHover: hover,
    onScrub(t, phase) {
      if (phase === 'start') player.stop();
      setTime(t, { source: 'scrub' });
    },
  });
  const overview = createOverview({ root: $('overview'), events, bounds, onWindow: setWindow });
  const list = createList({ root: $('event-list'), status: $('list-status'), events, onSelect: goTo, onHover: hover });
  const panel = createPanel({ root: $('panel'), onClose: closePanel, onSelect: goTo });
  const legend = createLegend({
    root: $('legend'), search: $('search'), categories,
    onSearch: (q) => setFilter({ q }),
    onToggle: (id) => setFilter({ cats: toggleCategory(app.cats, id, allCatIds) }),
    onOnly: (id) => setFilter({ cats: new Set([id]) }),
    onAll: () => setFilter({ cats: null }),
  });
  const announcer = createAnnouncer($('announcer'));
  const player = createPlayer({
    getTime: () => app.t,
    setTime: (t) => setTime(t, { source: 'play' }),
    rate: (t) => rateAt(t, { base: baseRate(), pacing: app.pacing, slow: app.slow }),
    boundary: (t) => nextBoundary(t, { pacing: app.pacing, slow: app.slow }),
    dwell: (t) => dwellAt(t, { pacing: app.pacing, slow: app.slow }),
    range: () => recording ?? story?.chapter ?? bounds,
    loop: () => app.loop && !story?.chapter && !recording,
    onChange(on) {
      controls.setPlaying(on);
      if (on) hint.dismiss();
      if (on) list.follow();
      story?.playing(on, app.t);
      if (!on) recordingDone?.();
      renderCaption();
      magnifier.refresh();
    },
  });
  const controls = createControls({
    onPlay: () => player.toggle(),
    onPrev: () => step(-1),
    onNext: () => step(1),
    onSpeed: (id) => setOption('speed', id),
    onFade: (id) => setOption('fade', id),
    onToggle: (name, on) => setOption(name, on),
    onZoom: (f) => timeline.zoom(f),
    onZoomAll: () => setWindow(bounds),
  });
  const exporter = createExporter({
    link: $('export'), select: $('export-format'),
    params: () => ({ t: app.t, cats: app.cats, allIds: allCatIds, q: app.q, format: app.fmt, collection: current.id }),
    onFormat: (f) => setOption('fmt', f),
    fileFor: current.local ? (p) => localFile({ features, chronomap: current.chronomap, type: 'FeatureCollection' }, events, p, current.name) : null,
  });
  collectionSwitch.onLeave(() => {
    player.stop();
    url.flush();
    url.stop();
  });

  function renderTime({ pulse = false } = {}) {
    const t = app.t;
    if (markers.update(t, { fadeMs: fadeById(app.fade).ms, shown: app.shownIds, pulse })) {
      mapView.setActivePlaces(markers.isShown);
    }
    offscreen.update(markers.fresh(0.85));
    timeline.setTime(t);
    overview.setTime(t);
    const cur = list.setTime(t);
    const clock = readoutAt(t, { zone, utc: app.utc });
    controls.setReadout(clock.primary, clock.secondary);
    timeline.setOffset(clock.offset);
    $('timeline').setAttribute('aria-valuenow', String(t));
    $('timeline').setAttribute('aria-valuetext', clock.primary);
    renderCaption();
    magnifier.refresh();
    announcer.current(cur, {
      playing: player.playing,
      text: cur && `${formatTime(cur.start, { offset: cur.startOffset, precision: cur.precision })}, ${cur.placeLabel}: ${cur.title}`,
    });
    exporter.update(lastStartedIndex(app.filtered, t) + 1);
  }

  function setTime(t, { source = 'set' } = {}) {
    const next = clampT(t);
    if (next === app.t && source !== 'init') return;
    app.t = next;
    renderTime({ pulse: source !== 'init' });
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

  function setFilter(change) {
    Object.assign(app, change);
    app.filtered = applyFilter(events, { cats: app.cats, q: app.q });
    app.shownIds = new Set(app.filtered.map((e) => e.id));
    repace();
    markers.update(app.t, { fadeMs: fadeById(app.fade).ms, shown: app.shownIds });
    mapView.setActivePlaces(markers.isShown);
    timeline.setFilter(app.shownIds);
    overview.setFilter(app.shownIds);
    list.setFilter(app.shownIds);
    legend.update({ cats: app.cats, counts: countsByCategory(events, app.q), q: app.q });
    renderTime();
    url.schedule();
  }

  function setOption(name, value) {
    app[name] = value;
    controls.reflect(app);
    if (name === 'speed' || name === 'slow') repace();
    if (name === 'utc') {
      list.setTimes({ zone, utc: value });
      refreshPanel();
    }
    renderTime();
    url.schedule();
  }

  function refreshPanel() {
    const ev = byId.get(app.sel);
    if (ev) panel.show(ev, { neighbours: neighboursOf(ev, app.filtered), utc: app.utc });
  }

  function select(id, { focus = false } = {}) {
    app.sel = id;
    markers.select(id);
    timeline.setSelected(id);
    list.setSelected(id);
    if (id) {
      refreshPanel();
      if (focus) panel.focus();
    } else {
      panel.hide();
    }
    layout.panelChanged(Boolean(id));
    magnifier.refresh();
    url.schedule();
  }

  function closePanel() {
    select(null);
    if (opener?.isConnected) opener.focus();
    opener = null;
  }

  /** From the list, timeline or panel: go to the moment the event is seen whole, select it, bring it into view. */
  function goTo(ev, source) {
    player.stop();
    opener = source === 'list' ? document.activeElement : null;
    setTime(wholeAt(ev), { source: 'jump' });
    layout.closeDrawer();
    select(ev.id, { focus: source === 'list' });
    mapView.reveal(markers.boundsOf(ev));
  }

  /**
   * Previous or next event start among the filtered ones. The map pans to
   * a near event but does not fly across the world for a far one: the
   * chip at the map's edge points to it.
   */
  function step(dir) {
    if (story.active) {
      story.step(dir);
      return;
    }
    const shown = app.filtered;
    const ev = dir > 0 ? shown.find((e) => e.start > app.t) : shown.findLast((e) => e.start < app.t);
    if (!ev) return;
    player.stop();
    setTime(ev.start, { source: 'jump' });
    list.follow();
    if (panel.open) select(ev.id);
    mapView.reveal(markers.boundsOf(ev), { far: false });
  }


  // --- Story mode, the caption and pacing ---------------------------------

  let recording = null; // the range a recording plays, while it runs
  const caption = createCaption({
    onPrev: () => story.step(-1),
    onNext: () => story.step(1),
    onPick: (id) => byId.has(id) && goTo(byId.get(id), 'caption'),
  });
  const story = createStoryMode({
    chapters, caption, player, reducedMotion,
    now: () => app.t,
    show: showChapter,
    explore: showExplore,
    flyTo(view, { animate }) {
      return new Promise((resolve) => {
        map.once('moveend', () => resolve());
        if (animate) map.flyTo([view.lat, view.lng], view.zoom, { duration: 1.4 });
        else map.setView([view.lat, view.lng], view.zoom, { animate: false });
      });
    },
    onChange() {
      // A chapter plays at its own pace, not the Speed menu's.
      $('speed').disabled = story.active;
      app.mode = chapters.length ? (story.active ? 'story' : 'explore') : null;
      app.chapter = story.active ? story.number : null;
      url.schedule();
    },
  });

  /** The speed pacing starts from: the chapter's pace in story mode, else the chosen speed. */
  function baseRate() {
    return story?.chapter?.rate ?? speedById(app.speed).rate;
  }

  /** Pacing for the events shown at the base speed, dwelling on the key events; the skipped stretches marked. */
  function repace() {
    const ch = story?.chapter;
    app.pacing = buildPacing(app.filtered, { base: baseRate(), keys: ch ? new Set(ch.keys.map((e) => e.id)) : keys });
    const gaps = app.slow ? app.pacing.gaps : [];
    timeline.setGaps(gaps);
    overview.setGaps(gaps);
  }

  let chapterStartT = null; // a link's time inside the chapter it opens
  function showChapter(ch) {
    const t = chapterStartT ?? ch.start;
    chapterStartT = null;
    markers.setKeys(new Set(ch.keys.map((e) => e.id)));
    repace();
    const pad = (ch.end - ch.start) * 0.04;
    setWindow({ start: ch.start - pad, end: ch.end + pad });
    setTime(t, { source: 'jump' });
    renderCaption();
    placeCaption({ clear: true });
  }

  function showExplore() {
    markers.setKeys(new Set());
    repace();
    renderCaption();
  }

  /** The caption's key event now: the chapter's latest, or in explore mode a fresh one while playing. */
  function renderCaption() {
    const ch = story?.chapter;
    let ev = null;
    if (ch) ev = newestKey(ch.keys, app.t, { since: ch.start });
    else if (player?.playing || recording) ev = newestKey(keyEvents, app.t, { since: app.t - baseRate() * CAPTION_SECONDS });
    if (ev && !app.shownIds.has(ev.id)) ev = null;
    const mode = ch ? 'story' : ev ? 'explore' : 'off';
    const changed = mode !== caption.mode || (ev?.id ?? null) !== caption.shownId;
    if (mode !== caption.mode) caption.setMode(mode);
    caption.setNow(ev, ev && captionLine(ev, { zone, utc: app.utc }));
    if (changed) placeCaption();
  }

  /**
   * Puts the caption in a corner of the map's clear part that hides none of
   * the chapter's key events (or the one named); with clear set, once after
   * a chapter's flight, the map moves them out from under it if every
   * corner would hide one.
   */
  function placeCaption({ clear = false } = {}) {
    const ch = story?.chapter;
    const named = byId.get(caption.shownId);
    const targets = ch ? ch.keys : named ? [named] : [];
    const points = targets.flatMap((ev) => {
      const b = markers.boundsOf(ev);
      return [b.getNorthWest(), b.getSouthEast()].map((ll) => map.latLngToContainerPoint(ll));
    });
    const insets = layout.insets();
    const m = $('map').getBoundingClientRect();
    // The first-visit hint stands over the map's foot, by Play: clear of it too.
    if ($('hint').getClientRects().length) insets.bottom = Math.max(insets.bottom, m.bottom - $('hint').getBoundingClientRect().top + 8);
    const area = clearArea(map.getSize(), insets);
    const a = document.querySelector('.app').getBoundingClientRect();
    const spot = caption.place({ area, origin: { x: m.left - a.left, y: m.top - a.top }, points, prefer: ch ? 'top' : 'bottom' });
    if (clear && spot?.covered.length) {
      const { dx, dy } = clearShift({ area, box: spot.box, points });
      map.panBy([-dx, -dy], { animate: !reducedMotion.matches });
    }
  }
  map.on('moveend zoomend resize', () => placeCaption());

  // --- Picture and recording ----------------------------------------------

  let recordingDone = null;
  /** Plays range for a recording; resolves when playback stops (at its end, or Stop). */
  function playRange(range) {
    return new Promise((resolve) => {
      recording = { start: range.start, end: range.end };
      setTime(range.start, { source: 'jump' });
      recordingDone = () => {
        recording = null;
        recordingDone = null;
        resolve();
      };
      player.start();
    });
  }

  function wireRecorder() {
    const day = (t) => formatDate(t, zone.offsetAt(t));
    createRecorder({
      scene: () => ({
        container: $('map'),
        caption: { root: $('caption'), card: $('caption-card'), parts: [$('caption-chapter'), $('caption-now')] },
        clock: readoutAt(app.t, { zone, utc: app.utc }).primary,
        credits: `${current.title ?? current.id} · Chronomap · basemap Natural Earth`,
      }),
      slug: () => current.id,
      now: () => app.t,
      ranges: () => ({
        chapter: story.chapter && {
          label: `Chapter ${story.number}: ${story.chapter.title}`, start: story.chapter.start, end: story.chapter.end,
        },
        window: { label: `The timeline's window, ${day(app.win.start)} to ${day(app.win.end)}`, start: app.win.start, end: app.win.end },
      }),
      play: playRange,
      stop: () => player.stop(),
      fail,
    });
  }
  wireRecorder();

  /** Opens story mode at the link's chapter (and time within it), or explore mode. */
  function startStory() {
    repace();
    if (app.mode !== 'story') {
      showExplore();
      story.leave();
      return;
    }
    const i = chapterIndex(initial.chapter, chapters.length);
    const ch = chapters[i];
    if (initial.t !== null && initial.t >= ch.start && initial.t <= ch.end) chapterStartT = initial.t;
    story.go(i, { animate: false }).then(() => placeCaption({ clear: true }));
  }

  wirePage({ player, step, timeline, panel, closePanel, layout, setTime, bounds, map, app, url });
  // Print on the paper's size, then back.
  for (const ev of ['beforeprint', 'afterprint']) window.addEventListener(ev, () => map.invalidateSize({ animate: false }));
  const region = regionBounds(events);
  const home = datasetView(loaded.current);
  const goHome = () => (home ? map.setView([home.lat, home.lng], home.zoom) : mapView.fitRegion(region));
  addHomeControl({ L: window.L, map, onHome: goHome });
  if (app.view) mapView.open(app.view.lat, app.view.lng, app.view.zoom);
  else if (home) mapView.open(home.lat, home.lng, home.zoom);
  else mapView.fitRegion(region);

  controls.reflect(app);
  list.setTimes({ zone, utc: app.utc });
  $('timeline').setAttribute('aria-valuemin', String(bounds.start));
  $('timeline').setAttribute('aria-valuemax', String(bounds.end));
  setWindow(app.win);
  setFilter({});
  setTime(app.t, { source: 'init' });
  if (app.sel) select(app.sel);
  list.follow();
  // A link to an event without a map view brings the event into view.
  if (linked && app.sel && !initial.view) mapView.reveal(markers.boundsOf(linked));
  startStory();
  document.documentElement.dataset.ready = 'true';
  // Live data: reopen where we are when the server's data changes.
  // live.js is loaded now, not with the page, which shows without it.
  if (!current.local) {
    import('./live.js').then(({ watchCollection }) => watchCollection({ id: current.id, onChange: () => { url.flush(); window.location.reload(); } }));
  }
}

boot();
