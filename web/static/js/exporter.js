// The Export button and its Format menu. The download is exactly what the
// map shows (see exportURL) in the chosen format; main.js owns the state.

import { h } from './dom.js';
import { EXPORT_FORMATS, formatById, exportURL } from './api.js';
import { countOf } from './format.js';

/**
 * params() → { t, cats, allIds, q, format, collection } as exportURL takes
 * them. fileFor(params), for a file opened in the browser, which the server
 * does not hold, makes the GeoJSON in the page instead: {href, name}.
 */
export function createExporter({ link, select, params, onFormat, fileFor = null }) {
  for (const f of EXPORT_FORMATS) {
    if (!fileFor || f.id === 'geojson') select.append(h('option', { value: f.id }, f.label));
  }
  select.addEventListener('change', () => onFormat(select.value));

  let enabled = false;
  let made = null;
  link.addEventListener('click', (e) => {
    const href = enabled && exportURL(params());
    if (!href) {
      e.preventDefault();
      return;
    }
    if (fileFor) {
      if (made) URL.revokeObjectURL(made);
      const file = fileFor(params());
      made = file.href;
      link.href = file.href;
      link.download = file.name;
      return;
    }
    link.href = href; // the time of the click, not of the last update
  });

  let last = {};
  return {
    /** Called on every frame; touches the DOM only when what would be exported changes. */
    update(count) {
      const p = params();
      if (count === last.count && p.format === last.format && p.cats === last.cats && p.q === last.q) return;
      last = { count, format: p.format, cats: p.cats, q: p.q };
      const href = count > 0 ? exportURL(p) : null;
      enabled = Boolean(href);
      select.value = fileFor ? 'geojson' : formatById(p.format).id;
      if (href) link.href = href;
      link.classList.toggle('disabled', !enabled);
      link.setAttribute('aria-disabled', String(!enabled));
      link.title = enabled
        ? `Download the ${countOf(count, 'event')} shown as ${formatById(p.format).name}`
        : 'Nothing shown to export';
    },
  };
}
