// The panels over the map: the sidebar (a drawer on phones), the detail
// panel (a bottom sheet on phones), and the insets they cover, so the map
// fits and flies to what is left clear.

const $ = (id) => document.getElementById(id);

export function createLayout({ onDrawer = () => {} } = {}) {
  const side = $('side');
  const toggle = $('drawer-toggle');
  const panel = $('panel');
  const mapEl = $('map');
  const phone = window.matchMedia('(max-width: 720px)');

  function setDrawer(open) {
    side.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Map' : 'Events';
    if (open) onDrawer();
  }
  toggle.addEventListener('click', () => setDrawer(!side.classList.contains('open')));
  phone.addEventListener('change', () => setDrawer(false));

  return {
    insets() {
      const m = mapEl.getBoundingClientRect();
      const p = panel.hidden ? null : panel.getBoundingClientRect();
      if (phone.matches) {
        const top = $('masthead').getBoundingClientRect().bottom - m.top;
        return { left: 0, right: 0, top: Math.max(0, top), bottom: p ? Math.max(0, m.bottom - p.top) : 0 };
      }
      const s = side.getBoundingClientRect();
      return { left: Math.max(0, s.right - m.left), right: p ? Math.max(0, m.right - p.left) : 0, top: 0, bottom: 0 };
    },
    panelChanged(open) {
      document.body.classList.toggle('panel-open', open);
    },
    /** Closes the phone drawer; reports whether it was open. */
    closeDrawer() {
      const was = side.classList.contains('open');
      if (was) setDrawer(false);
      return was;
    },
  };
}
