package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"chronomap/synth"
)

// gen writes a synthetic dataset, for benchmarks and scale tests.
func gen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chronomap gen", flag.ContinueOnError)
	var o synth.Options
	var out string
	fs.IntVar(&o.N, "n", 100000, "number of events")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed and n give the same file")
	fs.StringVar(&out, "o", "", "output `file`: .geojson or .csv (required; - writes GeoJSON to standard output)")
	if err := parseCommand(fs, args, stderr, "Usage: chronomap gen -n N [-seed S] -o FILE\n\n"+
		"Writes a synthetic chronology in the documented schema (data/SCHEMA.md).\n\n"); err != nil {
		return err
	}
	write := synth.WriteGeoJSON
	switch ext := strings.ToLower(filepath.Ext(out)); {
	case fs.NArg() > 0:
		return fmt.Errorf("gen: unexpected argument %q (see -h)", fs.Arg(0))
	case out == "":
		return errors.New("gen: -o FILE is required: a .geojson or .csv file, or - for GeoJSON on standard output")
	case o.N < 1:
		return fmt.Errorf("gen: -n %d: want at least 1 event", o.N)
	case ext == ".csv":
		write = synth.WriteCSV
	case ext != ".geojson" && ext != ".json" && out != "-":
		// The loader would read it by its content, but a name that says
		// neither format is more likely a slip.
		return fmt.Errorf("gen: -o %s: want a .geojson or .csv file", out)
	}
	if out == "-" {
		return write(stdout, o)
	}
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := write(f, o); err != nil {
		f.Close()
		return fmt.Errorf("gen: %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("gen: %s: %w", out, err)
	}
	return nil
}
