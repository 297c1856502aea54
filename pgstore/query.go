package pgstore

import (
	"context"
	"iter"
	"slices"
	"strings"
	"time"

	"chronomap/data"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// statements are the queries of one table. Their text is fixed when the
// store opens; every value a request gives is a bind parameter.
type statements struct {
	version, info, categories, count, page, pageFound, pageAll, feature, features, marks, search string
}

// columns are what a row of the API reads, in recordTarget's order.
const columns = `id, title, summary, category, place, start, start_offset, "end", end_offset,
	time_precision, location_precision, killed, injured, figures::text, note, sources::text, extra::text, ST_AsBinary(geom)`

// where is data.Filter in SQL: each part is left out by a NULL.
const where = `(@from::timestamptz IS NULL AND @to::timestamptz IS NULL OR during && tstzrange(@from, @to, '[]'))
	AND (@categories::text[] IS NULL OR category = ANY(@categories))
	AND (@boxes::bytea IS NULL OR ST_Intersects(shape, ST_GeomFromWKB(@boxes, 4326)))
	AND (@q::text IS NULL OR search LIKE @q)`

// order is the events' one order, as in memory: start, then id byte by byte.
const order = ` ORDER BY start, id COLLATE "C"`

func newStatements(table string) statements {
	t := pgx.Identifier{table}.Sanitize()
	return statements{
		version: `SELECT coalesce((SELECT 'v' || version FROM chronomap_collections WHERE relation = @relation),
			(SELECT 'n' || count(*) FROM ` + t + `))`,
		info: `SELECT (SELECT name FROM chronomap_collections WHERE relation = @relation),
			(SELECT title FROM chronomap_collections WHERE relation = @relation),
			(SELECT meta::text FROM chronomap_collections WHERE relation = @relation), count(*), min(start), max(coalesce("end", start)),
			min(ST_XMin(shape)), min(ST_YMin(shape)), max(ST_XMax(shape)), max(ST_YMax(shape)),
			coalesce(max(json_array_length(sources::json)), 0) FROM ` + t,
		categories: `SELECT category FROM ` + t + ` GROUP BY category ORDER BY min(start), category`,
		count:      `SELECT count(*) FROM ` + t + ` WHERE ` + where,
		page:       `SELECT ` + columns + ` FROM ` + t + ` WHERE ` + where + order + ` LIMIT @limit OFFSET @offset`,
		// A page of the whole table starts at the key the offset reaches in
		// an index-only walk of (start, id), so the rows skipped are neither
		// read from the table nor turned into columns: at offset 950,000 of
		// a million, 0.11 s instead of 0.77 s.
		// A page of the matches of a time window, sorted after they are
		// found: ordered by an expression no index holds, PostgreSQL finds
		// them by the GiST on during. Ordered by start, it walks (start, id)
		// from the first event and checks each, as if the matches were
		// spread evenly over the table rather than crowded where their
		// window is: 470,000 rows for an hour late in a year of a million.
		pageFound: `SELECT ` + columns + ` FROM ` + t + ` WHERE ` + where +
			` ORDER BY start + interval '0', id COLLATE "C" LIMIT @limit OFFSET @offset`,
		pageAll: `SELECT ` + columns + ` FROM ` + t + ` WHERE (start, id) >= (SELECT start, id FROM ` + t + order + ` OFFSET @offset LIMIT 1)` +
			order + ` LIMIT @limit`,
		feature:  `SELECT ` + columns + ` FROM ` + t + ` WHERE id = @id`,
		features: `SELECT ` + columns + ` FROM ` + t + ` WHERE ` + where + order + ` LIMIT @limit OFFSET @offset`,
		marks: `SELECT id, start, start_offset, coalesce("end", start), coalesce(end_offset, start_offset), category, ST_AsBinary(geom)
			FROM ` + t + order,
		search: `SELECT n FROM (SELECT row_number() OVER (` + order + `) - 1 AS n, search FROM ` + t + `) s
			WHERE search LIKE @q ORDER BY n`,
	}
}

// args binds f, and a page of it, to the parameters of where; none is
// true when f can match nothing.
func args(f data.Filter, offset, limit int) (a pgx.NamedArgs, none bool) {
	a = pgx.NamedArgs{"from": nil, "to": nil, "categories": nil, "boxes": nil, "q": nil, "offset": offset, "limit": nil}
	if limit != data.All {
		a["limit"] = limit
	}
	from, to := f.Interval()
	if !from.IsZero() {
		a["from"] = from
	}
	if !to.IsZero() {
		a["to"] = to
	}
	if f.Categories != nil {
		cats := []string{}
		for c, on := range f.Categories {
			if on {
				cats = append(cats, c)
			}
		}
		slices.Sort(cats)
		a["categories"] = cats
	}
	if f.BBoxes != nil {
		var boxes orb.MultiPolygon
		for _, b := range f.BBoxes {
			boxes = append(boxes, orb.Polygon{b.ToRing()})
		}
		a["boxes"], _ = wkb.Marshal(boxes)
	}
	if f.Text != "" {
		// As in memory: lower-cased, and a NUL, which no text holds, matches nothing.
		q := strings.ToLower(f.Text)
		if strings.IndexByte(q, 0) >= 0 {
			return a, true
		}
		a["q"] = "%" + likeEscaper.Replace(q) + "%"
	}
	return a, false
}

// likeEscaper makes text match itself in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// sortAtMost is the most matches of a time window that Query finds first
// and then sorts; more are read in order, where they are dense enough.
const sortAtMost = 50000

// Query counts the matches of f and reads one page of them, in one round
// trip but for a time window. A filter of nothing counts from Info, read
// once per version.
func (s *Store) Query(ctx context.Context, f data.Filter, offset, limit int) (int, [][]byte, error) {
	a, none := args(f, offset, limit)
	if none {
		return 0, nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.queryTimeout)
	defer cancel()
	matched, page := -1, s.sql.page
	batch := &pgx.Batch{}
	switch {
	case f.From.IsZero() && f.To.IsZero() && f.BBoxes == nil && f.Categories == nil && f.Text == "":
		info, err := s.Info(ctx)
		if err != nil {
			return 0, nil, err
		}
		matched, page = info.Events, s.sql.pageAll
	case f.From.IsZero() && f.To.IsZero():
		batch.Queue(s.sql.count, a).QueryRow(func(row pgx.Row) error { return row.Scan(&matched) })
	default:
		// The count says which page statement is cheaper, so it comes first,
		// a round trip of its own.
		if err := s.pool.QueryRow(ctx, s.sql.count, a).Scan(&matched); err != nil {
			return 0, nil, s.unavailable(ctx, err)
		}
		if matched <= sortAtMost {
			page = s.sql.pageFound
		}
	}
	var features [][]byte
	batch.Queue(page, a).Query(func(rows pgx.Rows) error {
		var err error
		features, err = s.collect(rows)
		return err
	})
	if err := s.pool.SendBatch(ctx, batch).Close(); err != nil {
		return 0, nil, s.unavailable(ctx, err)
	}
	return matched, features, nil
}

// collect reads rows of columns as features.
func (s *Store) collect(rows pgx.Rows) ([][]byte, error) {
	var out [][]byte
	var rt recordTarget
	for rows.Next() {
		_, f, err := s.decode(rows, &rt)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Feature reads the event id.
func (s *Store) Feature(ctx context.Context, id string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, s.queryTimeout)
	defer cancel()
	rows, err := s.pool.Query(ctx, s.sql.feature, pgx.NamedArgs{"id": id})
	if err != nil {
		return nil, s.unavailable(ctx, err)
	}
	page, err := s.collect(rows)
	if err != nil {
		return nil, s.unavailable(ctx, err)
	}
	if len(page) == 0 {
		return nil, data.ErrNotFound
	}
	return page[0], nil
}

// Features yields the features of the matches of f.
func (s *Store) Features(ctx context.Context, f data.Filter, offset, limit int) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		s.stream(ctx, f, offset, limit, func(_ *data.Event, feature []byte, err error) bool { return yield(feature, err) })
	}
}

// Events yields the matches of f, decoded.
func (s *Store) Events(ctx context.Context, f data.Filter, offset, limit int) iter.Seq2[*data.Event, error] {
	return func(yield func(*data.Event, error) bool) {
		s.stream(ctx, f, offset, limit, func(ev *data.Event, _ []byte, err error) bool { return yield(ev, err) })
	}
}

// stream calls fn with each match of f from offset, at most limit, as it
// arrives, so an export neither waits for nor holds the whole table; an
// error is the last call. Only ctx bounds its time: it lasts as long as
// the client reads.
func (s *Store) stream(ctx context.Context, f data.Filter, offset, limit int, fn func(*data.Event, []byte, error) bool) {
	a, none := args(f, offset, limit)
	if none {
		return
	}
	rows, err := s.pool.Query(ctx, s.sql.features, a)
	if err != nil {
		fn(nil, nil, s.unavailable(ctx, err))
		return
	}
	defer rows.Close()
	var rt recordTarget
	for rows.Next() {
		ev, feature, err := s.decode(rows, &rt)
		if err != nil {
			fn(nil, nil, err)
			return
		}
		if !fn(ev, feature, nil) {
			return
		}
	}
	if err := rows.Err(); err != nil {
		fn(nil, nil, s.unavailable(ctx, err))
	}
}

// Marks yields every event's mark, in time order.
func (s *Store) Marks(ctx context.Context) iter.Seq2[data.Mark, error] {
	return func(yield func(data.Mark, error) bool) {
		rows, err := s.pool.Query(ctx, s.sql.marks)
		if err != nil {
			yield(data.Mark{}, s.unavailable(ctx, err))
			return
		}
		defer rows.Close()
		var m data.Mark
		var start, end time.Time
		var startOff, endOff int16
		var geom []byte
		for rows.Next() {
			if err := rows.Scan(&m.ID, &start, &startOff, &end, &endOff, &m.Category, &geom); err != nil {
				yield(data.Mark{}, s.unavailable(ctx, err))
				return
			}
			m.Start, m.End = s.inZone(start, startOff), s.inZone(end, endOff)
			ev := &data.Event{}
			if ev.Written, err = wkb.Unmarshal(geom); err == nil {
				err = s.opts.Prepare(ev)
			}
			if err != nil {
				yield(data.Mark{}, s.badRow(m.ID, err))
				return
			}
			m.Geometry = ev.Geometry
			if !yield(m, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(data.Mark{}, s.unavailable(ctx, err))
		}
	}
}

// Search returns the positions of the events whose text holds text.
func (s *Store) Search(ctx context.Context, text string) ([]int, error) {
	a, none := args(data.Filter{Text: text}, 0, data.All)
	if none {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.queryTimeout)
	defer cancel()
	rows, err := s.pool.Query(ctx, s.sql.search, pgx.NamedArgs{"q": a["q"]})
	if err != nil {
		return nil, s.unavailable(ctx, err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, s.unavailable(ctx, err)
	}
	return found, nil
}

// recordTarget is where a row of columns is scanned.
type recordTarget struct {
	r                data.Record
	start            time.Time
	startOff         int16
	end              *time.Time
	endOff           *int16
	figures, sources []byte
	extra, geom      []byte
	note             *string
	killed, injured  *int64
	dest             []any
}

func (rt *recordTarget) targets() []any {
	if rt.dest == nil {
		r := &rt.r
		rt.dest = []any{&r.ID, &r.Title, &r.Summary, &r.Category, &r.Place, &rt.start, &rt.startOff, &rt.end, &rt.endOff,
			&r.TimePrecision, &r.LocationPrecision, &rt.killed, &rt.injured, &rt.figures, &rt.note, &rt.sources, &rt.extra, &rt.geom}
	}
	return rt.dest
}

// decode reads the row at rows as an event and its feature.
func (s *Store) decode(rows pgx.Rows, rt *recordTarget) (*data.Event, []byte, error) {
	if err := rows.Scan(rt.targets()...); err != nil {
		return nil, nil, s.unavailable(context.Background(), err)
	}
	r := &rt.r
	r.Start = s.inZone(rt.start, rt.startOff)
	r.End = time.Time{}
	if rt.end != nil && rt.endOff != nil {
		r.End = s.inZone(*rt.end, *rt.endOff)
	}
	r.Killed, r.Injured, r.Note = rt.killed, rt.injured, rt.note
	r.Figures, r.Sources, r.Extra = rt.figures, rt.sources, rt.extra
	var err error
	if r.Written, err = wkb.Unmarshal(rt.geom); err != nil {
		return nil, nil, s.badRow(r.ID, err)
	}
	ev, feature, err := r.Feature(s.opts)
	if err != nil {
		return nil, nil, s.badRow(r.ID, err)
	}
	return ev, feature, nil
}

// badRow is a row the schema's checks should have kept out.
func (s *Store) badRow(id string, err error) error {
	return &data.UnavailableError{Reason: "table " + s.table + " holds an event that does not match the schema in data/SCHEMA.md: " + data.Clip(id), Err: err}
}

// inZone returns t at the UTC offset of minutes, as the file wrote it.
func (s *Store) inZone(t time.Time, minutes int16) time.Time {
	z, ok := s.zones.Load(minutes)
	if !ok {
		z, _ = s.zones.LoadOrStore(minutes, time.FixedZone("", int(minutes)*60))
	}
	return t.In(z.(*time.Location))
}
