// The Share button: copies a link to this moment of the map, and offers the
// <iframe> code that embeds it (the map, timeline and player only). When the
// clipboard cannot be written, both stay on screen, selected, to copy by hand.

import { h } from './dom.js';

/** The page's address with the embed flag set or cleared. */
export function shareURL(href, { embed = false } = {}) {
  const u = new URL(href);
  u.hash = '';
  if (embed) u.searchParams.set('embed', '1');
  else u.searchParams.delete('embed');
  // Keep ":" "/" "," readable, as the page writes them.
  return u.toString().replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%2C/g, ',');
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The <iframe> code for an embed URL. */
export function embedSnippet(url, { title = 'Chronomap', height = 560 } = {}) {
  return `<iframe src="${escapeAttr(url)}" title="${escapeAttr(title)}" width="100%" height="${height}" `
    + 'style="border:0" loading="lazy" allowfullscreen></iframe>';
}

/** Whether the page's own CSP lets other sites frame it (frame-ancestors other than 'none'). */
export function framingAllowed(csp) {
  const m = /(?:^|;)\s*frame-ancestors\s+([^;]*)/i.exec(csp ?? '');
  return !m || m[1].trim() !== "'none'";
}

/** local: the map shows a file opened in this browser, which a link opens nowhere else. */
export function createShare({ button, title, local = false, onOpen = () => {} }) {
  const status = h('p', { class: 'share-status', role: 'status' });
  const link = h('input', { id: 'share-link', type: 'text', readonly: true, spellcheck: 'false' });
  const code = h('textarea', { id: 'share-code', readonly: true, rows: '3', spellcheck: 'false' });
  const note = h('p', { class: 'share-note', hidden: true },
    'This server does not let other sites embed the map; whoever runs it can allow them with --frame-ancestors.');
  const localNote = h('p', { class: 'share-note share-local', hidden: !local },
    'This map shows a file opened in this browser: the link and the embed open it only here. To share it, '
    + 'serve the file with chronomap --data and share that map.');
  const copyLink = h('button', { type: 'button', class: 'toggle' }, 'Copy link');
  const copyCode = h('button', { type: 'button', class: 'toggle' }, 'Copy embed code');
  const close = h('button', { type: 'button', class: 'panel-close', 'aria-label': 'Close sharing' }, '×');
  const box = h('div', { class: 'share', id: 'share-box', role: 'dialog', 'aria-label': 'Share this map', hidden: true },
    h('div', { class: 'share-head' }, h('h2', {}, 'Share this map'), close), localNote,
    h('label', { for: 'share-link' }, 'Link to this moment'), h('div', { class: 'share-row' }, link, copyLink),
    h('label', { for: 'share-code' }, 'Embed in a page'), h('div', { class: 'share-row' }, code, copyCode),
    note, status);
  document.body.append(box);
  button.setAttribute('aria-controls', 'share-box');
  button.setAttribute('aria-expanded', 'false');

  async function copy(field, what) {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(field.value);
      status.textContent = `${what} copied.`;
    } catch {
      field.focus();
      field.select();
      status.textContent = `Your browser did not let the page copy: the ${what.toLowerCase()} is selected, press Ctrl+C (⌘C) to copy it.`;
    }
  }

  function setOpen(open) {
    box.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (!open) return;
    onOpen();
    link.value = shareURL(window.location.href);
    code.value = embedSnippet(shareURL(window.location.href, { embed: true }), { title: title() });
    status.textContent = '';
    fetch(window.location.pathname, { method: 'HEAD', cache: 'no-store' })
      .then((r) => { note.hidden = framingAllowed(r.headers.get('Content-Security-Policy')); })
      .catch(() => {});
    copy(link, 'Link');
  }

  button.addEventListener('click', () => setOpen(box.hidden));
  close.addEventListener('click', () => {
    setOpen(false);
    button.focus();
  });
  box.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    setOpen(false);
    button.focus();
  });
  copyLink.addEventListener('click', () => copy(link, 'Link'));
  copyCode.addEventListener('click', () => copy(code, 'Embed code'));
}
