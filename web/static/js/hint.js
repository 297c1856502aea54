// A first-visit hint beside Play, until the visitor plays or closes it.
// Remembered in localStorage; a shared link to a moment shows no hint.

const KEY = 'chronomap.played';

export function createHint({ root, storage = globalThis.localStorage, show, onDismiss = () => {} }) {
  let seen = true;
  try {
    seen = storage?.getItem(KEY) === '1';
  } catch {
    // Storage blocked: no hint, rather than one that never goes away.
  }
  const dismiss = () => {
    const was = !root.hidden;
    root.hidden = true;
    try {
      storage?.setItem(KEY, '1');
    } catch {
      // As above.
    }
    if (was) onDismiss();
  };
  root.querySelector('button')?.addEventListener('click', dismiss);
  if (!seen && show) root.hidden = false;
  return { dismiss };
}
