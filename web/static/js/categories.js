// A collection's categories, as its metadata declares them (the server
// derives them from the events when it declares none): id, label, colour
// and shape, in legend order. They are set once the collection is known;
// colours reach the map, timeline, list and legend as the --c custom
// property of one CSS class per category, and shapes tell categories apart
// without relying on colour.

const SHAPES = new Set(['circle', 'square', 'diamond', 'triangle']);
const COLOUR = /^#[0-9a-f]{6}$/i;

let declared = { list: [], byId: new Map() };

/** Takes a collection's categories ({id, label, color, shape}); malformed entries are dropped. */
export function setCategories(list = []) {
  const good = (list ?? []).filter((c) => typeof c?.id === 'string' && c.id !== '').map((c) => ({
    id: c.id,
    label: typeof c.label === 'string' && c.label ? c.label : c.id,
    color: COLOUR.test(c.color ?? '') ? c.color : null,
    shape: SHAPES.has(c.shape) ? c.shape : 'circle',
  }));
  declared = { list: good, byId: new Map(good.map((c) => [c.id, c])) };
  return good;
}

/** The CSS rules that colour each category's class (ids are slugs, colours checked). */
export function categoryRules(list = declared.list) {
  return list.filter((c) => c.color && /^[a-z0-9-]+$/.test(c.id)).map((c) => `.cat-${c.id} { --c: ${c.color}; }`);
}

/**
 * Installs the category colours in doc as a constructed style sheet: the
 * strict Content-Security-Policy refuses inline styles, not the CSSOM.
 */
export function installCategoryStyles(doc, list = declared.list) {
  const sheet = new doc.defaultView.CSSStyleSheet();
  for (const rule of categoryRules(list)) sheet.insertRule(rule, sheet.cssRules.length);
  const others = doc.adoptedStyleSheets.filter((s) => !s.chronomapCategories);
  sheet.chronomapCategories = true;
  doc.adoptedStyleSheets = [...others, sheet];
}

/** Category metadata; an id the collection does not list is a grey circle labelled by its id. */
export function category(id) {
  return declared.byId.get(id) ?? { id, label: id || 'Other', shape: 'circle', unknown: true };
}

/** CSS class carrying the category colour ("cat-strike", or "cat-other"). */
export function categoryClass(id) {
  return declared.byId.has(id) ? `cat-${id}` : 'cat-other';
}

/** The categories events use: listed ones first in legend order, then others as found, sorted. */
export function categoriesOf(events) {
  const seen = new Set(events.map((e) => e.category));
  const known = declared.list.filter((c) => seen.has(c.id));
  const unknown = [...seen].filter((id) => !declared.byId.has(id)).sort().map(category);
  return [...known, ...unknown];
}
