// The category vocabulary, in legend order. Colours live in CSS (one class
// per category) so the map, timeline, list and legend share them; shapes
// tell the violent categories apart without relying on colour.

export const CATEGORIES = [
  { id: 'strike', label: 'US strikes', shape: 'diamond' },
  { id: 'missile-attack', label: 'Missile attacks', shape: 'triangle' },
  { id: 'attack', label: 'Militia attacks', shape: 'square' },
  { id: 'aviation', label: 'Aviation', shape: 'circle' },
  { id: 'protest', label: 'Protests', shape: 'circle' },
  { id: 'funeral', label: 'Funerals', shape: 'circle' },
  { id: 'politics', label: 'Politics', shape: 'circle' },
  { id: 'diplomacy', label: 'Diplomacy', shape: 'circle' },
  { id: 'sanctions', label: 'Sanctions', shape: 'circle' },
  { id: 'military', label: 'Military moves', shape: 'circle' },
  { id: 'legal', label: 'Legal and inquiries', shape: 'circle' },
];

const BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));

/** Category metadata; unknown categories are grey circles labelled by id. */
export function category(id) {
  return BY_ID.get(id) ?? { id, label: id || 'Other', shape: 'circle', unknown: true };
}

/** CSS class carrying the category colour ("cat-strike", or "cat-other"). */
export function categoryClass(id) {
  return BY_ID.has(id) ? `cat-${id}` : 'cat-other';
}

/** Known categories first in legend order, then unknown ones as found. */
export function categoriesOf(events) {
  const seen = new Set(events.map((e) => e.category));
  const known = CATEGORIES.filter((c) => seen.has(c.id));
  const unknown = [...seen].filter((id) => !BY_ID.has(id)).sort().map(category);
  return [...known, ...unknown];
}
