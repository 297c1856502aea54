// The list at scale: only the rows in view are in the DOM (a grid with
// aria-rowcount / aria-rowindex), placed over a spacer as tall as all of
// them. Times come from the columns; titles and places arrive a page of
// items at a time, fetched as rows come into view.

import { h, swatch, wheelUnit } from '../dom.js';

const ROW_H = 58;
const OVERSCAN = 6;
const USER_SCROLL_GRACE = 5000;
// While playing, the list follows the playhead this often at most: at a
// day a second a hundred thousand events move it rows every frame, and
// each move repaints the sidebar, which the compositor then redraws on the
// CPU (SwiftShader) in the frame's time.
const FOLLOW_MS = 250;
// Browsers cap an element's height (Chromium near 2^25 px) and lose
// precision in large transforms: past this the scrollbar stands for the
// rows at a ratio, and rows are placed around the scroll position.
const MAX_HEIGHT = 4e6;

/** The spacer's height for count rows, and how many list pixels a scrolled pixel stands for. */
export function scrollScale({ count, height, rowH = ROW_H, max = MAX_HEIGHT }) {
  const total = count * rowH;
  if (total <= max) return { spacer: total, ratio: 1 };
  return { spacer: max, ratio: Math.max(1, (total - height) / (max - height)) };
}

/** The rows [from, to) to have in the DOM for a scroll position. */
export function visibleRange({ scrollTop, height, rowH = ROW_H, count, overscan = OVERSCAN, ratio = 1 }) {
  const at = scrollTop * ratio;
  const from = Math.max(0, Math.floor(at / rowH) - overscan);
  const to = Math.min(count, Math.ceil((at + height) / rowH) + overscan);
  return { from, to: Math.max(from, to) };
}

/**
 * How long to wait before the list shows a new current row: 0 at once
 * (paused, or FOLLOW_MS since it last did), else the rest of FOLLOW_MS.
 */
export function followDelay({ now, shownAt, lazy, every = FOLLOW_MS }) {
  return lazy ? Math.max(0, shownAt + every - now) : 0;
}

/**
 * The rows [from, to) widened to the neighbours of the focused row k when
 * k is among them, so that Tab and Shift+Tab find the next row in the DOM.
 */
export function aroundFocus({ from, to }, k, count) {
  if (k < from || k >= to) return { from, to };
  return { from: Math.max(0, Math.min(from, k - 1)), to: Math.min(count, Math.max(to, k + 2)) };
}

/**
 * How far to scroll, in whole scrolled px, for a wheel turn of px when a
 * scrolled pixel stands for ratio of the list's: the rows move as far as
 * the wheel asks, as they do at ratio 1. carry is the part of a pixel left
 * over from the turn before, so that a touchpad's small turns add up;
 * returns the new one.
 */
export function wheelStep({ px, ratio, carry = 0 }) {
  const want = carry + px / ratio;
  const step = Math.trunc(want);
  return { step, carry: want - step };
}

/** Where row k goes in the spacer. */
export const rowTop = ({ k, scrollTop, rowH = ROW_H, ratio = 1 }) => k * rowH - scrollTop * ratio + scrollTop;

/** Where to scroll so row k sits a third of the way down, or null when it is already in view. */
export function scrollFor({ k, scrollTop, height, rowH = ROW_H, ratio = 1 }) {
  const top = k * rowH;
  const at = scrollTop * ratio;
  if (top >= at + 8 && top + rowH <= at + height - 8) return null;
  return Math.max(0, top - height / 3) / ratio;
}

/**
 * row(k) describes the k-th shown event: { id, cls, shape, time, zone,
 * title, place } (title null while its page is loading); onSelect(k).
 */
export function createVirtualList({ scroller, list, label, row, onSelect }) {
  list.hidden = true;
  // tabindex -1: the focus can rest on the grid when its row leaves the DOM.
  const grid = h('div', { class: 'vlist', role: 'grid', 'aria-label': label, 'aria-rowcount': '0', tabindex: '-1' });
  const spacer = h('div', { class: 'vlist-spacer' });
  grid.append(spacer);
  list.after(grid);
  let count = 0;
  let current = -1;
  let selected = null;
  let userScrolledAt = -Infinity;
  let autoScrollTo = null; // where the list last scrolled itself, to tell the user's scrolling from ours
  let frame = null;
  let ratio = 1;
  let shownAt = -Infinity; // when the list last caught up with current
  let follow = null; // the timer that will, while playing

  const built = new Map(); // k → { el, id } for the rows in the DOM

  function build(k) {
    const r = row(k);
    const button = h('button', { type: 'button', class: 'ev-item', 'data-event-id': r.id },
      h('span', { class: `ev-swatch ${r.cls}` }, swatch(r.shape)),
      h('span', { class: 'ev-text' },
        h('span', { class: 'ev-when' }, h('span', { class: 'ev-time' }, r.time), h('span', { class: 'ev-zone' }, r.zone)),
        h('span', { class: 'ev-title' }, r.title ?? '…'),
        h('span', { class: 'ev-place' }, r.place ?? '')));
    button.addEventListener('click', () => onSelect(k));
    const el = h('div', { class: 'ev-row vrow', role: 'row', 'aria-rowindex': String(k + 1) }, h('div', { role: 'gridcell' }, button));
    return { el, button, id: r.id, loaded: r.title !== null };
  }

  /** The row holding the focus, -1 for none. */
  function focusedRow() {
    for (const [k, b] of built) if (b.el.contains(document.activeElement)) return k;
    return -1;
  }

  // Rows are kept while in view, so that as the playhead moves only the
  // classes of the rows that changed are touched. They stand in the DOM in
  // their order, which Tab follows; a row rebuilt keeps the focus, and a
  // focused row that leaves gives it to the grid, not to the page.
  let rendering = false;
  function render() {
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    rendering = true;
    const { scrollTop } = scroller;
    const focused = focusedRow();
    const { from, to } = aroundFocus(visibleRange({ scrollTop, height: scroller.clientHeight, count, ratio }), focused, count);
    for (const [k, b] of built) {
      if (k < from || k >= to || !b.loaded) {
        b.el.remove();
        built.delete(k);
      }
    }
    if (focused >= 0 && (focused < from || focused >= to)) grid.focus({ preventScroll: true });
    let before = null; // the row built last, which row k follows
    for (let k = from; k < to; k++) {
      let b = built.get(k);
      if (!b) {
        b = build(k);
        built.set(k, b);
        if (before) before.after(b.el);
        else spacer.prepend(b.el);
        if (k === focused) b.button.focus({ preventScroll: true });
      }
      before = b.el;
      b.el.style.transform = `translateY(${rowTop({ k, scrollTop, ratio })}px)`;
      b.el.classList.toggle('past', k <= current);
      b.el.classList.toggle('future', k > current);
      b.el.classList.toggle('current', k === current);
      b.el.classList.toggle('selected', b.id === selected);
      if (k === current) b.button.setAttribute('aria-current', 'true');
      else b.button.removeAttribute('aria-current');
    }
    rendering = false;
  }
  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(render);
  };
  // The drawer opening (phones) or the window resizing changes the rows in view.
  new ResizeObserver(() => {
    ratio = scrollScale({ count, height: scroller.clientHeight }).ratio;
    schedule();
  }).observe(scroller);
  // The row Tab reaches is scrolled into view here, where the scroll's
  // ratio puts it (the browser's own scrolling would move the rows by
  // ratio times as much), and the rows after it are there before the next
  // Tab, not a frame later. (Not for the focus render itself moves.)
  grid.addEventListener('focusin', (e) => {
    if (rendering || e.target === grid) return;
    const k = focusedRow();
    const to = k < 0 ? null : scrollFor({ k, scrollTop: scroller.scrollTop, height: scroller.clientHeight, ratio });
    if (to !== null) {
      userScrolledAt = performance.now();
      scroller.scrollTop = to;
    }
    render();
  });
  // Left to the browser, a wheel over the rows would move them ratio times
  // as far as it asks: at 1M events, dozens of rows a notch.
  let wheelCarry = 0;
  grid.addEventListener('wheel', (e) => {
    if (ratio === 1 || e.ctrlKey || e.deltaY === 0) return;
    e.preventDefault();
    const px = e.deltaY * wheelUnit(e.deltaMode, scroller.clientHeight);
    const { step, carry } = wheelStep({ px, ratio, carry: wheelCarry });
    wheelCarry = carry;
    scroller.scrollTop += step;
  }, { passive: false });
  scroller.addEventListener('scroll', () => {
    if (autoScrollTo === null || Math.abs(scroller.scrollTop - autoScrollTo) > 2) {
      userScrolledAt = performance.now();
      autoScrollTo = null;
    }
    schedule();
  }, { passive: true });

  function catchUp() {
    clearTimeout(follow);
    follow = null;
    shownAt = performance.now();
    keepInView();
    schedule();
  }

  function keepInView() {
    if (current < 0 || performance.now() - userScrolledAt < USER_SCROLL_GRACE) return;
    const to = scrollFor({ k: current, scrollTop: scroller.scrollTop, height: scroller.clientHeight, ratio });
    if (to === null) return;
    scroller.scrollTop = to;
    autoScrollTo = scroller.scrollTop;
  }

  return {
    /** A new set of rows (after a filter change). */
    setCount(n) {
      count = n;
      if (focusedRow() >= 0) grid.focus({ preventScroll: true });
      for (const b of built.values()) b.el.remove();
      built.clear();
      grid.setAttribute('aria-rowcount', String(n));
      const sc = scrollScale({ count: n, height: scroller.clientHeight });
      ratio = sc.ratio;
      spacer.style.height = `${sc.spacer}px`;
      schedule();
    },
    /**
     * k: the current row (the latest started), -1 for none. lazy (while
     * playing): shown within FOLLOW_MS rather than at once.
     */
    setCurrent(k, { lazy = false } = {}) {
      if (k === current && (lazy || follow === null)) return;
      current = k;
      const wait = followDelay({ now: performance.now(), shownAt, lazy });
      if (wait > 0) {
        follow ??= setTimeout(catchUp, wait);
        return;
      }
      catchUp();
    },
    setSelected(id) {
      selected = id;
      schedule();
    },
    follow() {
      userScrolledAt = -Infinity;
      keepInView();
    },
    /** Redraws the rows (titles arrived, or the time zone changed). */
    refresh() {
      for (const b of built.values()) b.loaded = false;
      schedule();
    },
  };
}
