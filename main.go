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
	"syscall"
	"time"

	"chronomap/basemap"
	"chronomap/server"
	"chronomap/web"
)

// Config holds the command-line settings.
type Config struct {
	Addr string   // host:port to listen on
	Data []string // dataset files; none serves the embedded one
	Dev  bool     // serve web/static from disk, for front-end work
	// BaseURL starts the absolute links in the API; empty: the request's Host.
	BaseURL string
}

// fileList is a flag that may be given more than once.
type fileList []string

func (f *fileList) String() string     { return fmt.Sprint(*f) }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == "validate" {
		err = validate(os.Args[2:], os.Stdout, os.Stderr)
	} else {
		err = run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2) // the flag package has said what was wrong
	default:
		fmt.Fprintln(os.Stderr, "chronomap:", err)
		os.Exit(2)
	}
}

// errUsage is a command line the flag package has already reported.
var errUsage = errors.New("usage")

func parseFlags(args []string, stderr io.Writer) (Config, error) {
	cfg := Config{Addr: "localhost:8080"}
	fs := flag.NewFlagSet("chronomap", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: chronomap [flags]\n       chronomap validate FILE...\n\n"+
			"Serves the map at http://ADDR/ and the API at http://ADDR/api.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "`host:port` to listen on (port 0 picks a free one)")
	fs.Var((*fileList)(&cfg.Data), "data", "dataset `file` (GeoJSON or CSV, see data/SCHEMA.md) to serve instead of the embedded one; repeat for more collections")
	fs.BoolVar(&cfg.Dev, "dev", false, "serve the page from web/static on disk, so edits show on reload")
	fs.StringVar(&cfg.BaseURL, "base-url", "", "`URL` that absolute links in the API start with, e.g. https://maps.example.org (default: from the request's Host)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, errUsage
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
	return cfg, nil
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	collections, err := loadCollections(cfg.Data)
	if err != nil {
		return err
	}
	handler, err := newHandler(cfg, collections, log)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	for _, c := range collections {
		fmt.Fprintf(stdout, "Chronomap: collection %q, %d events (%s)\n", c.ID, c.Dataset.Len(), c.Dataset.Title)
	}
	fmt.Fprintf(stdout, "Chronomap: serving the map at %s\n", pageURL(cfg.Addr, ln.Addr()))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// newHandler wires the page, the basemap and the collections into the server.
func newHandler(cfg Config, collections []server.Collection, log *slog.Logger) (http.Handler, error) {
	var assets fs.FS = web.Static()
	if cfg.Dev {
		assets = os.DirFS("web/static")
	}
	bm, err := basemap.Load(assets)
	if err != nil {
		return nil, err
	}
	return server.New(server.Config{Collections: collections, Assets: assets, Dev: cfg.Dev, BaseURL: cfg.BaseURL, Basemap: bm, Logger: log})
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
