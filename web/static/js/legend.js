// The filters: a legend with one toggle button per category (its shape,
// colour and count; Shift-click shows only that category) and the search box.

import { h, swatch } from './dom.js';

export function createLegend({ root, search, categories, onToggle, onOnly, onAll, onSearch }) {
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => onSearch(search.value), 150);
  });

  const buttons = new Map();
  for (const c of categories) {
    const count = h('span', { class: 'legend-count' });
    const b = h('button', {
      type: 'button', class: `legend-item cat-${c.unknown ? 'other' : c.id}`, 'aria-pressed': 'true', 'data-category': c.id,
      title: `Show or hide ${c.label.toLowerCase()} (Shift-click: only these)`,
    }, swatch(c.shape), h('span', { class: 'legend-label' }, c.label), count);
    b.addEventListener('click', (e) => (e.shiftKey ? onOnly(c.id) : onToggle(c.id)));
    buttons.set(c.id, { b, count });
    root.append(b);
  }
  const all = h('button', { type: 'button', class: 'legend-all', hidden: true }, 'Show all');
  all.addEventListener('click', onAll);
  root.append(all);

  return {
    /** cats: Set of shown categories or null for all; counts: Map id → events matching the search. */
    update({ cats, counts, q }) {
      if (search.value !== q && document.activeElement !== search) search.value = q;
      for (const [id, { b, count }] of buttons) {
        const on = !cats || cats.has(id);
        b.setAttribute('aria-pressed', String(on));
        const n = counts.get(id) ?? 0;
        count.textContent = n.toLocaleString('en-GB');
        b.classList.toggle('empty', n === 0);
      }
      all.hidden = !cats;
    },
  };
}
