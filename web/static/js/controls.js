// The playback bar: transport buttons, speed, pacing, loop, fade, the time
// readout with its UTC toggle and timeline zoom (export is exporter.js).
// It only reflects state and reports intentions; main.js decides.

import { h } from './dom.js';
import { SPEEDS } from './player.js';
import { FADES } from './visibility.js';

const $ = (id) => document.getElementById(id);

export function createControls(handlers) {
  const play = $('play');
  const speed = $('speed');
  const fade = $('fade');
  const primary = $('readout');
  const primaryTime = primary.appendChild(h('span', { class: 'ro-time' }));
  const primaryZone = primary.appendChild(h('span', { class: 'ro-zone' }));
  const secondary = $('readout-alt');
  const toggles = { slow: $('slow'), loop: $('loop'), utc: $('utc') };
  const options = $('options');
  const optionsToggle = $('options-toggle');

  for (const sp of SPEEDS) speed.append(h('option', { value: sp.id }, sp.label));
  for (const f of FADES) fade.append(h('option', { value: f.id }, f.label));

  play.addEventListener('click', handlers.onPlay);
  $('prev').addEventListener('click', handlers.onPrev);
  $('next').addEventListener('click', handlers.onNext);
  speed.addEventListener('change', () => handlers.onSpeed(speed.value));
  fade.addEventListener('change', () => handlers.onFade(fade.value));
  for (const [name, b] of Object.entries(toggles)) {
    b.addEventListener('click', () => handlers.onToggle(name, b.getAttribute('aria-pressed') !== 'true'));
  }
  $('zoom-in').addEventListener('click', () => handlers.onZoom(0.5));
  $('zoom-out').addEventListener('click', () => handlers.onZoom(2));
  $('zoom-all').addEventListener('click', handlers.onZoomAll);
  optionsToggle.addEventListener('click', () => {
    const open = optionsToggle.getAttribute('aria-expanded') !== 'true';
    optionsToggle.setAttribute('aria-expanded', String(open));
    options.closest('.controls').classList.toggle('open', open);
  });

  let shown = '';
  return {
    setPlaying(on) {
      // One toggle button: "Play", pressed while playing.
      play.setAttribute('aria-pressed', String(on));
      play.title = on ? 'Pause (Space)' : 'Play (Space)';
    },
    /** The current time: primary in the chosen zone, secondary in the other. */
    setReadout(main, other) {
      if (main + other === shown) return;
      shown = main + other;
      // "8 Jan 2020 06:15" and "(UTC+03:00, Baghdad time)", on two lines where space is short.
      const cut = main.indexOf(' (');
      primaryTime.textContent = cut < 0 ? main : main.slice(0, cut);
      primaryZone.textContent = cut < 0 ? '' : main.slice(cut);
      secondary.textContent = other;
      primary.title = other;
    },
    reflect(state) {
      speed.value = state.speed;
      fade.value = state.fade;
      for (const [name, b] of Object.entries(toggles)) b.setAttribute('aria-pressed', String(Boolean(state[name])));
    },
  };
}
