// Story mode: one chapter at a time. Entering a chapter flies the map to
// its view, moves the playhead to its start and the timeline to its range,
// and (when asked, and motion is welcome) plays it at its pace; the player
// stops at its end and Next goes on. The Story switch leaves for explore
// mode, today's free page, and comes back to the chapter left.

import { chapterAt } from './story.js';

const $ = (id) => document.getElementById(id);

const LABELS = {
  story: ['Previous chapter (←)', 'Next chapter (→)'],
  explore: ['Previous event (←)', 'Next event (→)'],
};

/**
 * chapters: from readStory. show(ch): main puts the page at the chapter
 * (time, window, pacing, highlighted events, caption); explore(): main
 * restores explore mode. flyTo(view, {animate}) resolves when the map is
 * there. reducedMotion: a MediaQueryList.
 */
export function createStoryMode({ chapters, caption, player, show, explore, flyTo, reducedMotion, now, onChange = () => {} }) {
  const toggle = $('story-mode');
  let index = 0;
  let active = false;
  let flight = 0; // the latest chapter change, so a slow flight does not start a stale chapter

  function labelTransport() {
    const [prev, next] = LABELS[active ? 'story' : 'explore'];
    for (const [id, label] of [['prev', prev], ['next', next]]) {
      $(id).setAttribute('aria-label', label);
      $(id).title = label;
    }
  }

  /**
   * Shows chapter i; plays it after the flight when play is set and motion
   * is welcome. Without animate (opening the page) the map is put there.
   */
  async function go(i, { play = false, animate = true } = {}) {
    if (!chapters.length) return;
    index = Math.min(chapters.length - 1, Math.max(0, i));
    const ch = chapters[index];
    player.stop();
    active = true;
    toggle.setAttribute('aria-pressed', 'true');
    caption.setMode('story');
    caption.setChapter(ch, chapters.length);
    labelTransport();
    show(ch);
    onChange();
    const mine = ++flight;
    const still = reducedMotion.matches;
    if (ch.view) await flyTo(ch.view, { animate: animate && !still });
    if (play && !still && mine === flight && active) player.start();
  }

  function leave() {
    if (!active) return;
    active = false;
    flight++;
    player.stop();
    toggle.setAttribute('aria-pressed', 'false');
    labelTransport();
    explore();
    onChange();
  }

  toggle.hidden = !chapters.length;
  // Back from explore mode, the chapter of the moment explored.
  toggle.addEventListener('click', () => (active ? leave() : go(chapterAt(chapters, now()))));

  return {
    go,
    leave,
    /** ←/→ and the transport's buttons in story mode: the chapter before or after, played. */
    step(dir) {
      const i = index + dir;
      if (i < 0 || i >= chapters.length) return;
      go(i, { play: true });
    },
    /** The player stopped or started: at the chapter's end, Next is the way on. */
    playing(on, t) {
      if (active) caption.setEnded(!on && t >= chapters[index].end);
    },
    get active() { return active; },
    get chapter() { return active ? chapters[index] : null; },
    get number() { return index + 1; },
  };
}
