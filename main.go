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

	"chronomap/data"
	"chronomap/geo"
	"chronomap/server"
	"chronomap/web"
)

// Config holds the command-line settings.
type Config struct {
	Addr string // host:port to listen on
	Data string // dataset file; empty serves the embedded one
	Dev  bool   // serve web/static from disk, for front-end work
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "chronomap:", err)
		}
		os.Exit(2)
	}
}

func parseFlags(args []string, stderr io.Writer) (Config, error) {
	cfg := Config{Addr: "localhost:8080"}
	fs := flag.NewFlagSet("chronomap", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: chronomap [flags]\n\nServes the map at http://ADDR/ and the API at http://ADDR/api.\n\nFlags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "`host:port` to listen on (port 0 picks a free one)")
	fs.StringVar(&cfg.Data, "data", "", "GeoJSON dataset `file` to serve instead of the embedded one (see data/SCHEMA.md)")
	fs.BoolVar(&cfg.Dev, "dev", false, "serve the page from web/static on disk, so edits show on reload")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q (see -h)", fs.Arg(0))
	}
	return cfg, nil
}

// loadDataset loads the file named, or the embedded dataset.
func loadDataset(file string) (*data.Dataset, error) {
	name, b := data.DefaultFile, data.Default()
	if file != "" {
		var err error
		if b, err = os.ReadFile(file); err != nil {
			return nil, fmt.Errorf("read dataset: %w", err)
		}
		name = file
	}
	return data.Load(name, b, data.Options{Geometry: geo.Densify})
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ds, err := loadDataset(cfg.Data)
	if err != nil {
		return err
	}
	var assets fs.FS = web.Static()
	if cfg.Dev {
		assets = os.DirFS("web/static")
	}
	handler, err := server.New(server.Config{Dataset: ds, Assets: assets, Logger: log})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "Chronomap: %d events of %q at %s\n", ds.Len(), ds.Title, pageURL(cfg.Addr, ln.Addr()))

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

// pageURL is the address to open: the host asked for, with the port bound.
func pageURL(addr string, bound net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(bound.String())
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
