// The detail panel for the selected event: when (local and UTC, at the
// precision known), where, what, the figures, notes and sources. A side
// card on wide screens, a bottom sheet on phones.

import { h, swatch } from './dom.js';
import { formatSpan } from './format.js';

const PRECISION = {
  minute: 'Time known to the minute.',
  hour: 'Time known to the hour.',
  day: 'Date known; time of day not given.',
};
const LOCATION = {
  exact: 'Location: the site itself.',
  approximate: 'Location: approximate (the area).',
  city: 'Location: the city centre stands for the place.',
};

// Made when a panel first shows figures: creating it takes several
// milliseconds, which the page's start need not wait for.
let number = null;
const formatNumber = (v) => (number ??= new Intl.NumberFormat('en-GB')).format(v);

function figures(p) {
  const rows = [];
  if (Number.isFinite(p.killed)) rows.push([p.killed, 'killed']);
  if (Number.isFinite(p.injured)) rows.push([p.injured, 'injured']);
  for (const f of Array.isArray(p.figures) ? p.figures : []) {
    if (f && Number.isFinite(f.value)) rows.push([f.value, String(f.label ?? '')]);
  }
  if (!rows.length) return null;
  return h('ul', { class: 'figures', 'aria-label': 'Reported figures' },
    rows.map(([v, label]) => h('li', {}, h('span', { class: 'fig-value' }, formatNumber(v)), ' ', h('span', { class: 'fig-label' }, label))));
}

function sources(list) {
  const items = (Array.isArray(list) ? list : []).filter((src) => /^https?:\/\//.test(src?.url ?? ''));
  if (!items.length) return null;
  return h('section', { class: 'sources', 'aria-labelledby': 'panel-sources' },
    h('h3', { id: 'panel-sources' }, items.length === 1 ? 'Source' : `Sources (${items.length})`),
    h('ol', {}, items.map((src) => h('li', {},
      h('a', { href: src.url, target: '_blank', rel: 'noopener' }, src.title || src.url),
      h('span', { class: 'src-meta' }, [src.publisher, src.date].filter(Boolean).join(', '))))));
}

export function createPanel({ root, onClose, onSelect }) {
  function render(ev, { neighbours = [], utc = false } = {}) {
    const p = ev.props;
    const span = { start: ev.start, startOffset: ev.startOffset, precision: ev.precision };
    if (ev.hasEnd) Object.assign(span, { end: ev.end, endOffset: ev.endOffset });
    const local = formatSpan(span);
    const inUTC = ev.precision === 'day' ? null : formatSpan({ ...span, utc: true });
    const close = h('button', { type: 'button', class: 'panel-close', 'aria-label': 'Close details (Esc)' }, '×');
    close.addEventListener('click', onClose);
    const also = neighbours.length
      ? h('section', { class: 'also' }, h('h3', {}, 'Also at this place'),
        h('ul', {}, neighbours.map((o) => {
          const b = h('button', { type: 'button', class: 'link-button' }, o.title);
          b.addEventListener('click', () => onSelect(o, 'panel'));
          return h('li', {}, b);
        })))
      : null;
    root.replaceChildren(
      h('div', { class: 'panel-head' },
        h('span', { class: `chip ${ev.cls}` }, swatch(ev.shape), ev.categoryLabel),
        close),
      h('div', { class: 'panel-body' },
        h('h2', { id: 'panel-title', tabindex: '-1', dir: 'auto' }, ev.title),
        h('dl', { class: 'facts' },
          h('dt', {}, utc && inUTC ? 'UTC' : 'Local time'), h('dd', { class: 'when-primary' }, utc && inUTC ? inUTC : local),
          inUTC ? h('dt', {}, utc ? 'Local time' : 'UTC') : null,
          inUTC ? h('dd', { class: 'when-secondary' }, utc ? local : inUTC) : null,
          h('dt', {}, 'Place'), h('dd', { dir: 'auto' }, ev.place)),
        h('p', { class: 'summary', dir: 'auto' }, ev.summary),
        figures(p),
        p.note ? h('aside', { class: 'note' }, h('h3', {}, 'Note'), h('p', { dir: 'auto' }, String(p.note))) : null,
        sources(p.sources),
        also,
        h('p', { class: 'precision' }, `${PRECISION[ev.precision] ?? ''} ${LOCATION[ev.locPrecision] ?? ''}`.trim())),
    );
  }

  return {
    show(ev, opts) {
      render(ev, opts);
      root.hidden = false;
      root.scrollTop = 0;
      root.querySelector('.panel-body').scrollTop = 0;
    },
    hide() {
      root.hidden = true;
      root.replaceChildren();
    },
    focus() {
      root.querySelector('#panel-title')?.focus();
    },
    get open() { return !root.hidden; },
  };
}
