package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"chronomap/data"
	"chronomap/geo"
	"chronomap/pgstore"
	"chronomap/server"
)

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

// fileLimits bound what a dataset file may make large: the loader's limits
// and the vertices of a track drawn as great-circle arcs.
type fileLimits struct {
	data.Limits
	TrackVertices int // zero is geo.MaxVertices
}

// datasetOptions are how every dataset is loaded: tracks densified into
// great-circle arcs, coordinates served at geo's precision, within limits.
func datasetOptions(l fileLimits) data.Options {
	densify := geo.Densify
	if l.TrackVertices > 0 {
		densify = geo.DensifyWithin(l.TrackVertices)
	}
	return data.Options{Geometry: densify, Precision: geo.Precision, Limits: l.Limits}
}

// limitFlags defines the flags that bound what a dataset file may make
// large, on fs, setting l.
func limitFlags(fs *flag.FlagSet, l *fileLimits) {
	d := data.DefaultLimits
	fs.IntVar(&l.TrackVertices, "max-track-vertices", geo.MaxVertices, "the most vertices a track may have once drawn as great-circle arcs (every 10 km)")
	fs.Func("max-file-mb", fmt.Sprintf("the largest dataset file, in MiB (default %d)", d.FileSize>>20), func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a whole number of MiB ≥ 1", v)
		}
		l.FileSize = n << 20
		return nil
	})
	fs.IntVar(&l.Field, "max-field", d.Field, "the most `bytes` one property of an event may hold")
	fs.IntVar(&l.WayPoints, "max-waypoints", d.WayPoints, "the most positions one LineString may have, as written")
	fs.IntVar(&l.Problems, "max-problems", d.Problems, "the most problems listed for a bad file; the rest are counted")
}

// checkFile checks one dataset file as loadFile would load it.
func checkFile(ctx context.Context, file string, opts data.Options) (data.Summary, error) {
	opts, err := data.WithSidecar(file, opts)
	if err != nil {
		return data.Summary{}, err
	}
	f, err := data.OpenFile(ctx, file)
	if err != nil {
		return data.Summary{}, err
	}
	defer f.Close()
	return data.Validate(ctx, file, f, opts)
}

// loadCollections loads each file as a collection named after the file, or
// the embedded dataset as "events" when there are none. Every file is
// checked before any error is returned, so one run reports them all.
func loadCollections(ctx context.Context, files []string, opts data.Options) ([]server.Collection, error) {
	if len(files) == 0 {
		ds, err := data.Read(ctx, data.DefaultFile, bytes.NewReader(data.Default()), opts)
		if err != nil {
			return nil, err
		}
		return []server.Collection{{ID: "events", Store: data.NewMemStore(ds)}}, nil
	}
	var cols []server.Collection
	var errs []error
	seen := map[string]string{}
	for _, file := range files {
		if pgstore.IsURL(file) {
			store, err := pgstore.Open(file, opts)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			id := collectionID(store.Table())
			if other, dup := seen[id]; dup {
				errs = append(errs, fmt.Errorf("%s and table %s would both be collection %q", other, store.Table(), id))
				continue
			}
			seen[id] = "table " + store.Table()
			cols = append(cols, server.Collection{ID: id, Store: store})
			continue
		}
		ds, err := data.Open(ctx, file, opts)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		id := collectionID(file)
		if other, dup := seen[id]; dup {
			errs = append(errs, fmt.Errorf("%s and %s would both be collection %q: rename one", other, file, id))
			continue
		}
		seen[id] = file
		cols = append(cols, server.Collection{ID: id, Store: data.NewFileStore(file, ds)})
	}
	return cols, errors.Join(errs...)
}

// collectionID makes a URL-safe id from a file name: "My events.csv" → "my-events".
func collectionID(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	id := strings.Trim(notSlug.ReplaceAllString(strings.ToLower(base), "-"), "-")
	if id == "" {
		return "events"
	}
	return id
}

// validate checks files without serving them: it prints what it finds for
// each, and fails when any file is bad.
func validate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chronomap validate", flag.ContinueOnError)
	var limits fileLimits
	limitFlags(fs, &limits)
	if err := parseCommand(fs, args, stderr, "Usage: chronomap validate [flags] FILE...\n\n"+
		"Checks GeoJSON or CSV dataset files (see data/SCHEMA.md) without serving them.\n\nFlags:\n"); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return errors.New("validate: name at least one file")
	}
	// A sidecar named beside its dataset (validate dir/*) is checked with it.
	sidecarOf := map[string]string{}
	for _, file := range files {
		sidecarOf[filepath.Clean(data.SidecarPath(file))] = file
	}
	bad := 0
	for _, file := range files {
		if of, ok := sidecarOf[filepath.Clean(file)]; ok && of != file {
			fmt.Fprintf(stdout, "%s: the metadata of %s, checked with it\n", file, of)
			continue
		}
		sum, err := checkFile(ctx, file, datasetOptions(limits))
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			bad++
			fmt.Fprintln(stdout, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: ok, %s from %s to %s\n", file, eventCount(sum.Events), sum.First.Format("2006-01-02"), sum.Last.Format("2006-01-02"))
	}
	if bad > 0 {
		return fmt.Errorf("validate: %d of %d files are invalid", bad, len(files))
	}
	return nil
}

// load validates a dataset file and writes it into a PostGIS table.
func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chronomap load", flag.ContinueOnError)
	var limits fileLimits
	limitFlags(fs, &limits)
	appendRows := fs.Bool("append", false, "add the events to the table's rows instead of replacing them")
	if err := parseCommand(fs, args, stderr, "Usage: chronomap load [flags] FILE postgres://USER@HOST/DB?table=NAME\n\n"+
		"Checks a GeoJSON or CSV dataset file as the server would load it, then writes it into\n"+
		"a PostGIS table (made if missing, see data/SCHEMA.md) in one transaction: a bad file\n"+
		"changes nothing.\n\nFlags:\n"); err != nil {
		return err
	}
	if fs.NArg() != 2 || !pgstore.IsURL(fs.Arg(1)) {
		fs.Usage()
		return errUsage
	}
	file, url := fs.Arg(0), fs.Arg(1)
	ds, err := data.Open(ctx, file, datasetOptions(limits))
	if err != nil {
		return err
	}
	n, err := pgstore.Load(ctx, url, ds, pgstore.LoadOptions{Append: *appendRows})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: loaded %s\n", file, eventCount(int(n)))
	return nil
}

// reloadOnChange keeps the file collections up to date: each file (and its
// sidecar) is watched and reloaded when it changes, and every one of them
// when a SIGHUP arrives on hup, until ctx is done. A good new version is
// served at once; a bad one is refused with its problems in the log, and
// the old one keeps serving.
func reloadOnChange(ctx context.Context, cols []server.Collection, opts data.Options, hup <-chan os.Signal, log *slog.Logger) {
	stores := map[string]*data.FileStore{}
	var files []string
	for _, c := range cols {
		if fs, ok := c.Store.(*data.FileStore); ok {
			stores[fs.Path()] = fs
			files = append(files, fs.Path())
		}
	}
	var mu sync.Mutex // one reload at a time: a file changing while it loads is read again after
	reload := func(file string, asked bool) {
		mu.Lock()
		defer mu.Unlock()
		ds, err := stores[file].Reload(ctx, opts)
		var inv *data.InvalidError
		switch {
		case errors.As(err, &inv):
			log.Warn("reload refused: the file is not valid; still serving the previous version", "file", file, "problems", len(inv.Problems)+inv.More)
			for _, p := range inv.Problems {
				log.Warn("problem", "file", file, "problem", p.String())
			}
		case err != nil:
			log.Warn("reload failed; still serving the previous version", "file", file, "err", err)
		case ds != nil:
			log.Info("reloaded", "file", file, "events", ds.Len(), "version", ds.Version)
		case asked:
			log.Info("SIGHUP: unchanged", "file", file)
		}
	}
	if len(files) > 0 {
		if err := watchFiles(ctx, files, log, func(file string) { reload(file, false) }); err != nil {
			log.Warn("cannot watch the data files; send SIGHUP to reload them", "err", err)
		}
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-hup:
				if !ok {
					return
				}
				if len(files) == 0 {
					log.Info("SIGHUP: nothing to reload (the data is embedded or in a database, which is read live)")
				}
				for _, f := range files {
					reload(f, true)
				}
			}
		}
	}()
}

// eventCount is "1 event" or "n events".
func eventCount(n int) string {
	if n == 1 {
		return "1 event"
	}
	return fmt.Sprintf("%d events", n)
}
