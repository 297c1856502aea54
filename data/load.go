package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
)

// Options adjust how a dataset is loaded.
type Options struct {
	// Geometry, when set, replaces each event's geometry (as written, after
	// validation) before it is indexed: the geo package densifies tracks here.
	Geometry func(orb.Geometry) orb.Geometry
}

type rawCollection struct {
	Type     string            `json:"type"`
	Name     string            `json:"name"`
	Title    string            `json:"title"`
	Features []json.RawMessage `json:"features"`
}

type rawFeature struct {
	Type       string                     `json:"type"`
	ID         json.RawMessage            `json:"id"`
	Geometry   json.RawMessage            `json:"geometry"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// Load parses and validates a GeoJSON dataset named file. It returns an
// *InvalidError listing every problem when the file is not valid.
func Load(file string, b []byte, opts Options) (*Dataset, error) {
	fileProblem := func(msg string, args ...any) error {
		return &InvalidError{Problems: []Problem{{File: file, Index: -1, Msg: fmt.Sprintf(msg, args...)}}}
	}
	var fc rawCollection
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&fc); err != nil {
		return nil, fileProblem("not valid JSON: %v", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fileProblem("type is %q, want \"FeatureCollection\"", fc.Type)
	}
	if len(fc.Features) == 0 {
		return nil, fileProblem("no features")
	}

	v := validator{file: file, seen: map[string]int{}}
	events := make([]*Event, 0, len(fc.Features))
	for i, raw := range fc.Features {
		if ev := v.feature(i, raw); ev != nil {
			events = append(events, ev)
		}
	}
	if len(v.problems) > 0 {
		return nil, &InvalidError{Problems: v.problems}
	}
	for _, ev := range events {
		if opts.Geometry != nil {
			ev.Geometry = opts.Geometry(ev.Geometry)
		}
		ev.Bound = ev.Geometry.Bound()
		ev.text = strings.ToLower(ev.Title + "\n" + ev.Summary + "\n" + ev.Place)
	}

	sum := sha256.Sum256(b)
	name := fc.Name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	return newDataset(name, fc.Title, hex.EncodeToString(sum[:8]), events), nil
}
