package data

import _ "embed"

// DefaultFile is the name of the embedded default dataset.
const DefaultFile = "events.geojson"

//go:embed events.geojson
var defaultDataset string

// Default returns the embedded default dataset: the 2019–2020 US–Iran crisis.
func Default() []byte { return []byte(defaultDataset) }
