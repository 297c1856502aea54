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

	// geometryProblem is why a CSV row's geometry columns could not be read.
	geometryProblem Problem
}

// LoadFile loads a dataset in GeoJSON or CSV, told apart by the file's
// extension, or by its first character when the extension says neither.
func LoadFile(file string, b []byte, opts Options) (*Dataset, error) {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".csv":
		return LoadCSV(file, b, opts)
	case ".geojson", ".json":
		return Load(file, b, opts)
	}
	if t := bytes.TrimLeft(b, "\ufeff \t\r\n"); len(t) > 0 && t[0] == '{' {
		return Load(file, b, opts)
	}
	return LoadCSV(file, b, opts)
}

// Load parses and validates a GeoJSON dataset named file. It returns an
// *InvalidError listing every problem when the file is not valid.
func Load(file string, b []byte, opts Options) (*Dataset, error) {
	fileProblem := func(msg string, args ...any) error {
		return &InvalidError{Problems: []Problem{{File: file, Msg: fmt.Sprintf(msg, args...)}}}
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

	v := newValidator(file, "feature")
	for i, raw := range fc.Features {
		var f rawFeature
		if err := json.Unmarshal(raw, &f); err != nil {
			v.at(i, nil).addf("", "not a GeoJSON feature: %v", err)
			continue
		}
		if f.Type != "Feature" {
			v.at(i, f.Properties).addf("type", "is %q, want \"Feature\"", f.Type)
		}
		v.event(i, f)
	}
	return v.dataset(fc.Name, fc.Title, b, opts)
}

// dataset finishes a load: it refuses the file if any problem was found,
// and otherwise prepares and indexes its events.
func (v *validator) dataset(name, title string, b []byte, opts Options) (*Dataset, error) {
	if len(v.problems) > 0 {
		return nil, &InvalidError{Problems: v.problems}
	}
	events := v.events
	for _, ev := range events {
		ev.Written = ev.Geometry
		if opts.Geometry != nil {
			ev.Geometry = opts.Geometry(ev.Geometry)
		}
		ev.Bound = ev.Geometry.Bound()
		ev.text = strings.ToLower(ev.Title + "\n" + ev.Summary + "\n" + ev.Place)
	}

	sum := sha256.Sum256(b)
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(v.file), filepath.Ext(v.file))
	}
	if title == "" {
		title = name
	}
	return newDataset(name, title, hex.EncodeToString(sum[:8]), events), nil
}
