// A Home button under the zoom control: back to the dataset's own view,
// after a flight to Washington or a zoom into Tehran.

const ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 4 3 11.5h2.5V20h5v-5h3v5h5v-8.5H21z"/></svg>';

export function addHomeControl({ L, map, onHome }) {
  const Home = L.Control.extend({
    options: { position: 'topright' },
    onAdd() {
      const bar = L.DomUtil.create('div', 'leaflet-bar leaflet-control home-control');
      const a = L.DomUtil.create('a', 'home-button', bar);
      a.href = '#';
      a.setAttribute('role', 'button');
      a.title = 'Back to the whole story';
      a.setAttribute('aria-label', 'Back to the whole story');
      a.innerHTML = ICON;
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(a, 'click', (e) => {
        L.DomEvent.preventDefault(e);
        onHome();
      });
      return bar;
    },
  });
  return new Home().addTo(map);
}
