// The whole period in a thin strip under the timeline: a tick per event,
// the playhead, and the timeline's window as a box to drag (move) or to
// resize by its edges. A press outside the box centres the window there.

import { s } from './dom.js';
import { scale, clampWindow } from './timescale.js';

const EDGE = 8;

/** underlay: drawn under the window box when given (a density histogram at scale). */
export function createOverview({ root, events, bounds, onWindow, underlay = null }) {
  const svg = s('svg', { class: 'ov-svg', 'aria-hidden': 'true' }, root);
  const gapsG = s('g', { class: 'ov-gaps' }, svg);
  const ticksG = s('g', { class: 'ov-ticks' }, svg);
  const box = s('rect', { class: 'ov-window', y: 1, rx: 3 }, svg);
  const leftHandle = s('rect', { class: 'ov-handle', y: 3, width: 4, rx: 2 }, svg);
  const rightHandle = s('rect', { class: 'ov-handle', y: 3, width: 4, rx: 2 }, svg);
  const head = s('line', { class: 'ov-playhead', y1: 0 }, svg);
  const marks = events.map((ev) => ({ ev, el: s('rect', { class: `ov-tick ${ev.cls}`, width: 2, y: 4 }, ticksG) }));

  let width = 0;
  let height = 0;
  let win = { ...bounds };
  let t = bounds.start;
  let sc = scale(bounds, 1);
  let gaps = [];

  function drawGaps() {
    gapsG.replaceChildren();
    for (const g of gaps) {
      const x0 = sc.toX(g.start);
      const w = sc.toX(g.end) - x0;
      if (w >= 2) s('rect', { class: 'ov-gap', x: x0, y: 0, width: w, height }, gapsG);
    }
  }

  function drawWindow() {
    const x0 = sc.toX(win.start);
    const x1 = sc.toX(win.end);
    const w = Math.max(6, x1 - x0);
    const x = Math.min(x0, width - w);
    box.setAttribute('x', x.toFixed(1));
    box.setAttribute('width', w.toFixed(1));
    leftHandle.setAttribute('x', (x - 1).toFixed(1));
    rightHandle.setAttribute('x', (x + w - 3).toFixed(1));
  }

  function layout() {
    sc = scale(bounds, width);
    for (const m of marks) {
      m.el.setAttribute('x', (sc.toX(m.ev.start) - 1).toFixed(1));
      m.el.setAttribute('height', Math.max(2, height - 8));
    }
    for (const hd of [leftHandle, rightHandle]) hd.setAttribute('height', Math.max(2, height - 6));
    box.setAttribute('height', Math.max(2, height - 2));
    head.setAttribute('y2', height);
    underlay?.draw({ sc, width, height, top: 2, bottom: height - 2 });
    drawGaps();
    drawWindow();
    drawTime();
  }

  function drawTime() {
    const x = sc.toX(t).toFixed(1);
    head.setAttribute('x1', x);
    head.setAttribute('x2', x);
  }

  new ResizeObserver(() => {
    width = root.clientWidth;
    height = root.clientHeight;
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    layout();
  }).observe(root);

  let drag = null;
  const localX = (e) => e.clientX - root.getBoundingClientRect().left;

  root.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    root.setPointerCapture(e.pointerId);
    const x = localX(e);
    const x0 = sc.toX(win.start);
    const x1 = sc.toX(win.end);
    const span = win.end - win.start;
    if (Math.abs(x - x0) <= EDGE && x1 - x0 > 2 * EDGE) drag = { kind: 'start' };
    else if (Math.abs(x - x1) <= EDGE) drag = { kind: 'end' };
    else if (x > x0 && x < x1) drag = { kind: 'move', grab: sc.toTime(x) - win.start };
    else {
      drag = { kind: 'move', grab: span / 2 };
      onWindow(clampWindow({ start: sc.toTime(x) - span / 2, end: sc.toTime(x) + span / 2 }, bounds));
    }
  });
  root.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const at = sc.toTime(localX(e));
    if (drag.kind === 'move') {
      const start = at - drag.grab;
      onWindow(clampWindow({ start, end: start + (win.end - win.start) }, bounds));
    } else if (drag.kind === 'start') {
      onWindow(clampWindow({ start: Math.min(at, win.end - 1), end: win.end }, bounds));
    } else {
      onWindow(clampWindow({ start: win.start, end: Math.max(at, win.start + 1) }, bounds));
    }
  });
  const end = () => { drag = null; };
  root.addEventListener('pointerup', end);
  root.addEventListener('pointercancel', end);

  return {
    setWindow(w) {
      win = { ...w };
      if (width) drawWindow();
    },
    setTime(next) {
      t = next;
      if (width) drawTime();
    },
    setFilter(ids) {
      for (const m of marks) m.el.classList.toggle('filtered-out', !ids.has(m.ev.id));
    },
    /** The empty stretches playback skips quickly. */
    setGaps(list) {
      gaps = list;
      if (width) drawGaps();
    },
  };
}
