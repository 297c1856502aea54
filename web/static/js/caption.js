// The caption over the map: in story mode a card with the chapter (title,
// text, Previous/Next) and the key event as it happens; in explore mode a
// line naming the newest key event while playing. It is placed in a corner
// of the map's clear part that covers none of the points it must not hide.

import { clockTime } from './zone.js';

const MARGIN = 12;
// How far (px) a point must stay from the card.
const CLEARANCE = 18;

const inside = (p, b, pad) => p.x > b.x - pad && p.x < b.x + b.w + pad && p.y > b.y - pad && p.y < b.y + b.h + pad;

/**
 * Where a card of size {w, h} goes in area {x, y, w, h} (map pixels): the
 * first of the corners (top left, top right, bottom left, bottom right)
 * whose box keeps clear of every point, else the one hiding the fewest.
 * Returns the box and the points it still hides.
 */
export function placeCaption({ area, card, points = [], prefer = 'top' }) {
  const w = Math.min(card.w, area.w - 2 * MARGIN);
  const h = Math.min(card.h, area.h - 2 * MARGIN);
  const left = area.x + MARGIN;
  const right = area.x + area.w - MARGIN - w;
  const top = area.y + MARGIN;
  const bottom = area.y + area.h - MARGIN - h;
  const rows = prefer === 'bottom' ? [bottom, top] : [top, bottom];
  const boxes = rows.flatMap((y) => [{ x: left, y, w, h }, { x: right, y, w, h }]);
  let best = null;
  for (const box of boxes) {
    const covered = points.filter((p) => inside(p, box, CLEARANCE));
    if (!best || covered.length < best.covered.length) best = { box, covered };
    if (!covered.length) break;
  }
  return best;
}

/**
 * How far (px) to pan the map's content so that points leave box: into the
 * largest free part of area beside the card, centred there. {dx, dy}, zero
 * when nothing is hidden.
 */
export function clearShift({ area, box, points }) {
  if (!points.length) return { dx: 0, dy: 0 };
  const free = [
    { x: area.x, y: area.y, w: area.w, h: box.y - area.y },
    { x: area.x, y: box.y + box.h, w: area.w, h: area.y + area.h - box.y - box.h },
    { x: area.x, y: area.y, w: box.x - area.x, h: area.h },
    { x: box.x + box.w, y: area.y, w: area.x + area.w - box.x - box.w, h: area.h },
  ].reduce((a, b) => (b.w * b.h > a.w * a.h ? b : a));
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const vertical = free.w === area.w;
  return {
    dx: vertical ? 0 : Math.round(free.x + free.w / 2 - cx),
    dy: vertical ? Math.round(free.y + free.h / 2 - cy) : 0,
  };
}

/** An event's time on the page's one clock, as the list gives it, and its place and title. */
export function captionLine(ev, { zone, utc = false }) {
  const { time, aside } = clockTime(ev, { zone, utc });
  return {
    when: `${time}${aside ? ` · ${aside}` : ''} · ${ev.placeLabel ?? ev.short}`,
    title: ev.title,
  };
}

const $ = (id) => document.getElementById(id);

export function createCaption({ onPrev, onNext, onPick }) {
  const root = $('caption');
  const card = $('caption-card');
  const step = $('caption-step');
  const title = $('caption-title');
  const text = $('caption-text');
  const now = $('caption-now');
  const nowWhen = $('caption-when');
  const nowTitle = $('caption-event');
  const prev = $('chapter-prev');
  const next = $('chapter-next');
  prev.addEventListener('click', onPrev);
  next.addEventListener('click', onNext);
  // The key event's title opens its panel.
  nowTitle.addEventListener('click', () => onPick(nowTitle.dataset.eventId));

  let mode = 'off';
  let shownId = null;
  return {
    /** 'story', 'explore' (a line while playing) or 'off'. */
    setMode(m) {
      mode = m;
      root.classList.toggle('story', m === 'story');
      root.classList.toggle('explore', m === 'explore');
      root.hidden = m === 'off';
    },
    setChapter(ch, count) {
      step.textContent = `Chapter ${ch.index + 1} of ${count}`;
      title.textContent = ch.title;
      text.textContent = ch.text;
      prev.disabled = ch.index === 0;
      next.disabled = ch.index === count - 1;
      card.classList.remove('ended');
    },
    /** The chapter has played to its end: Next is the way on. */
    setEnded(on) {
      card.classList.toggle('ended', on);
    },
    /** The key event named now (null: none), with its line from captionLine. */
    setNow(ev, line) {
      const id = ev?.id ?? null;
      if (id === shownId) return;
      shownId = id;
      now.hidden = !ev;
      card.classList.toggle('has-now', Boolean(ev));
      if (!ev) return;
      nowWhen.textContent = line.when;
      nowTitle.textContent = line.title;
      nowTitle.dataset.eventId = id;
    },
    get mode() { return mode; },
    get shownId() { return shownId; },
    /** Puts the card in area (map pixels, offset by the map's position on the page) clear of points. */
    place({ area, origin, points, prefer }) {
      if (root.hidden || (mode === 'explore' && !shownId)) return null;
      card.style.maxWidth = `${Math.max(160, area.w - 2 * MARGIN)}px`;
      const spot = placeCaption({ area, card: { w: card.offsetWidth, h: card.offsetHeight }, points, prefer });
      card.style.left = `${origin.x + spot.box.x}px`;
      card.style.top = `${origin.y + spot.box.y}px`;
      return spot;
    },
  };
}
