// Package pgtest starts a throw-away PostgreSQL server with PostGIS for a
// test: initdb into a temporary directory, pg_ctl on a Unix socket there,
// stopped and removed when the test ends.
package pgtest

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Server is a running throw-away PostgreSQL.
type Server struct {
	// URL is of its database "postgres", as the superuser "chronomap".
	URL       string
	pgCtl     func(args ...string) error
	dataDir   string
	startArgs []string
}

// Stop stops the server at once, as a crash would.
func (s *Server) Stop() error { return s.pgCtl("-D", s.dataDir, "-m", "immediate", "-w", "stop") }

// Restart starts the server again after Stop.
func (s *Server) Restart() error { return s.pgCtl(s.startArgs...) }

// Start starts a server. Without PostgreSQL and PostGIS installed it skips
// the test, or fails it when the environment says CI=1.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := binDir()
	if err != nil {
		missing(t, err)
	}
	share, err := exec.Command(filepath.Join(bin, "pg_config"), "--sharedir").Output()
	if err != nil {
		missing(t, fmt.Errorf("pg_config: %w", err))
	}
	if _, err := os.Stat(filepath.Join(string(bytes.TrimSpace(share)), "extension", "postgis.control")); err != nil {
		missing(t, fmt.Errorf("PostGIS is not installed: %w", err))
	}
	dir, err := os.MkdirTemp("", "chronomap-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	cred, err := credential(dir)
	if err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			return fmt.Errorf("%s: %w\n%s\n%s", name, err, out, log)
		}
		return nil
	}
	s := &Server{URL: "postgres://chronomap@/postgres?sslmode=disable&host=" + url.QueryEscape(dir),
		pgCtl: func(args ...string) error { return run("pg_ctl", args...) }, dataDir: filepath.Join(dir, "data")}
	// Durability is no concern of a throw-away server; speed is.
	s.startArgs = []string{"-D", s.dataDir, "-l", filepath.Join(dir, "log"), "-w", "-o",
		"-k " + dir + " -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"}
	if err := run("initdb", "-D", s.dataDir, "-U", "chronomap", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		t.Fatal(err)
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil && !strings.Contains(err.Error(), "not running") && !strings.Contains(err.Error(), "PID file") {
			t.Errorf("pg_ctl stop: %v", err)
		}
	})
	return s
}

func missing(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("PostgreSQL with PostGIS is needed in CI: %v", err)
	}
	t.Skipf("skipped: no PostgreSQL with PostGIS here (apt-get install postgresql-15 postgresql-15-postgis-3): %v", err)
}

// binDir finds PostgreSQL's programs: $PG_BIN, or the newest of Debian's
// /usr/lib/postgresql/*/bin.
func binDir() (string, error) {
	if d := os.Getenv("PG_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no initdb in /usr/lib/postgresql/*/bin (or set PG_BIN)")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// credential is who runs the server: PostgreSQL refuses to run as root, so
// root hands dir to the postgres system user and runs it as that user.
func credential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtest: running as root, and there is no postgres user to run PostgreSQL as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}
