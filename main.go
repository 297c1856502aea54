// Command chronomap serves an interactive, animated map of a chronology of
// events, with its data as OGC API – Features.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	_ "time/tzdata" // dataset time zones resolve offline, on any machine

	"chronomap/basemap"
	"chronomap/mbtiles"
	"chronomap/server"
	"chronomap/web"
)

// Config holds the command-line settings.
type Config struct {
	Addr           string             // host:port to listen on
	Data           []string           // dataset files; none serves the embedded one
	Dev            bool               // serve web/static from disk, for front-end work
	BaseURL        string             // absolute links in the API start with it; empty: the request's Host
	AccessLog      bool               // one line per request on stderr
	ShutdownGrace  time.Duration      // how long requests in flight may run on after SIGTERM
	Limits         fileLimits         // what a dataset file may make large; zero fields take the defaults
	MaxQuery       int                // the longest query string served, in bytes
	FrameAncestors string             // the CSP frame-ancestors sources: which pages may embed the map
	MaxUploadMB    int                // the largest file POST /api/validate checks, in MiB
	Basemap        string             // an MBTiles file of vector tiles to draw over the built-in basemap
	Tiles          *server.TileServer // a raster tile server to offer; nil: none
	CPUProfile     string             // a file to write a CPU profile of the run to; empty: none
}

const (
	// writeTimeout is how long a client may take to read each 256 KiB of a
	// response; a download may take as long as it needs while it reads.
	writeTimeout = 60 * time.Second
	// retryAfter is how long clients are asked to wait while the data loads.
	retryAfter = 5 * time.Second
)

// fileList is a flag that may be given more than once.
type fileList []string

func (f *fileList) String() string     { return fmt.Sprint(*f) }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal stops gracefully; a second one, no longer caught,
	// stops at once.
	go func() { <-ctx.Done(); stop() }()
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "validate":
		err = validate(ctx, os.Args[2:], os.Stdout, os.Stderr)
	case len(os.Args) > 1 && os.Args[1] == "load":
		err = load(ctx, os.Args[2:], os.Stdout, os.Stderr)
	case len(os.Args) > 1 && os.Args[1] == "gen":
		err = gen(os.Args[2:], os.Stdout, os.Stderr)
	default:
		err = run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2) // the flag package has said what was wrong
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(os.Stderr, "chronomap: interrupted")
		os.Exit(130) // as a shell reports a command stopped by Ctrl-C
	default:
		fmt.Fprintln(os.Stderr, "chronomap:", err)
		os.Exit(2)
	}
}

// errUsage is a command line the flag package has already reported.
var errUsage = errors.New("usage")

// parseCommand parses args with fs, whose usage is usage and then its
// flags. A bad command line is errUsage: the flag package has said what
// was wrong.
func parseCommand(fs *flag.FlagSet, args []string, stderr io.Writer, usage string) error {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func parseFlags(args []string, stderr io.Writer) (Config, error) {
	cfg := Config{Addr: "localhost:8080", AccessLog: true, ShutdownGrace: 30 * time.Second}
	fs := flag.NewFlagSet("chronomap", flag.ContinueOnError)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "`host:port` to listen on (port 0 picks a free one)")
	fs.Var((*fileList)(&cfg.Data), "data", "dataset `file` (GeoJSON or CSV, see data/SCHEMA.md), or a PostGIS table as postgres://USER@HOST/DB?table=NAME, to serve instead of the embedded one; repeat for more collections")
	fs.BoolVar(&cfg.Dev, "dev", false, "serve the page from web/static on disk, so edits show on reload")
	fs.StringVar(&cfg.BaseURL, "base-url", "", "`URL` that absolute links in the API start with, e.g. https://maps.example.org (default: from the request's Host)")
	fs.BoolVar(&cfg.AccessLog, "access-log", cfg.AccessLog, "log one line per request to stderr")
	fs.DurationVar(&cfg.ShutdownGrace, "shutdown-grace", cfg.ShutdownGrace, "how long requests in flight may run on after SIGTERM or Ctrl-C")
	limitFlags(fs, &cfg.Limits)
	fs.IntVar(&cfg.MaxQuery, "max-query", server.DefaultMaxQuery, "the longest query string served, in `bytes`: links echo it")
	fs.IntVar(&cfg.MaxUploadMB, "max-upload-mb", server.DefaultMaxUpload>>20, "the largest file, in `MiB`, the page may send to be checked and played (POST /api/validate)")
	fs.StringVar(&cfg.FrameAncestors, "frame-ancestors", server.DefaultFrameAncestors, "`sources` allowed to embed the map in a frame (the CSP frame-ancestors), e.g. \"'self' https://news.example.org\"")
	fs.StringVar(&cfg.Basemap, "basemap", "", "an MBTiles `file` of vector tiles (OpenMapTiles or Protomaps style) drawn over the built-in basemap: streets and land use, offline")
	fs.StringVar(&cfg.CPUProfile, "cpu-profile", "", "write a CPU profile of the whole run, loading and serving, to `file` when the server stops (for go tool pprof, and for bench/pgo.sh)")
	var tiles, attribution string
	fs.StringVar(&tiles, "tiles", "", "a raster tile server the map offers, as a `URL-template` such as https://{s}.tiles.example.org/{z}/{x}/{y}.png; the page may load images from its origin")
	fs.StringVar(&attribution, "tiles-attribution", "", "the credit the --tiles server requires, shown on the map as plain `text`")
	if err := parseCommand(fs, args, stderr, "Usage: chronomap [flags]\n       chronomap validate [flags] FILE...\n       chronomap load [flags] FILE postgres://…?table=NAME\n       chronomap gen -n N -o FILE\n\n"+
		"Serves the map at http://ADDR/ and the API at http://ADDR/api.\n\nFlags:\n"); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q (see -h)", fs.Arg(0))
	}
	if cfg.BaseURL != "" {
		base, err := server.ParseBaseURL(cfg.BaseURL)
		if err != nil {
			return cfg, fmt.Errorf("--base-url: %w", err)
		}
		cfg.BaseURL = base
	}
	if cfg.MaxUploadMB < 1 {
		return cfg, fmt.Errorf("--max-upload-mb: %d is not a whole number of MiB ≥ 1", cfg.MaxUploadMB)
	}
	fa, err := server.ParseFrameAncestors(cfg.FrameAncestors)
	if err != nil {
		return cfg, fmt.Errorf("--frame-ancestors: %w", err)
	}
	cfg.FrameAncestors = fa
	switch {
	case tiles == "" && attribution != "":
		return cfg, errors.New("--tiles-attribution: there is no --tiles server to credit")
	case tiles != "" && strings.TrimSpace(attribution) == "":
		return cfg, errors.New("--tiles needs --tiles-attribution TEXT: tile providers require their credit on the map")
	case tiles != "":
		ts, err := server.ParseTileServer(tiles, attribution)
		if err != nil {
			return cfg, fmt.Errorf("--tiles: %w", err)
		}
		cfg.Tiles = ts
	}
	if cfg.ShutdownGrace < 0 {
		return cfg, fmt.Errorf("--shutdown-grace: %v is negative", cfg.ShutdownGrace)
	}
	return cfg, nil
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.CPUProfile != "" {
		stop, err := startCPUProfile(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	opts := datasetOptions(cfg.Limits)
	load := func(ctx context.Context, files []string) ([]server.Collection, error) {
		return loadCollections(ctx, files, opts)
	}
	return runServer(ctx, cfg, load, stdout, stderr)
}

// startCPUProfile profiles the process into file until stop is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("--cpu-profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpu-profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// loadFunc loads the collections to serve.
type loadFunc func(ctx context.Context, files []string) ([]server.Collection, error)

// runServer binds the port first, so that a port in use is reported at
// once, then loads the data while answering 503 to every request, then
// serves until ctx is done.
func runServer(ctx context.Context, cfg Config, load loadFunc, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	var vector *mbtiles.Tileset
	if cfg.Basemap != "" {
		var err error
		if vector, err = mbtiles.Open(ctx, cfg.Basemap); err != nil {
			return fmt.Errorf("--basemap: %w", err)
		}
		defer vector.Close()
		m := vector.Metadata()
		fmt.Fprintf(stdout, "Chronomap: basemap %s, zoom %d to %d\n", cfg.Basemap, m.MinZoom, m.MaxZoom)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// The server's timeouts, which Replay keeps too on the connections it
	// holds. WriteTimeout is the first write deadline of each response,
	// which ExtendWriteDeadline moves on while the client reads.
	const readHeaderTimeout, idleTimeout = 10 * time.Second, 2 * time.Minute
	replayCfg := server.ReplayConfig{ReadHeaderTimeout: readHeaderTimeout, IdleTimeout: idleTimeout, WriteTimeout: writeTimeout, ErrorLog: log}
	if cfg.AccessLog {
		replayCfg.Log = log
	}
	replay := server.NewReplay(replayCfg)
	ln = replay.Listener(server.Listener(ln))
	loading := server.Loading(retryAfter)
	var current atomic.Pointer[http.Handler]
	current.Store(&loading)
	var handler http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*current.Load()).ServeHTTP(w, r)
	})
	handler = server.FrameAncestors(handler, cfg.FrameAncestors)
	handler = server.ExtendWriteDeadline(handler, writeTimeout)
	handler = replay.Handler(handler)
	if cfg.AccessLog {
		handler = server.LogRequests(handler, log)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout: 30 * time.Second, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	url := pageURL(cfg.Addr, ln.Addr())
	fmt.Fprintf(stdout, "Chronomap: listening at %s, loading the data\n", url)

	type result struct {
		handler     http.Handler
		collections []server.Collection
		err         error
	}
	// The page and its basemap load beside the data, not after it.
	pagec := make(chan pageResult, 1)
	go func() { pagec <- loadPage(cfg) }()
	loaded := make(chan result, 1)
	go func() {
		var r result
		r.collections, r.err = load(ctx, cfg.Data)
		pg := <-pagec
		if r.err == nil {
			r.err = pg.err
		}
		if r.err == nil {
			r.handler, r.err = newHandler(cfg, pg, r.collections, vector, log)
		}
		loaded <- r
	}()
	select {
	case <-ctx.Done():
		closeAll(srv, replay)
		log.Info("stopped while loading the data")
		return nil
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case r := <-loaded:
		if r.err != nil {
			closeAll(srv, replay)
			return r.err
		}
		// The files are watched before the map is served, so that an edit
		// made as soon as the server answers is not missed.
		reloadOnChange(ctx, r.collections, datasetOptions(cfg.Limits), hup, log)
		current.Store(&r.handler)
		// Loading leaves its buffers behind: give their memory back now
		// rather than let the heap grow around the data. The map is served
		// meanwhile: a forced collection of a large heap takes a while.
		debug.FreeOSMemory()
		tuneGC()
		for _, c := range r.collections {
			info, err := c.Store.Info(ctx)
			if err != nil {
				fmt.Fprintf(stdout, "Chronomap: collection %q is not available yet (%v); it is served once it is\n", c.ID, err)
				continue
			}
			fmt.Fprintf(stdout, "Chronomap: collection %q, %s (%s)\n", c.ID, eventCount(info.Events), info.Title)
		}
	}
	fmt.Fprintf(stdout, "Chronomap: serving the map at %s\n", url)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	return shutdown(srv, replay, cfg.ShutdownGrace, log)
}

// gcRoom is how much garbage the heap may gather between collections once
// the data is loaded.
const gcRoom = 256 << 20

// tuneGC sets the garbage collector's target for a heap that is mostly
// loaded data that never changes: Go's default (GOGC=100) lets garbage grow
// to the data's own size before collecting, which would double a large
// dataset's memory; room for gcRoom of garbage costs a few more cheap
// collections instead. A GOGC the user set is left alone.
func tuneGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if pct := gcRoom * 100 / max(ms.HeapAlloc, 1); pct < 100 {
		debug.SetGCPercent(max(int(pct), 10))
	}
}

// shutdown stops taking requests and lets those in flight finish within
// grace; then it closes the connections still open. Either way the server
// has stopped as asked, so it is no error.
func shutdown(srv *http.Server, replay *server.Replay, grace time.Duration, log *slog.Logger) error {
	log.Info("shutting down", "grace", grace)
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	// Both at once: the connections Replay holds close as net/http's do.
	rerr := make(chan error, 1)
	go func() { rerr <- replay.Shutdown(ctx) }()
	err := srv.Shutdown(ctx)
	if err2 := <-rerr; err == nil {
		err = err2
	}
	if errors.Is(err, context.DeadlineExceeded) {
		log.Warn("shutdown: the grace period is over; closing the connections still open", "grace", grace)
		closeAll(srv, replay)
		return nil
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// closeAll closes every connection at once, Replay's and net/http's.
func closeAll(srv *http.Server, replay *server.Replay) {
	replay.Close()
	srv.Close()
}

// pageResult is the page's files and the basemap made from them.
type pageResult struct {
	assets fs.FS
	bm     *basemap.Basemap
	err    error
}

// loadPage finds the page's files, embedded or on disk (--dev), and loads
// the basemap from them.
func loadPage(cfg Config) pageResult {
	var assets fs.FS = web.Static()
	if cfg.Dev {
		assets = os.DirFS("web/static")
	}
	bm, err := basemap.Load(assets)
	return pageResult{assets, bm, err}
}

// newHandler wires the page, the basemap and the collections into the server.
func newHandler(cfg Config, pg pageResult, collections []server.Collection, vector *mbtiles.Tileset, log *slog.Logger) (http.Handler, error) {
	return server.New(server.Config{Collections: collections, Assets: pg.assets, Dev: cfg.Dev, BaseURL: cfg.BaseURL, Basemap: pg.bm,
		VectorTiles: vector, RasterTiles: cfg.Tiles, Logger: log, MaxQuery: cfg.MaxQuery,
		DatasetOptions: datasetOptions(cfg.Limits), MaxUpload: int64(cfg.MaxUploadMB) << 20})
}

// pageURL is the address to open: the host asked for, with the port bound.
func pageURL(addr string, bound net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(bound.String())
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
