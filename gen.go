package main

import (
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
	if out == "" || o.N < 1 || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	write := synth.WriteGeoJSON
	if strings.EqualFold(filepath.Ext(out), ".csv") {
		write = synth.WriteCSV
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
