// How the --basemap vector tiles are drawn: paint and label rules for
// protomaps-leaflet that read both schemas users bring, OpenMapTiles
// (water, landuse, landcover, park, transportation, building, place, class)
// and Protomaps (earth, water, landuse, natural, roads, buildings, places,
// kind). Quiet colours, so the events stay the loudest thing on the map.

/** Land-use fill by class or kind. */
export function landuseColour(kind) {
  switch (kind) {
    case 'park': case 'grass': case 'garden': case 'wood': case 'forest': case 'cemetery':
    case 'nature_reserve': case 'recreation_ground': case 'pitch': case 'golf_course':
      return '#dde8cf';
    case 'industrial': case 'railway': case 'quarry': case 'military': case 'aerodrome':
      return '#e6e1e8';
    case 'commercial': case 'retail':
      return '#f2e4dc';
    case 'hospital': case 'school': case 'university': case 'college':
      return '#f1e8e2';
    case 'farmland': case 'farm': case 'orchard': case 'vineyard':
      return '#eeedd8';
    case 'sand': case 'beach': case 'bare_rock': case 'scree':
      return '#f1ead6';
    default:
      return '#ebe7dd';
  }
}

/** Road width in pixels at zoom z, by class or kind. */
export function roadWidth(kind, z) {
  const base = { motorway: 3, trunk: 3, highway: 3, primary: 2.4, major_road: 2.4, secondary: 1.8, tertiary: 1.6, medium_road: 1.8 }[kind] ?? 1;
  return base * Math.max(0.4, Math.min(3, 2 ** ((z - 12) / 2)));
}

const kindOf = (f) => f.props.class ?? f.props.kind ?? '';
const named = (f) => typeof f.props.name === 'string' && f.props.name !== '';

/** protomaps-leaflet's paintRules and labelRules, from its namespace P and the page's colours. */
export function vectorRules(P, { land, sea, ink }) {
  const paintRules = [];
  const labelRules = [];
  const paint = (layers, symbolizer, more = {}) => {
    for (const dataLayer of layers) paintRules.push({ dataLayer, symbolizer, ...more });
  };
  paint(['earth'], new P.PolygonSymbolizer({ fill: land }));
  paint(['landcover', 'landuse', 'park', 'natural'], new P.PolygonSymbolizer({ fill: (z, f) => landuseColour(kindOf(f)) }));
  paint(['water'], new P.PolygonSymbolizer({ fill: sea }));
  paint(['waterway'], new P.LineSymbolizer({ color: sea, width: 1.2 }));
  paint(['building', 'buildings'], new P.PolygonSymbolizer({ fill: '#ddd6cb', stroke: '#cbc3b6', width: 0.5 }), { minzoom: 12 });
  paint(['transportation', 'roads'], new P.LineSymbolizer({
    color: '#c9c0b1', width: (z, f) => roadWidth(kindOf(f), z) + 1.2, lineCap: 'round', lineJoin: 'round',
  }), { filter: (z, f) => z >= 13 || kindOf(f) !== 'minor' });
  paint(['transportation', 'roads'], new P.LineSymbolizer({
    color: '#ffffff', width: (z, f) => roadWidth(kindOf(f), z), lineCap: 'round', lineJoin: 'round',
  }));
  paint(['boundary', 'boundaries'], new P.LineSymbolizer({ color: '#a79f92', width: 1, dash: [4, 3] }));
  for (const dataLayer of ['transportation_name', 'roads']) {
    labelRules.push({
      dataLayer, minzoom: 14, filter: (z, f) => named(f),
      symbolizer: new P.LineLabelSymbolizer({ labelProps: ['name'], fill: '#6b6459', stroke: '#ffffff', width: 2, font: '500 11px sans-serif' }),
    });
  }
  for (const dataLayer of ['place', 'places']) {
    labelRules.push({
      dataLayer, filter: (z, f) => named(f),
      symbolizer: new P.CenteredTextSymbolizer({ labelProps: ['name'], fill: ink, stroke: '#ffffff', width: 2.5, font: '600 12px sans-serif' }),
    });
  }
  return { paintRules, labelRules };
}
