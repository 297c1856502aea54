package pgstore

import (
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"chronomap/data"

	"github.com/jackc/pgx/v5"
)

// schemaSQL creates the table "events" as data/SCHEMA.md shows it, with
// its indexes and version trigger, if they are not there.
//
//go:embed schema.sql
var schemaSQL string

// tableWord is the table's name in schemaSQL: where a name starts, in the
// table's, its indexes' and its trigger's names.
var tableWord = regexp.MustCompile(`\bevents`)

// DDL returns schemaSQL for the table named table, which Open has checked
// is a plain identifier.
func DDL(table string) string { return tableWord.ReplaceAllLiteralString(schemaSQL, table) }

// columnTypes are the columns the queries read, and the types each may
// have, as format_type names them.
var columnTypes = map[string][]string{
	"id": {"text"}, "title": {"text"}, "summary": {"text"}, "category": {"text"}, "place": {"text"},
	"start": {"timestamp with time zone"}, "start_offset": {"smallint", "integer"},
	"end": {"timestamp with time zone"}, "end_offset": {"smallint", "integer"},
	"time_precision": {"text"}, "location_precision": {"text"},
	"killed": {"smallint", "integer", "bigint"}, "injured": {"smallint", "integer", "bigint"},
	"figures": {"json", "jsonb"}, "note": {"text"}, "sources": {"json", "jsonb"}, "extra": {"json", "jsonb"},
	"geom": {"geometry"}, "shape": {"geometry"}, "during": {"tstzrange"}, "search": {"text"},
}

// checkSchema names every column the table lacks or has of another type.
func (s *Store) checkSchema(ctx context.Context) error {
	rows, err := s.pool.Query(ctx, `SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a
		WHERE a.attrelid = to_regclass(@relation) AND a.attnum > 0 AND NOT a.attisdropped`, pgx.NamedArgs{"relation": s.table})
	if err != nil {
		return s.unavailable(ctx, err)
	}
	have := map[string]string{}
	var name, typ string
	_, err = pgx.ForEachRow(rows, []any{&name, &typ}, func() error { have[name] = typ; return nil })
	if err != nil {
		return s.unavailable(ctx, err)
	}
	if len(have) == 0 {
		return &data.UnavailableError{Reason: fmt.Sprintf("table %s does not exist (chronomap load makes it; see data/SCHEMA.md)", s.table)}
	}
	var problems []string
	for col, types := range columnTypes {
		switch t, ok := have[col]; {
		case !ok:
			problems = append(problems, fmt.Sprintf("column %s is missing", col))
		case !slices.Contains(types, t):
			problems = append(problems, fmt.Sprintf("column %s is %s, want %s", col, t, strings.Join(types, " or ")))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return &data.UnavailableError{Reason: fmt.Sprintf("table %s does not match the schema in data/SCHEMA.md: %s", s.table, strings.Join(problems, "; "))}
	}
	return nil
}
