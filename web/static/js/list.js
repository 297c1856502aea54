// The events as a list in time order: the keyboard and screen-reader path
// through the story. Items are real buttons; the current event (the latest
// started) is marked with aria-current and kept in view unless the user
// has just scrolled the list.

import { h, swatch } from './dom.js';
import { clockTime, clockNote } from './zone.js';
import { countOf } from './format.js';

const USER_SCROLL_GRACE = 5000;

export function createList({ root, status, events, onSelect, onHover }) {
  const items = events.map((ev) => {
    const time = h('span', { class: 'ev-time' });
    const zone = h('span', { class: 'ev-zone' });
    const button = h('button', { type: 'button', class: 'ev-item', 'data-event-id': ev.id },
      h('span', { class: `ev-swatch ${ev.cls}` }, swatch(ev.shape)),
      h('span', { class: 'ev-text' },
        h('span', { class: 'ev-when' }, time, zone),
        h('span', { class: 'ev-title', dir: 'auto' }, ev.title),
        h('span', { class: 'ev-place', dir: 'auto' }, ev.placeLabel)));
    button.addEventListener('click', () => onSelect(ev, 'list'));
    button.addEventListener('pointerenter', () => onHover(ev.id, true));
    button.addEventListener('pointerleave', () => onHover(ev.id, false));
    const li = h('li', { class: 'ev-row future' }, button);
    root.append(li);
    return { ev, li, button, time, zone, past: false };
  });
  const byId = new Map(items.map((it) => [it.ev.id, it]));

  let current = null;
  let userScrolledAt = -Infinity;
  let autoScrollAt = -Infinity;
  let shownIds = new Set(events.map((e) => e.id));

  const scroller = root.closest('.sidebar-scroll') ?? root;
  scroller.addEventListener('scroll', () => {
    if (performance.now() - autoScrollAt > 120) userScrolledAt = performance.now();
  }, { passive: true });

  function keepInView(li) {
    if (performance.now() - userScrolledAt < USER_SCROLL_GRACE) return;
    const top = li.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    const view = scroller.clientHeight;
    if (top >= scroller.scrollTop + 8 && top + li.offsetHeight <= scroller.scrollTop + view - 8) return;
    autoScrollAt = performance.now();
    scroller.scrollTop = Math.max(0, top - view / 3);
  }

  // Every row on the page's one clock, so rows read in order; an event in
  // another zone adds its own local time. Dates alone stay local.
  let note = '';
  function setTimes({ zone, utc }) {
    for (const it of items) {
      const { time, aside } = clockTime(it.ev, { zone, utc });
      it.time.textContent = time;
      it.zone.textContent = aside ? ` · ${aside}` : '';
    }
    note = clockNote({ zone, utc });
    countShown();
  }

  function countShown() {
    const n = items.reduce((k, it) => k + (it.li.hidden ? 0 : 1), 0);
    const count = n === items.length ? countOf(n, 'event') : `${n} of ${countOf(items.length, 'event')} match`;
    status.textContent = note ? `${count} · ${note}` : count;
  }

  return {
    setTimes,
    setFilter(ids) {
      shownIds = ids;
      for (const it of items) it.li.hidden = !ids.has(it.ev.id);
      countShown();
    },
    /** Marks past, current and future at t; returns the current event or null. */
    setTime(t) {
      let cur = null;
      for (const it of items) {
        const past = it.ev.start <= t;
        if (past !== it.past) {
          it.past = past;
          it.li.classList.toggle('past', past);
          it.li.classList.toggle('future', !past);
        }
        if (past && shownIds.has(it.ev.id)) cur = it;
      }
      if (cur !== current) {
        current?.button.removeAttribute('aria-current');
        current?.li.classList.remove('current');
        current = cur;
        if (cur) {
          cur.button.setAttribute('aria-current', 'true');
          cur.li.classList.add('current');
          keepInView(cur.li);
        }
      }
      return cur?.ev ?? null;
    },
    setSelected(id) {
      for (const it of items) it.li.classList.toggle('selected', it.ev.id === id);
    },
    highlight(id, on) {
      byId.get(id)?.li.classList.toggle('hover', on);
    },
    /** Resume following the playhead (after play, next, previous). */
    follow() {
      userScrolledAt = -Infinity;
      if (current) keepInView(current.li);
    },
  };
}
