package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"chronomap/data"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb/encoding/ewkb"
)

// copyColumns are the columns Load writes; PostgreSQL derives the rest.
var copyColumns = []string{"id", "title", "summary", "category", "place", "start", "start_offset", "end", "end_offset",
	"time_precision", "location_precision", "killed", "injured", "figures", "note", "sources", "extra", "geom"}

// LoadOptions adjust Load.
type LoadOptions struct {
	Append bool // keep the rows the table has; by default they are replaced
}

// Load writes ds, a validated dataset, into the table the URL names, in
// one transaction: the table, its indexes and its trigger are made if they
// are not there, its rows are replaced (or, with Append, added to) by COPY,
// and its title is set. Readers see the old rows until it commits; on any
// error nothing changes. It returns the number of events written.
func Load(ctx context.Context, raw string, ds *data.Dataset, o LoadOptions) (int64, error) {
	dsn, set, err := parseURL(raw)
	if err != nil {
		return 0, err
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, fmt.Errorf("load: connect: %w", err)
	}
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("load: %w", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, DDL(set.table)); err != nil {
		return 0, fmt.Errorf("load: create table %s: %w", set.table, err)
	}
	// COPY sends geometry in PostGIS's binary form, EWKB, as bytes.
	var oid uint32
	if err := tx.QueryRow(ctx, `SELECT 'geometry'::regtype::oid`).Scan(&oid); err != nil {
		return 0, fmt.Errorf("load: %w", err)
	}
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "geometry", OID: oid, Codec: pgtype.ByteaCodec{}})
	table := pgx.Identifier{set.table}
	if !o.Append {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table.Sanitize()); err != nil {
			return 0, fmt.Errorf("load: empty %s: %w", set.table, err)
		}
	}
	next, stop := iter.Pull2(data.NewMemStore(ds).Events(ctx, data.Filter{}, 0, data.All))
	defer stop()
	n, err := tx.CopyFrom(ctx, table, copyColumns, &copySource{next: next})
	if err != nil {
		// PostgreSQL says which row in its detail: the id already there.
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Detail != "" {
			return 0, fmt.Errorf("load: copy into %s: %w: %s", set.table, err, pe.Detail)
		}
		return 0, fmt.Errorf("load: copy into %s: %w", set.table, err)
	}
	meta, err := json.Marshal(ds.Meta)
	if err != nil {
		return 0, fmt.Errorf("load: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE chronomap_collections SET name = @name, title = @title, meta = @meta WHERE relation = @relation`,
		pgx.NamedArgs{"name": ds.Name, "title": ds.Title, "meta": string(meta), "relation": set.table}); err != nil {
		return 0, fmt.Errorf("load: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("load: commit: %w", err)
	}
	return n, nil
}

// copySource feeds CopyFrom one event at a time.
type copySource struct {
	next   func() (*data.Event, error, bool)
	values []any
	err    error
}

func (c *copySource) Next() bool {
	ev, err, ok := c.next()
	if !ok || err != nil {
		c.err = err
		return false
	}
	r := data.NewRecord(ev)
	geom, err := ewkb.Marshal(r.Written, 4326)
	if err != nil {
		c.err = fmt.Errorf("event %s: %w", r.ID, err)
		return false
	}
	_, startOff := r.Start.Zone()
	var end, endOff any
	if !r.End.IsZero() {
		_, off := r.End.Zone()
		end, endOff = r.End, int16(off/60)
	}
	c.values = []any{r.ID, r.Title, r.Summary, r.Category, r.Place, r.Start, int16(startOff / 60), end, endOff,
		r.TimePrecision, r.LocationPrecision, r.Killed, r.Injured, rawJSON(r.Figures), r.Note, rawJSON(r.Sources), rawJSON(r.Extra), geom}
	return true
}

func (c *copySource) Values() ([]any, error) { return c.values, nil }
func (c *copySource) Err() error             { return c.err }

// rawJSON is JSON to write as it is, or NULL.
func rawJSON(b []byte) any {
	if b == nil {
		return nil
	}
	return json.RawMessage(b)
}
