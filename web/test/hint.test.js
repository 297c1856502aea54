import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHint } from '../static/js/hint.js';

function memory() {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, String(v)) };
}
const root = () => ({ hidden: true, querySelector: () => null });

test('the hint shows on a first visit, and never after it is dismissed', () => {
  const storage = memory();
  const r = root();
  let told = 0;
  const hint = createHint({ root: r, storage, show: true, onDismiss: () => { told += 1; } });
  assert.equal(r.hidden, false);
  hint.dismiss();
  assert.equal(r.hidden, true);
  hint.dismiss();
  assert.equal(told, 1, 'the page is told once, when the hint goes');
  const again = root();
  createHint({ root: again, storage, show: true });
  assert.equal(again.hidden, true);
});

test('no hint on a link to a moment, or when storage is blocked', () => {
  const r = root();
  createHint({ root: r, storage: memory(), show: false });
  assert.equal(r.hidden, true);
  const blocked = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } };
  const b = root();
  createHint({ root: b, storage: blocked, show: true }).dismiss();
  assert.equal(b.hidden, true);
});
