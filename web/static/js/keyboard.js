// Keyboard shortcuts: Space play/pause, ←/→ previous/next event wherever
// focus is (the map too), +/− zoom the timeline, Home/End on the timeline,
// Esc closes. Keys typed in the search box or a select are left alone.

export function createKeyboard({ togglePlay, step, zoom, escape, home, end }) {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : document.body;
    if (e.key === 'Escape') {
      if (escape()) e.preventDefault();
      return;
    }
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    // The focused map zooms with +/−; its arrows step events like everywhere
    // else (this listener runs first, in the capture phase, so Leaflet's
    // keyboard panning never sees them).
    const inMap = Boolean(target.closest('.leaflet-container'));
    const onTimeline = target.closest('#timeline');
    switch (e.key) {
      case ' ':
      case 'Spacebar':
        // A focused button or link keeps Space for itself.
        if (target.closest('button, a')) return;
        togglePlay();
        break;
      case 'ArrowRight':
      case 'ArrowLeft':
        e.stopPropagation();
        step(e.key === 'ArrowRight' ? 1 : -1, { held: e.repeat });
        break;
      case '+':
      case '=':
      case '-':
      case '_':
        if (inMap) return;
        zoom(e.key === '+' || e.key === '=' ? 0.5 : 2);
        break;
      case 'Home':
        if (!onTimeline) return;
        home();
        break;
      case 'End':
        if (!onTimeline) return;
        end();
        break;
      default:
        return;
    }
    e.preventDefault();
  }, { capture: true });
}

// wirePage connects what both pages, the small and the large, share: the
// keys to the player, timeline and panel, and the map's view to the URL.
export function wirePage({ player, step, timeline, panel, closePanel, layout, setTime, bounds, map, app, url }) {
  createKeyboard({
    togglePlay: () => player.toggle(),
    step,
    zoom: (f) => timeline.zoom(f),
    escape() {
      if (panel.open) {
        closePanel();
        return true;
      }
      return layout.closeDrawer();
    },
    home: () => setTime(bounds.start, { source: 'jump' }),
    end: () => setTime(bounds.end, { source: 'jump' }),
  });
  map.on('moveend', () => {
    const c = map.getCenter();
    app.view = { lat: c.lat, lng: c.lng, zoom: map.getZoom() };
    url.schedule();
  });
}
