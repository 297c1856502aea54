// The timeline: a zoomable track of event marks with an axis and a
// playhead to drag (mouse, pen or touch; two fingers pinch to zoom; the
// wheel zooms, or pans with Shift). Layout is redone when the window, size
// or filter changes; per frame only the playhead and the marks that became
// past or future change.

import { s, SHAPES, wheelUnit } from './dom.js';
import { scale, ticks, zoomWindow, panWindow, assignLanes, precisionRange } from './timescale.js';

const LANES = 4;
const LANE_H = 10;
const MARKS_TOP = 9;
const AXIS_Y = MARKS_TOP + LANES * LANE_H + 4;

/** underlay: drawn under the marks when given (a density histogram at scale). */
export function createTimeline({ root, events, bounds, onWindow, onScrub, onSelect, onHover, underlay = null }) {
  const svg = s('svg', { class: 'tl-svg', 'aria-hidden': 'true' }, root);
  const bg = s('rect', { class: 'tl-bg', x: 0, y: 0 }, svg);
  const gapsG = s('g', { class: 'tl-gaps' }, svg);
  const axis = s('g', { class: 'tl-axis' }, svg);
  const marksG = s('g', { class: 'tl-marks' }, svg);
  const playhead = s('g', { class: 'tl-playhead' }, svg);
  const line = s('line', { y1: 0, x1: 0, x2: 0 }, playhead);
  s('path', { class: 'tl-knob', d: 'M-6,0H6V5L0,11L-6,5Z' }, playhead);
  const context = root.appendChild(document.createElement('span'));
  context.className = 'tl-context';

  let width = 0;
  let height = 0;
  let win = { ...bounds };
  let offset = 0;
  let t = bounds.start;
  let shown = new Set(events.map((e) => e.id));
  let sc = scale(win, 1);
  let gaps = [];

  const marks = events.map((ev) => {
    const g = s('g', { class: `tl-mark ${ev.cls} shape-${ev.shape}`, 'data-event-id': ev.id });
    // When the time is known only to the day or hour, that whole stretch.
    const range = precisionRange(ev);
    const fuzz = range ? s('rect', { class: `tl-fuzz fuzz-${ev.precision}`, y: -4.5, height: 9, rx: 2 }, g) : null;
    const span = ev.hasEnd ? s('rect', { class: 'tl-span', y: -2.5, height: 5, rx: 2.5 }, g) : null;
    s('path', { class: 'tl-dot', d: SHAPES[ev.shape] ?? SHAPES.circle, transform: 'scale(0.55)' }, g);
    s('title', {}, g).textContent = ev.title;
    marksG.append(g);
    return { ev, g, span, fuzz, range, past: null };
  });
  const markOf = new Map(marks.map((m) => [m.g, m]));

  // The context (the day or year at the left edge) sits at the start of
  // the label row; tick labels that would run under it are left out.
  function layoutAxis() {
    axis.replaceChildren();
    const { ticks: list, context: ctx } = ticks(win, width, { offset });
    context.textContent = ctx;
    const clear = context.offsetWidth + 8;
    for (const tk of list) {
      const x = sc.toX(tk.t);
      s('line', { class: tk.major ? 'tl-tick major' : 'tl-tick', x1: x, x2: x, y1: tk.major ? 0 : AXIS_Y - 4, y2: AXIS_Y + 4 }, axis);
      if (x + 3 >= clear) {
        s('text', { class: tk.major ? 'tl-label major' : 'tl-label', x: x + 3, y: AXIS_Y + 15 }, axis).textContent = tk.label;
      }
    }
    s('line', { class: 'tl-baseline', x1: 0, x2: width, y1: AXIS_Y, y2: AXIS_Y }, axis);
  }

  function layoutMarks() {
    const visible = marks.filter((m) => shown.has(m.ev.id));
    const items = visible.map((m) => {
      const x0 = sc.toX(m.ev.start);
      return { x0: x0 - 5, x1: Math.max(x0 + 5, m.span ? sc.toX(m.ev.end) : 0) };
    });
    const lanes = assignLanes(items, { lanes: LANES, gap: 2 });
    for (const m of marks) m.g.classList.toggle('filtered-out', !shown.has(m.ev.id));
    visible.forEach((m, i) => {
      const x = sc.toX(m.ev.start);
      m.g.setAttribute('transform', `translate(${x.toFixed(1)},${MARKS_TOP + lanes[i] * LANE_H + LANE_H / 2})`);
      if (m.span) m.span.setAttribute('width', Math.max(0, sc.toX(m.ev.end) - x).toFixed(1));
      if (m.fuzz) {
        m.fuzz.setAttribute('x', (sc.toX(m.range.start) - x).toFixed(1));
        m.fuzz.setAttribute('width', Math.max(0, sc.toX(m.range.end) - sc.toX(m.range.start)).toFixed(1));
      }
    });
  }

  // Stretches that playback skips quickly: a hatched band, named when it has room.
  function layoutGaps() {
    gapsG.replaceChildren();
    for (const g of gaps) {
      const x0 = Math.max(-2, sc.toX(g.start));
      const x1 = Math.min(width + 2, sc.toX(g.end));
      if (x1 - x0 < 3) continue;
      s('rect', { class: 'tl-gap', x: x0, y: MARKS_TOP - 6, width: x1 - x0, height: AXIS_Y - MARKS_TOP + 6 }, gapsG);
      if (x1 - x0 > 70) s('text', { class: 'tl-gap-label', x: (x0 + x1) / 2, y: MARKS_TOP + 2 * LANE_H + 4 }, gapsG).textContent = '≫ skipped';
    }
  }

  function layout() {
    if (!width) return;
    sc = scale(win, width);
    layoutGaps();
    layoutAxis();
    layoutMarks();
    underlay?.draw({ sc, width, height, top: MARKS_TOP - 4, bottom: AXIS_Y });
    drawTime();
  }

  function drawTime() {
    const x = sc.toX(t);
    playhead.setAttribute('transform', `translate(${x.toFixed(1)},0)`);
    playhead.classList.toggle('offscreen', x < 0 || x > width);
    for (const m of marks) {
      const past = m.ev.start <= t;
      if (past !== m.past) {
        m.past = past;
        m.g.classList.toggle('future', !past);
      }
    }
  }

  function resize() {
    width = root.clientWidth;
    height = root.clientHeight;
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    bg.setAttribute('width', width);
    bg.setAttribute('height', height);
    line.setAttribute('y2', height);
    layout();
  }
  new ResizeObserver(resize).observe(root);

  // Pointers: one drags the playhead (or clicks a mark), two pinch-zoom.
  const pointers = new Map();
  let mode = null;
  let downMark = null;
  let downX = 0;
  let pinch = null;
  const localX = (e) => e.clientX - root.getBoundingClientRect().left;
  const timeAtX = (x) => sc.toTime(Math.min(Math.max(x, 0), width));

  function startPinch() {
    const [a, b] = [...pointers.values()];
    pinch = { d: Math.max(20, Math.abs(a - b)), mid: sc.toTime((a + b) / 2), win: { ...win } };
  }

  root.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    root.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, localX(e));
    if (pointers.size === 2) {
      if (mode === 'scrub') onScrub(t, 'end');
      mode = 'pinch';
      startPinch();
      return;
    }
    if (pointers.size > 2) return;
    downX = localX(e);
    downMark = markOf.get(e.target.closest('.tl-mark')) ?? null;
    mode = downMark ? 'mark' : 'scrub';
    if (mode === 'scrub') onScrub(timeAtX(downX), 'start');
  });
  root.addEventListener('pointermove', (e) => {
    if (!pointers.has(e.pointerId)) return;
    const x = localX(e);
    pointers.set(e.pointerId, x);
    if (mode === 'mark' && Math.abs(x - downX) > 4) {
      mode = 'scrub';
      onScrub(timeAtX(x), 'start');
    } else if (mode === 'scrub') {
      onScrub(timeAtX(x), 'move');
    } else if (mode === 'pinch' && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const span = (pinch.win.end - pinch.win.start) * (pinch.d / Math.max(20, Math.abs(a - b)));
      const start = pinch.mid - ((a + b) / 2 / width) * span;
      onWindow(zoomWindow({ start, end: start + span }, { factor: 1, anchor: pinch.mid, bounds }));
    }
  });
  const up = (e) => {
    if (!pointers.delete(e.pointerId)) return;
    if (mode === 'mark' && e.type === 'pointerup') onSelect(downMark.ev, 'timeline');
    if (mode === 'scrub') onScrub(t, 'end');
    if (pointers.size === 0) mode = null;
    else if (mode === 'pinch') mode = 'pinched';
  };
  root.addEventListener('pointerup', up);
  root.addEventListener('pointercancel', up);

  root.addEventListener('wheel', (e) => {
    e.preventDefault();
    const unit = wheelUnit(e.deltaMode, width);
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
      onWindow(panWindow(win, ((dx || dy) / width) * (win.end - win.start), bounds));
    } else {
      onWindow(zoomWindow(win, { factor: Math.exp(dy * 0.002), anchor: sc.toTime(localX(e)), bounds }));
    }
  }, { passive: false });

  marksG.addEventListener('pointerover', (e) => {
    const m = markOf.get(e.target.closest('.tl-mark'));
    if (m) onHover(m.ev.id, true);
  });
  marksG.addEventListener('pointerout', (e) => {
    const m = markOf.get(e.target.closest('.tl-mark'));
    if (m) onHover(m.ev.id, false);
  });

  let selected = null;
  return {
    setWindow(w) {
      win = { ...w };
      layout();
    },
    setTime(next) {
      t = next;
      if (width) drawTime();
    },
    setOffset(o) {
      if (o === offset) return;
      offset = o;
      if (width) layoutAxis();
    },
    setFilter(ids) {
      shown = ids;
      if (width) layoutMarks();
    },
    /** The empty stretches playback skips quickly ({start, end}, ms). */
    setGaps(list) {
      gaps = list;
      if (width) layoutGaps();
    },
    setSelected(id) {
      selected?.g.classList.remove('selected');
      selected = marks.find((m) => m.ev.id === id) ?? null;
      if (selected) {
        selected.g.classList.add('selected');
        marksG.append(selected.g);
      }
    },
    highlight(id, on) {
      marks.find((m) => m.ev.id === id)?.g.classList.toggle('hover', on);
    },
    /** Zooms around the playhead when it is in view, else the middle. */
    zoom(factor) {
      const anchor = t >= win.start && t <= win.end ? t : (win.start + win.end) / 2;
      onWindow(zoomWindow(win, { factor, anchor, bounds }));
    },
  };
}
