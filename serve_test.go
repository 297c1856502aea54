package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"chronomap/server"
)

// start runs runServer with load on a free port and returns the URL it
// prints first, at once when the port is bound, and a channel with what
// runServer returns.
func start(t *testing.T, ctx context.Context, load loadFunc) (string, <-chan error) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	cfg := Config{Addr: "127.0.0.1:0", ShutdownGrace: 5 * time.Second}
	go func() { done <- runServer(ctx, cfg, load, pw, io.Discard); pw.Close() }()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		t.Fatal("runServer printed nothing")
	}
	go io.Copy(io.Discard, pr)
	url := regexp.MustCompile(`http://\S+/`).FindString(sc.Text())
	if url == "" {
		t.Fatalf("no URL in %q", sc.Text())
	}
	return url, done
}

// TestLoadingAnswers503 serves while a slow load runs: every route answers
// 503 with a JSON body and Retry-After, then the real handler takes over.
func TestLoadingAnswers503(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	url, done := start(t, ctx, func(ctx context.Context, files []string) ([]server.Collection, error) {
		<-release
		return loadCollections(ctx, files, datasetOptions(fileLimits{}))
	})
	for _, path := range []string{"", "api/collections/events/items", "healthz", "nothing"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || err != nil || body["code"] != "Loading" {
			t.Errorf("/%s while loading: %d, Retry-After %q, body %v (%v)", path, resp.StatusCode, resp.Header.Get("Retry-After"), body, err)
		}
	}
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url + "healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d 10 s after the data loaded", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("runServer: %v", err)
	}
}

// TestStopWhileLoading: a signal during a load that does not stop returns
// at once (review section 6).
func TestStopWhileLoading(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	never := make(chan struct{})
	defer close(never)
	_, done := start(t, ctx, func(context.Context, []string) ([]server.Collection, error) {
		<-never // a loader that ignores its context
		return nil, nil
	})
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("runServer: %v, want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("runServer still waits for the load 2 s after its context was cancelled")
	}
}

// TestPortInUseBeforeLoading: a port in use is reported before any data is
// loaded (review section 15).
func TestPortInUseBeforeLoading(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var loaded atomic.Bool
	err = runServer(context.Background(), Config{Addr: ln.Addr().String()},
		func(context.Context, []string) ([]server.Collection, error) {
			loaded.Store(true)
			return nil, nil
		}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("runServer on a port in use: %v, want a listen error", err)
	}
	if loaded.Load() {
		t.Error("the data was loaded before the port was bound")
	}
}

// TestShutdownGrace: a response in flight when the signal comes finishes
// within the grace period; past it, the connection is closed; neither is
// an error (review section 9).
func TestShutdownGrace(t *testing.T) {
	for name, tc := range map[string]struct {
		grace time.Duration
		whole bool
	}{
		"finishes within the grace":  {3 * time.Second, true},
		"cut when the grace is over": {200 * time.Millisecond, false},
	} {
		t.Run(name, func(t *testing.T) {
			// A download that takes a second: 20 pieces, 50 ms apart.
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for i := 0; i < 20; i++ {
					w.Write([]byte(strings.Repeat("x", 1000)))
					http.NewResponseController(w).Flush()
					time.Sleep(50 * time.Millisecond)
				}
			})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			// As runServer does: Replay takes the connections first.
			replay := server.NewReplay(server.ReplayConfig{ReadHeaderTimeout: time.Second, IdleTimeout: time.Second, WriteTimeout: time.Second})
			srv := &http.Server{Handler: replay.Handler(h)}
			go srv.Serve(replay.Listener(ln))
			resp, err := http.Get("http://" + ln.Addr().String() + "/")
			if err != nil {
				t.Fatal(err)
			}
			got := make(chan int, 1)
			go func() {
				b, _ := io.ReadAll(resp.Body)
				got <- len(b)
			}()
			start := time.Now()
			if err := shutdown(srv, replay, tc.grace, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
				t.Errorf("shutdown: %v", err)
			}
			n := <-got
			if whole := n == 20000; whole != tc.whole {
				t.Errorf("the client got %d of 20000 bytes; want them all: %v", n, tc.whole)
			}
			if took := time.Since(start); took > tc.grace+time.Second {
				t.Errorf("shutdown took %v with a grace of %v", took, tc.grace)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"--base-url", "https://maps.example.org/chronomap/", "--access-log=false", "--shutdown-grace", "1m"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://maps.example.org/chronomap" || cfg.AccessLog || cfg.ShutdownGrace != time.Minute {
		t.Errorf("config %+v", cfg)
	}
	if cfg, _ := parseFlags([]string{"--frame-ancestors", "'self',https://news.example.org"}, io.Discard); cfg.FrameAncestors != "'self' https://news.example.org" {
		t.Errorf("--frame-ancestors: %q", cfg.FrameAncestors)
	}
	if cfg, _ := parseFlags(nil, io.Discard); !cfg.AccessLog || cfg.ShutdownGrace != 30*time.Second || cfg.BaseURL != "" || cfg.FrameAncestors != "'none'" {
		t.Errorf("defaults %+v", cfg)
	}
	for _, args := range [][]string{
		{"--base-url", "maps.example.org"},
		{"--base-url", "https://maps.example.org/?x=1"},
		{"--shutdown-grace", "-1s"},
		{"--shutdown-grace", "soon"},
		{"--frame-ancestors", "'none' https://example.org"},
		{"--frame-ancestors", "https://example.org; script-src *"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

func TestTileFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"--tiles", "https://{s}.tiles.example.org/{z}/{x}/{y}.png", "--tiles-attribution", "© Example"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Tiles == nil || cfg.Tiles.Attribution != "© Example" || len(cfg.Tiles.Origins) != 3 {
		t.Errorf("--tiles: %+v", cfg.Tiles)
	}
	tests := map[string]struct {
		args []string
		want string
	}{
		"no attribution":         {[]string{"--tiles", "https://t.example.org/{z}/{x}/{y}.png"}, "--tiles needs --tiles-attribution TEXT"},
		"a blank attribution":    {[]string{"--tiles", "https://t.example.org/{z}/{x}/{y}.png", "--tiles-attribution", " "}, "--tiles needs --tiles-attribution"},
		"an attribution alone":   {[]string{"--tiles-attribution", "© Example"}, "--tiles-attribution: there is no --tiles server to credit"},
		"a template without {z}": {[]string{"--tiles", "https://t.example.org/{x}/{y}.png", "--tiles-attribution", "x"}, "--tiles: URL template"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseFlags(tc.args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("parseFlags(%q) = %v, want an error containing %q", tc.args, err, tc.want)
			}
		})
	}
}

func TestBadBasemapFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "streets.mbtiles")
	if err := os.WriteFile(path, []byte("not tiles"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--basemap", path}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--basemap: mbtiles: "+path+": not an MBTiles file") {
		t.Errorf("run with a text file as --basemap: %v", err)
	}
}
