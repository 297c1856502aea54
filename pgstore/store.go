// Package pgstore serves a PostGIS table of events (data/SCHEMA.md,
// "PostGIS") as a data.Store, keeping no copy of the events in memory.
package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"chronomap/data"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
)

// Defaults of the settings a URL may give.
const (
	DefaultQueryTimeout = 10 * time.Second
	// DefaultVersionTTL is how long a version read from the database is
	// trusted: a change in the table shows within it.
	DefaultVersionTTL = time.Second
)

// Store is a table of events in PostgreSQL with PostGIS. It is safe for
// concurrent use; several processes may serve the same table.
type Store struct {
	pool         *pgxpool.Pool
	table        string // a plain identifier, checked by Open
	opts         data.Options
	queryTimeout time.Duration
	versionTTL   time.Duration
	sql          statements
	zones        sync.Map // of UTC offsets in minutes: a fixed zone made once for each

	mu        sync.Mutex
	version   string
	versionAt time.Time
	info      *versionedInfo
}

type versionedInfo struct {
	version string
	info    data.Info
}

var _ data.Store = (*Store)(nil)

// IsURL reports whether a --data value names a database rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// tableName is what a table may be called: a plain lower-case identifier,
// short enough that the names of its indexes fit PostgreSQL's 63 bytes.
var tableName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,39}$`)

// settings are the parameters of a URL that pgstore reads and removes
// before pgx reads the rest.
type settings struct {
	table        string
	queryTimeout time.Duration
	versionTTL   time.Duration
}

// parseURL splits raw into pgx's URL and pgstore's settings: table
// (required), query_timeout and version_ttl (Go durations).
func parseURL(raw string) (string, settings, error) {
	s := settings{queryTimeout: DefaultQueryTimeout, versionTTL: DefaultVersionTTL}
	u, err := url.Parse(raw)
	if err != nil {
		return "", s, fmt.Errorf("pgstore: the database URL cannot be read: %w", err)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", s, fmt.Errorf("pgstore: %s: the parameters cannot be read: %w", u.Redacted(), err)
	}
	if n := len(q["table"]); n > 1 {
		return "", s, fmt.Errorf("pgstore: %s: table is given %d times; give it once", u.Redacted(), n)
	}
	s.table = q.Get("table")
	if !tableName.MatchString(s.table) {
		return "", s, fmt.Errorf("pgstore: %s: give the table as ?table=NAME, a lower-case identifier of at most 40 characters (got %q)", u.Redacted(), data.Clip(s.table))
	}
	for _, d := range []struct {
		name string
		to   *time.Duration
	}{{"query_timeout", &s.queryTimeout}, {"version_ttl", &s.versionTTL}} {
		if v := q.Get(d.name); v != "" {
			if *d.to, err = time.ParseDuration(v); err != nil || *d.to < 0 {
				return "", s, fmt.Errorf("pgstore: %s=%q is not a duration such as 5s", d.name, data.Clip(v))
			}
		}
		q.Del(d.name)
	}
	q.Del("table")
	u.RawQuery = q.Encode()
	return u.String(), s, nil
}

// Open returns a store for the table the URL names, e.g.
// postgres://user@host/db?table=events. It does not wait for the
// database: a database that is down makes requests fail with a
// *data.UnavailableError until it is back. opts says how events are
// encoded, as for a file.
func Open(raw string, opts data.Options) (*Store, error) {
	dsn, set, err := parseURL(raw)
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	// Each query is planned for its values: the filters are written once,
	// with a NULL for each part a request leaves out, and a plan made for
	// the NULLs would scan what an index finds.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	cfg.ConnConfig.ConnectTimeout = min(cmpOr(cfg.ConnConfig.ConnectTimeout, set.queryTimeout), set.queryTimeout)
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	return &Store{pool: pool, table: set.table, opts: opts, queryTimeout: set.queryTimeout,
		versionTTL: set.versionTTL, sql: newStatements(set.table)}, nil
}

func cmpOr(d, or time.Duration) time.Duration {
	if d == 0 {
		return or
	}
	return d
}

// Table returns the name of the table served.
func (s *Store) Table() string { return s.table }

// Close closes the store's connections.
func (s *Store) Close() { s.pool.Close() }

// Version is the table's version in chronomap_collections, which a
// trigger sets after every change (see data/SCHEMA.md); a table without
// the trigger, a view for one, is versioned by its count of rows. It is
// read at most once a versionTTL.
func (s *Store) Version(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.version != "" && time.Since(s.versionAt) < s.versionTTL {
		v := s.version
		s.mu.Unlock()
		return v, nil
	}
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, s.queryTimeout)
	defer cancel()
	var v string
	err := s.pool.QueryRow(ctx, s.sql.version, pgx.NamedArgs{"relation": s.table}).Scan(&v)
	if err != nil {
		// A relation not there (the table, or chronomap_collections in a
		// database nothing was loaded into): name the table if it is the
		// one missing, and say that load makes it.
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42P01" {
			if serr := s.checkSchema(ctx); serr != nil {
				return "", serr
			}
		}
		return "", s.unavailable(ctx, err)
	}
	s.mu.Lock()
	s.version, s.versionAt = v, time.Now()
	s.mu.Unlock()
	return v, nil
}

// Info describes the table, once for each version: it reads every row.
func (s *Store) Info(ctx context.Context) (data.Info, error) {
	version, err := s.Version(ctx)
	if err != nil {
		return data.Info{}, err
	}
	s.mu.Lock()
	vi := s.info
	s.mu.Unlock()
	if vi != nil && vi.version == version {
		return vi.info, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.queryTimeout)
	defer cancel()
	if err := s.checkSchema(ctx); err != nil {
		return data.Info{}, err
	}
	info := data.Info{Name: s.table}
	var name, title, meta *string
	var first, last *time.Time
	var minX, minY, maxX, maxY *float64
	err = s.pool.QueryRow(ctx, s.sql.info, pgx.NamedArgs{"relation": s.table}).
		Scan(&name, &title, &meta, &info.Events, &first, &last, &minX, &minY, &maxX, &maxY, &info.MaxSources)
	if err != nil {
		return data.Info{}, s.unavailable(ctx, err)
	}
	if name != nil {
		info.Name = *name
	}
	info.Title = s.table
	if title != nil {
		info.Title = *title
	}
	if meta != nil {
		// Written by chronomap load from a checked file; a table edited by
		// hand may hold anything, which is read as no metadata.
		if err := json.Unmarshal([]byte(*meta), &info.Meta); err != nil {
			info.Meta = data.Meta{}
		}
	}
	info.Meta.Title = info.Title
	rows, err := s.pool.Query(ctx, s.sql.categories)
	if err != nil {
		return data.Info{}, s.unavailable(ctx, err)
	}
	used, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return data.Info{}, s.unavailable(ctx, err)
	}
	info.Meta.Categories = data.ResolveCategories(info.Meta.Categories, used)
	if first != nil && minX != nil {
		info.First, info.Last = *first, *last
		info.Bound = orb.Bound{Min: orb.Point{*minX, *minY}, Max: orb.Point{*maxX, *maxY}}
	}
	s.mu.Lock()
	s.info = &versionedInfo{version: version, info: info}
	s.mu.Unlock()
	return info, nil
}

// unavailable turns an error from the database into a
// *data.UnavailableError whose reason a client may read.
func (s *Store) unavailable(ctx context.Context, err error) error {
	var ue *data.UnavailableError
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &ue):
		return err
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || (errors.As(err, &pe) && pe.Code == "57014"):
		return &data.UnavailableError{Reason: fmt.Sprintf("the database did not answer within %s", s.queryTimeout), Err: err}
	case errors.As(err, &ce):
		// Refused at connecting (a role, database or URL setting the
		// server does not know, say) is no matter of the table's shape.
		return &data.UnavailableError{Reason: "the database is unavailable", Err: err}
	case errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "42") || pe.Code == "22P02"):
		// Class 42: a table, column, type or function that is not there or
		// not of the kind the queries need.
		return &data.UnavailableError{Reason: fmt.Sprintf("table %s does not match the schema in data/SCHEMA.md: %s", s.table, pe.Message), Err: err}
	default:
		return &data.UnavailableError{Reason: "the database is unavailable", Err: err}
	}
}
