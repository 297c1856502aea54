// Small DOM helpers: elements with attributes and text, never HTML strings
// built from data.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element: h('button', { class: 'x', type: 'button' }, 'text' | Node, …). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** An SVG element, appended to parent when given. */
export function s(tag, attrs = {}, parent = null) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  if (parent) parent.append(el);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

/**
 * Pixels a unit of a wheel event's deltas stands for, as its deltaMode
 * says: pixels, lines (16 px; Firefox counts in lines) or pages of page px.
 */
export const wheelUnit = (deltaMode, page) => (deltaMode === 1 ? 16 : deltaMode === 2 ? page : 1);

/** The marker shapes, in a -10..10 box, shared by the map, timeline and legend. */
export const SHAPES = {
  circle: 'M-6,0a6,6 0 1,0 12,0a6,6 0 1,0 -12,0Z',
  diamond: 'M0,-8L8,0L0,8L-8,0Z',
  square: 'M-6,-6H6V6H-6Z',
  triangle: 'M0,-8L7.5,6H-7.5Z',
};

/** A small shape swatch in the category colour (CSS class on a parent sets it). */
export function swatch(shape) {
  const svg = s('svg', { class: 'swatch', viewBox: '-10 -10 20 20', 'aria-hidden': 'true', focusable: 'false' });
  s('path', { d: SHAPES[shape] ?? SHAPES.circle }, svg);
  return svg;
}

/** Loads a classic script once and resolves with the global it defines. */
export function loadScript(src, global) {
  if (window[global]) return Promise.resolve(window[global]);
  return new Promise((resolve, reject) => {
    const el = document.createElement('script');
    el.src = src;
    el.onload = () => (window[global] ? resolve(window[global]) : reject(new Error(`${src} did not define ${global}`)));
    el.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(el);
  });
}
