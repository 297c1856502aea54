package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"chronomap/data"
	"chronomap/geo"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/paulmach/orb"
)

// maxTrackVertices bounds the vertices a movement carries in the columns:
// enough for a smooth great-circle arc at map scale, few enough that 20k
// tracks stay a few megabytes.
const maxTrackVertices = 32

// columnRow is what the map needs of one event to draw and filter it.
type columnRow struct {
	id         string
	lon, lat   float32 // the place, or where a movement ends
	start, end int64   // Unix seconds
	offset     int16   // the start's UTC offset, minutes
	category   string
	track      orb.LineString // nil for a place
}

// columnRows is the one place the columns read the store, row i being
// the i-th event in time order (as items pages them).
func columnRows(ctx context.Context, store data.Store) ([]columnRow, error) {
	var rows []columnRow
	for m, err := range store.Marks(ctx) {
		if err != nil {
			return nil, err
		}
		_, off := m.Start.Zone()
		r := columnRow{id: m.ID, start: m.Start.Unix(), end: m.End.Unix(), offset: int16(off / 60), category: m.Category}
		switch g := m.Geometry.(type) {
		case orb.Point:
			r.lon, r.lat = float32(g.Lon()), float32(g.Lat())
		case orb.LineString:
			r.track = thin(g, maxTrackVertices)
			last := g[len(g)-1]
			r.lon, r.lat = float32(last.Lon()), float32(last.Lat())
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// thin keeps at most n vertices of ls, evenly spaced, always the last.
func thin(ls orb.LineString, n int) orb.LineString {
	if len(ls) <= n {
		return ls
	}
	out := make(orb.LineString, 0, n)
	step := float64(len(ls)-1) / float64(n-1)
	for i := 0; i < n-1; i++ {
		out = append(out, ls[int(float64(i)*step)])
	}
	return append(out, ls[len(ls)-1])
}

// columnSchema is the Arrow schema of /columns. Times are int32 seconds
// from the base in the metadata (2× smaller than float64 ms, and exact for
// ±68 years); category is an index into the collection's categories, whose
// ids the metadata lists.
func columnSchema(base int64, categories []string) *arrow.Schema {
	cats, _ := json.Marshal(categories)
	vertex := arrow.StructOf(
		arrow.Field{Name: "lon", Type: arrow.PrimitiveTypes.Float32},
		arrow.Field{Name: "lat", Type: arrow.PrimitiveTypes.Float32},
		arrow.Field{Name: "t", Type: arrow.PrimitiveTypes.Int32},
	)
	meta := arrow.NewMetadata([]string{"chronomap:base", "chronomap:categories"}, []string{strconv.FormatInt(base, 10), string(cats)})
	return arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "lon", Type: arrow.PrimitiveTypes.Float32},
		{Name: "lat", Type: arrow.PrimitiveTypes.Float32},
		{Name: "start", Type: arrow.PrimitiveTypes.Int32},
		{Name: "end", Type: arrow.PrimitiveTypes.Int32},
		{Name: "offset", Type: arrow.PrimitiveTypes.Int16},
		{Name: "category", Type: arrow.PrimitiveTypes.Uint8},
		{Name: "track", Type: arrow.ListOf(vertex), Nullable: true},
	}, &meta)
}

// encodeColumns writes rows, whose categories are among cats, as one Arrow
// IPC stream record batch.
func encodeColumns(rows []columnRow, cats []data.Category) ([]byte, error) {
	var base int64
	if len(rows) > 0 {
		base = rows[0].start
	}
	rel := func(t int64) (int32, error) {
		d := t - base
		if d < math.MinInt32 || d > math.MaxInt32 {
			return 0, fmt.Errorf("columns: %s is over 68 years from the first event", time.Unix(t, 0).UTC().Format(time.RFC3339))
		}
		return int32(d), nil
	}
	catIndex := map[string]uint8{}
	catIDs := make([]string, len(cats))
	for i, c := range cats {
		catIndex[c.ID], catIDs[i] = uint8(i), c.ID
	}
	schema := columnSchema(base, catIDs)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	ids := b.Field(0).(*array.StringBuilder)
	lon, lat := b.Field(1).(*array.Float32Builder), b.Field(2).(*array.Float32Builder)
	start, end := b.Field(3).(*array.Int32Builder), b.Field(4).(*array.Int32Builder)
	offset, cat := b.Field(5).(*array.Int16Builder), b.Field(6).(*array.Uint8Builder)
	track := b.Field(7).(*array.ListBuilder)
	vertex := track.ValueBuilder().(*array.StructBuilder)
	vlon, vlat := vertex.FieldBuilder(0).(*array.Float32Builder), vertex.FieldBuilder(1).(*array.Float32Builder)
	vt := vertex.FieldBuilder(2).(*array.Int32Builder)
	for _, r := range rows {
		s, err := rel(r.start)
		if err != nil {
			return nil, err
		}
		e, err := rel(r.end)
		if err != nil {
			return nil, err
		}
		ids.Append(r.id)
		lon.Append(r.lon)
		lat.Append(r.lat)
		start.Append(s)
		end.Append(e)
		offset.Append(r.offset)
		cat.Append(catIndex[r.category])
		if r.track == nil {
			track.AppendNull()
			continue
		}
		track.Append(true)
		for i, t := range vertexTimes(r.track, r.start, r.end) {
			vertex.Append(true)
			vlon.Append(float32(r.track[i].Lon()))
			vlat.Append(float32(r.track[i].Lat()))
			vt.Append(int32(t - base))
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	return ipcBytes(schema, rec)
}

// vertexTimes spreads [start, end] along ls by distance, as GPX export
// does: a movement goes at an even speed.
func vertexTimes(ls orb.LineString, start, end int64) []int64 {
	total := geo.Length(ls)
	out := make([]int64, len(ls))
	var done float64
	for i := range ls {
		if i > 0 {
			done += geo.Length(ls[i-1 : i+1])
		}
		out[i] = start
		if total > 0 {
			out[i] = start + int64(math.Round(float64(end-start)*done/total))
		}
	}
	out[len(out)-1] = end
	return out
}

// encodeRows writes row numbers as an Arrow IPC stream with one uint32
// column, "row": the answer to a search.
func encodeRows(rows []uint32) ([]byte, error) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "row", Type: arrow.PrimitiveTypes.Uint32}}, nil)
	b := array.NewUint32Builder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(rows, nil)
	col := b.NewArray()
	defer col.Release()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, int64(len(rows)))
	defer rec.Release()
	return ipcBytes(schema, rec)
}

// ipcBytes writes one record batch as an Arrow IPC stream.
func ipcBytes(schema *arrow.Schema, rec arrow.RecordBatch) ([]byte, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	if err := w.Write(rec); err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	return buf.Bytes(), nil
}

// searchRows returns the rows whose title, summary or place contain text,
// by the same rule as items' q; a row is the event's place in time order,
// as in the columns.
func searchRows(ctx context.Context, store data.Store, text string) ([]uint32, error) {
	found, err := store.Search(ctx, text)
	if err != nil {
		return nil, err
	}
	rows := make([]uint32, len(found))
	for i, r := range found {
		rows[i] = uint32(r)
	}
	return rows, nil
}
