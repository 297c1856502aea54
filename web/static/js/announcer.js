// Tells screen readers which event the playhead has reached, through a
// polite live region, no more often than every few seconds while playing.

const PLAYING_INTERVAL = 3000;

export function createAnnouncer(el) {
  let lastId = null;
  let lastAt = -Infinity;
  let timer = null;
  return {
    current(ev, { playing, text }) {
      const id = ev?.id ?? null;
      if (id === lastId) return;
      lastId = id;
      if (!ev) return;
      clearTimeout(timer);
      const wait = playing ? Math.max(0, lastAt + PLAYING_INTERVAL - performance.now()) : 0;
      timer = setTimeout(() => {
        el.textContent = text;
        lastAt = performance.now();
      }, wait);
    },
  };
}
