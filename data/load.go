package data

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/paulmach/orb"
)

// Limits bound what a dataset file can make large. Zero fields take the
// value in DefaultLimits.
type Limits struct {
	FileSize  int64 // bytes in a dataset file
	Field     int   // bytes in one property's value
	WayPoints int   // positions of one LineString, as written
	Problems  int   // problems reported for a bad file; the rest are counted
}

// DefaultLimits are generous for any real chronology and small enough that a
// hostile file cannot take the server's memory.
var DefaultLimits = Limits{FileSize: 4 << 30, Field: 64 << 10, WayPoints: 10000, Problems: 1000}

func (l Limits) orDefault() Limits {
	d := DefaultLimits
	if l.FileSize > 0 {
		d.FileSize = l.FileSize
	}
	if l.Field > 0 {
		d.Field = l.Field
	}
	if l.WayPoints > 0 {
		d.WayPoints = l.WayPoints
	}
	if l.Problems > 0 {
		d.Problems = l.Problems
	}
	return d
}

// Options adjust how a dataset is loaded.
type Options struct {
	// Geometry, when set, replaces each event's geometry (as written, after
	// validation) before it is indexed: the geo package densifies tracks
	// here. An error is the geometry's problem.
	Geometry func(orb.Geometry) (orb.Geometry, error)
	// Precision is the factor output coordinates are rounded by (1e6 keeps
	// six decimals); 0 keeps them as they are.
	Precision float64
	Limits    Limits
	// Meta, when set, is the dataset's metadata from a file of its own (a
	// sidecar, named MetaFile in messages), as a GeoJSON file's "chronomap"
	// member holds it.
	Meta     []byte
	MetaFile string
}

// Open loads the dataset file at path, GeoJSON or CSV (see Read), with
// its sidecar metadata file when there is one (see WithSidecar).
func Open(ctx context.Context, path string, opts Options) (*Dataset, error) {
	opts, err := WithSidecar(path, opts)
	if err != nil {
		return nil, err
	}
	f, err := OpenFile(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(ctx, path, f, opts)
}

// SidecarPath is where the metadata of the dataset file at path lives when
// the file cannot carry it: events.csv's is events.meta.json.
func SidecarPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.json"
}

// maxSidecar bounds a sidecar metadata file.
const maxSidecar = 1 << 20

// WithSidecar returns opts with the metadata of the sidecar file next to
// path, when there is one.
func WithSidecar(path string, opts Options) (Options, error) {
	side := SidecarPath(path)
	f, err := os.Open(side)
	if errors.Is(err, os.ErrNotExist) {
		return opts, nil
	}
	if err != nil {
		return opts, fmt.Errorf("read metadata: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSidecar+1))
	if err != nil {
		return opts, fmt.Errorf("read metadata %s: %w", side, err)
	}
	if len(b) > maxSidecar {
		return opts, &InvalidError{Problems: []Problem{{File: side, Msg: fmt.Sprintf("is larger than %d bytes, the limit for a metadata file", maxSidecar)}}}
	}
	opts.Meta, opts.MetaFile = b, side
	return opts, nil
}

// OpenFile opens a dataset file, or gives up when ctx is done first:
// opening a FIFO waits for a writer, and a cancel must not wait with it.
func OpenFile(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return nil, fmt.Errorf("read dataset: %w", o.err)
		}
		return o.f, nil
	case <-ctx.Done():
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// Read loads a dataset named file from r: CSV when the name ends in .csv,
// GeoJSON when it ends in .geojson or .json, and otherwise GeoJSON when the
// first character is "{". It returns an *InvalidError listing every problem
// when the file is not valid, and ctx's error when ctx is done first.
func Read(ctx context.Context, file string, r io.Reader, opts Options) (*Dataset, error) {
	l, read := newLoader(ctx, file, r, opts)
	return l.run(read)
}

// newLoader prepares to load r: a loader, and the reader for its format.
func newLoader(ctx context.Context, file string, r io.Reader, opts Options) (*loader, func(chan<- *batch) error) {
	opts.Limits = opts.Limits.orDefault()
	l := &loader{ctx: ctx, file: file, opts: opts, unit: "feature", hash: xxhash.New()}
	// The version names the metadata too, when a sidecar holds it.
	l.hash.Write(opts.Meta)
	l.buffers.New = func() any { return make([]byte, 0, 1<<20) }
	l.input = &limitReader{r: r, left: opts.Limits.FileSize}
	br := bufio.NewReaderSize(io.TeeReader(l.input, l.hash), 1<<20)
	// A byte-order mark is not part of the text (RFC 8259 lets a parser skip it).
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	if head, _ := br.Peek(16); notText(head) != "" {
		return l, func(chan<- *batch) error { return l.fileProblemf("%s", notText(head)) }
	}
	csv := false
	switch strings.ToLower(filepath.Ext(file)) {
	case ".csv":
		csv = true
	case ".geojson", ".json":
	default:
		head, _ := br.Peek(512)
		t := bytes.TrimLeft(head, " \t\r\n")
		csv = len(t) == 0 || t[0] != '{'
	}
	if csv {
		l.unit = "row"
		return l, func(out chan<- *batch) error { return l.readCSV(br, out) }
	}
	return l, func(out chan<- *batch) error { return l.readGeoJSON(br, out) }
}

// binaryFormats are files people take for a chronology's, told by their
// first bytes, with what to do instead.
var binaryFormats = []struct{ magic, says string }{
	{"PK\x03\x04", "is a zip file (an .xlsx or .ods spreadsheet, perhaps), not CSV or GeoJSON text: save the sheet as \"CSV UTF-8\""},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an old Office file (an .xls spreadsheet, perhaps), not CSV or GeoJSON text: save the sheet as \"CSV UTF-8\""},
	{"\x1f\x8b", "is gzip-compressed: decompress it first (gunzip)"},
	{"SQLite format 3\x00", "is an SQLite database (a GeoPackage, perhaps): convert it with ogr2ogr -f GeoJSON out.geojson in.gpkg"},
	{"\x00\x00\x27\x0a", "is a shapefile (.shp): convert it with ogr2ogr -f GeoJSON out.geojson in.shp"},
	{"%PDF-", "is a PDF, not CSV or GeoJSON text"},
}

// notText says what a file that starts with head is, when it is one of
// binaryFormats, or "".
func notText(head []byte) string {
	for _, f := range binaryFormats {
		if bytes.HasPrefix(head, []byte(f.magic)) {
			return f.says
		}
	}
	return ""
}

// Summary is what Validate tells of a good file.
type Summary struct {
	Events      int
	First, Last time.Time // the earliest start and the latest end
}

// Validate checks a dataset file as Read does, with the same problems, but
// keeps none of its events: its memory does not grow with the file.
func Validate(ctx context.Context, file string, r io.Reader, opts Options) (Summary, error) {
	l, read := newLoader(ctx, file, r, opts)
	l.checkOnly = true
	_, err := l.run(read)
	return l.summary, err
}

// Load loads a GeoJSON dataset from b.
func Load(file string, b []byte, opts Options) (*Dataset, error) {
	return Read(context.Background(), withExt(file, ".geojson"), bytes.NewReader(b), opts)
}

// LoadCSV loads a CSV dataset from b.
func LoadCSV(file string, b []byte, opts Options) (*Dataset, error) {
	return Read(context.Background(), withExt(file, ".csv"), bytes.NewReader(b), opts)
}

// withExt gives file the extension ext unless it already names its format.
func withExt(file, ext string) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ext, ".json":
		return file
	}
	return file + ext
}

// errTooLarge is a file over Limits.FileSize.
var errTooLarge = errors.New("too large")

// limitReader reads the file, at most left more bytes of it, and keeps the
// first error other than io.EOF that a read returned.
type limitReader struct {
	r    io.Reader
	left int64
	err  error
}

func (l *limitReader) Read(p []byte) (n int, err error) {
	defer func() {
		if err != nil && err != io.EOF && l.err == nil {
			l.err = err
		}
	}()
	if l.left <= 0 {
		if n, _ := l.r.Read(make([]byte, 1)); n > 0 {
			return 0, errTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err = l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// batchSize is how many features a worker takes at a time: enough to make
// the hand-over cheap, few enough that every core gets work.
const batchSize = 1024

// batch is a run of consecutive features, read but not yet checked.
type batch struct {
	seq   int
	first int // index of the first feature, for GeoJSON; CSV rows are numbered at the end
	// parse turns the batch into features, in the worker's scratch; it
	// runs on the worker. release, if set, is called once they are checked.
	parse   func(s *scratch) []rawFeature
	release func()
	// csvError is a CSV syntax error that ends the batch, and so the file.
	csvError *Problem
	// rows is how many rows a CSV batch spans, blank lines among them.
	rows int
	done batchResult
}

// batchResult is a batch once checked.
type batchResult struct {
	items    []item
	problems []Problem
	arena    []byte // the encoded features of the batch's good events
}

// scratch is a worker's room for the batch it checks: what the batch's
// features need only until they are checked (nothing of it is kept), reused
// from batch to batch, so that a load does not allocate, and the kernel fault
// in, the size of its file again in passing.
type scratch struct {
	features []rawFeature
	slab     Properties // the features' properties
	arena    []byte     // their values, when parse writes them (CSV)
	cells    []string
	texts    [][3][]byte
}

// item is one feature of a batch, once checked.
type item struct {
	index    int
	id       string
	cat      string
	problems [2]int32 // its problems, batchResult.problems[from:to]
	idAt     int32    // where a duplicate-id problem goes among them
	good     bool
	row      row
	// start and end are all a check keeps of a good event (Validate).
	start, end time.Time
}

// loader runs one load: a reader splits the file into batches, workers
// check and encode them on every core, and the results are put back in file
// order.
type loader struct {
	ctx   context.Context
	file  string
	unit  string
	opts  Options
	hash  *xxhash.Digest // of the file's bytes, for the dataset's version
	input *limitReader   // the file as read
	// checkOnly checks the file and keeps nothing but its summary.
	checkOnly bool
	summary   Summary
	buffers   sync.Pool   // of batches' raw bytes
	failed    atomic.Bool // a problem was found: stop encoding, keep checking

	meta        collectionMeta
	fileProblem []Problem
	// firstRow is the spreadsheet row of the line after a CSV file's header.
	firstRow int
	// headProblems, if set, lists problems of the file as a whole that its
	// rows showed, before the rows' own; tidy, if set, takes out of a bad
	// row's problems those told otherwise, and says where among the rest a
	// duplicate-id problem goes.
	headProblems func() []Problem
	tidy         func(f *rawFeature, problems []Problem, idAt int) ([]Problem, int)
}

// collectionMeta is what a file says about itself.
type collectionMeta struct {
	name, title string
	raw         []byte // the "chronomap" member, if any
}

func (l *loader) fileProblemf(format string, args ...any) error {
	l.fileProblem = append(l.fileProblem, Problem{File: l.file, Msg: fmt.Sprintf(format, args...)})
	return errFileProblem
}

var errFileProblem = errors.New("file problem")

func (l *loader) run(read func(chan<- *batch) error) (*Dataset, error) {
	ctx, cancel := context.WithCancel(l.ctx)
	defer cancel()
	l.ctx = ctx
	work := make(chan *batch, 2*runtime.GOMAXPROCS(0))
	var batches []*batch
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := &validator{file: l.file, unit: l.unit, limits: l.opts.Limits, zones: map[int]*time.Location{}, cats: map[string]string{}}
			var s scratch
			for b := range work {
				if ctx.Err() == nil {
					l.check(v, &s, b)
				}
			}
		}()
	}
	feed := make(chan *batch)
	var readErr error
	go func() {
		defer close(feed)
		readErr = read(feed)
	}()
	// A read that blocks (a FIFO, a stalled disk) must not hold a
	// cancelled load: on cancel, stop waiting for the reader and leave it.
feed:
	for {
		select {
		case b, ok := <-feed:
			if !ok {
				break feed
			}
			batches = append(batches, b)
			select {
			case work <- b:
			case <-ctx.Done():
			}
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if err := l.ctx.Err(); err != nil {
		return nil, err
	}
	switch {
	case errors.Is(readErr, errTooLarge):
		return nil, &InvalidError{Problems: []Problem{{File: l.file, Msg: fmt.Sprintf("is larger than %d bytes, the limit for a dataset file", l.opts.Limits.FileSize)}}}
	case errors.Is(readErr, errFileProblem):
		return nil, &InvalidError{Problems: l.fileProblem}
	case readErr != nil:
		return nil, fmt.Errorf("read dataset %s: %w", l.file, readErr)
	}
	return l.assemble(batches)
}

// check checks and encodes the features of b, parsed into s.
func (l *loader) check(v *validator, s *scratch, b *batch) {
	features := b.parse(s)
	b.parse = nil // and with it the batch's raw bytes
	res := &b.done
	res.items = make([]item, len(features))
	res.arena = make([]byte, 0, 600*len(features))
	// The good events' title, summary and place, for the text index: one
	// allocation a batch of the size they need, once all are known.
	s.texts = slices.Grow(s.texts[:0], len(features))[:len(features)]
	texts := s.texts
	size := 0
	for i := range features {
		f := &features[i]
		c := v.check(f)
		bad := len(c.problems) > 0
		if bad && l.tidy != nil {
			// It stays bad even when every problem it had is told otherwise.
			c.problems, c.idAt = l.tidy(f, c.problems, c.idAt)
		}
		it := &res.items[i]
		it.index, it.id, it.cat, it.idAt = f.index, c.ev.ID, c.ev.Category, int32(len(res.problems))+int32(c.idAt)
		if !bad {
			if err := l.prepare(&c.ev); err != nil {
				v.problems = nil
				v.addf("geometry", "%v", err)
				c.problems, bad = v.problems, true
			}
		}
		it.problems[0] = int32(len(res.problems))
		res.problems = append(res.problems, c.problems...)
		it.problems[1] = int32(len(res.problems))
		if bad {
			l.failed.Store(true)
			continue
		}
		if l.failed.Load() {
			continue
		}
		it.good = true
		if l.checkOnly {
			it.start, it.end = c.ev.Start, c.ev.End
			continue
		}
		start := len(res.arena)
		res.arena = appendFeature(res.arena, &c.ev, l.opts.Precision, f.compact)
		it.row = newRow(&c.ev, c.sources, start, len(res.arena))
		texts[i] = [3][]byte{c.title, c.summary, c.place}
		size += len(c.title) + len(c.summary) + len(c.place) + 3
	}
	if size > 0 {
		text := make([]byte, 0, size)
		for i := range res.items {
			if it := &res.items[i]; it.good && !l.checkOnly {
				from := len(text)
				text = appendLower(text, '\n', texts[i][:]...)
				// Without the last newline: newDataset writes its own separator.
				it.row.text = text[from : len(text)-1 : len(text)-1]
			}
		}
	}
	if b.release != nil {
		b.release()
	}
}

// prepare derives what is served from what was written.
func (l *loader) prepare(ev *Event) error { return l.opts.Prepare(ev) }

// Prepare derives an event's Geometry and Bound, what is served, from its
// Written geometry.
func (o Options) Prepare(ev *Event) error {
	ev.Geometry = ev.Written
	if o.Geometry != nil {
		g, err := o.Geometry(ev.Written)
		if err != nil {
			return err
		}
		ev.Geometry = g
	}
	ev.Bound = ev.Geometry.Bound()
	return nil
}

// assemble puts the checked batches back in file order: the problems, or
// the dataset.
func (l *loader) assemble(batches []*batch) (*Dataset, error) {
	// CSV rows are numbered now that every batch has been read, as a
	// spreadsheet numbers them: the header is row 1 (unless blank lines
	// come before it), and a blank line is a row.
	if l.unit == "row" {
		next := l.firstRow
		for bi, b := range batches {
			for i := range b.done.items {
				b.done.items[i].index += next
			}
			for i := range b.done.problems {
				b.done.problems[i].Index += next
			}
			if b.csvError != nil {
				b.csvError.Index += next
				batches = batches[:bi+1]
				break
			}
			next += b.rows
		}
	}
	n := 0
	for _, b := range batches {
		n += len(b.done.items)
	}
	items := make([]*item, 0, n)
	for _, b := range batches {
		for i := range b.done.items {
			items = append(items, &b.done.items[i])
		}
	}
	meta, head := l.readMeta()
	if l.headProblems != nil {
		head = append(l.headProblems(), head...)
	}
	used, extra := l.checkCategories(&meta, items, &head)
	if len(meta.Story) > 0 {
		head = append(head, l.checkStory(meta.Story, items)...)
	}
	if l.failed.Load() || hasCSVError(batches) || len(head) > 0 || len(extra) > 0 {
		return nil, l.problems(batches, duplicates(items), head, extra)
	}
	if n == 0 {
		if l.unit == "row" {
			return nil, &InvalidError{Problems: []Problem{{File: l.file, Msg: "no rows"}}}
		}
		return nil, &InvalidError{Problems: []Problem{{File: l.file, Msg: "no features"}}}
	}
	if l.checkOnly {
		if dups := duplicates(items); len(dups) > 0 {
			return nil, l.problems(batches, dups, nil, nil)
		}
		l.summary = Summary{Events: n, First: items[0].start, Last: items[0].end}
		for _, it := range items {
			if it.start.Before(l.summary.First) {
				l.summary.First = it.start
			}
			if it.end.After(l.summary.Last) {
				l.summary.Last = it.end
			}
		}
		return nil, nil
	}
	// The rows are gathered in file order, the batches shared among the
	// cores, each batch's rows from where the batches before it end.
	rows := make([]row, n)
	arenas := make([][]byte, len(batches))
	at := make([]int, len(batches))
	for bi, b := range batches {
		arenas[bi] = b.done.arena
		if bi > 0 {
			at[bi] = at[bi-1] + len(batches[bi-1].done.items)
		}
	}
	var gather sync.WaitGroup
	cores := runtime.GOMAXPROCS(0)
	for c := range cores {
		gather.Go(func() {
			for bi := c * len(batches) / cores; bi < (c+1)*len(batches)/cores; bi++ {
				for i := range batches[bi].done.items {
					r := &rows[at[bi]+i]
					*r = batches[bi].done.items[i].row
					r.feat.arena = uint32(bi)
				}
			}
		})
	}
	gather.Wait()
	name := l.meta.name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(l.file), filepath.Ext(l.file))
	}
	if meta.Title == "" {
		meta.Title = l.meta.title
	}
	if meta.Title == "" {
		meta.Title = name
	}
	meta.Categories = ResolveCategories(meta.Categories, used)
	ds, unique := newDataset(name, meta, fmt.Sprintf("%016x", l.hash.Sum64()), rows, arenas)
	if !unique {
		return nil, l.problems(batches, duplicates(items), nil, nil)
	}
	return ds, nil
}

// readMeta reads the dataset's metadata: from the sidecar file when there
// is one, and otherwise from the GeoJSON "chronomap" member.
func (l *loader) readMeta() (Meta, []Problem) {
	switch {
	case l.opts.Meta != nil && l.meta.raw != nil:
		return Meta{}, []Problem{{File: l.file, Field: "chronomap", Msg: fmt.Sprintf("given here and in %s; give it once", l.opts.MetaFile)}}
	case l.opts.Meta != nil:
		return parseMeta(l.opts.MetaFile, "", l.opts.Meta, l.opts.Limits)
	case l.meta.raw != nil:
		return parseMeta(l.file, "chronomap.", l.meta.raw, l.opts.Limits)
	}
	return Meta{}, nil
}

// checkCategories lists the categories the events use, in order of first
// use, and finds the events whose category is not among those declared.
func (l *loader) checkCategories(meta *Meta, items []*item, head *[]Problem) ([]string, map[int]Problem) {
	var used []string
	seen := map[string]bool{"": true}
	prev := ""
	for _, it := range items {
		if it.cat == prev {
			continue
		}
		prev = it.cat
		if !seen[it.cat] {
			seen[it.cat] = true
			used = append(used, it.cat)
		}
	}
	if len(meta.Categories) == 0 {
		if len(used) > maxCategories {
			*head = append(*head, Problem{File: l.file, Msg: fmt.Sprintf("uses %d categories; at most %d", len(used), maxCategories)})
		}
		return used, nil
	}
	declared := map[string]bool{}
	ids := make([]string, len(meta.Categories))
	for i, c := range meta.Categories {
		declared[c.ID], ids[i] = true, c.ID
	}
	var extra map[int]Problem
	for _, it := range items {
		if it.cat == "" || declared[it.cat] {
			continue
		}
		if extra == nil {
			extra = map[int]Problem{}
		}
		where := "chronomap.categories"
		if l.opts.Meta != nil {
			where = l.opts.MetaFile
		}
		extra[it.index] = Problem{File: l.file, Unit: l.unit, Index: it.index, ID: it.id, Field: "category",
			Msg: fmt.Sprintf("%q is not among the categories declared in %s (%s)", Clip(it.cat), where, listIDs(ids))}
	}
	return used, extra
}

// listIDs lists ids for a message, the first dozen of them.
func listIDs(ids []string) string {
	const most = 12
	var b strings.Builder
	for i, id := range ids[:min(len(ids), most)] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Clip(id))
	}
	if len(ids) > most {
		fmt.Fprintf(&b, " and %d more", len(ids)-most)
	}
	return b.String()
}

// checkStory finds the chapters' events that no event has the id of.
func (l *loader) checkStory(story []Chapter, items []*item) []Problem {
	ids := make(map[string]bool, len(items))
	for _, it := range items {
		ids[it.id] = true
	}
	file, prefix := l.file, "chronomap."
	if l.opts.Meta != nil {
		file, prefix = l.opts.MetaFile, ""
	}
	var out []Problem
	for i, c := range story {
		for j, id := range c.Events {
			if !ids[id] {
				out = append(out, Problem{File: file, Field: fmt.Sprintf("%sstory[%d].events[%d]", prefix, i, j), Msg: fmt.Sprintf("no event has the id %q", Clip(id))})
			}
		}
	}
	return out
}

// duplicates maps the index of each feature whose id an earlier feature
// has to the index of the first.
func duplicates(items []*item) map[int]int {
	withID := make([]*item, 0, len(items))
	for _, it := range items {
		if it.id != "" {
			withID = append(withID, it)
		}
	}
	// Stable: items are in file order, so the first of equal ids comes first.
	slices.SortStableFunc(withID, func(a, b *item) int { return strings.Compare(a.id, b.id) })
	dups := map[int]int{}
	first := 0
	for i := 1; i < len(withID); i++ {
		if withID[i].id != withID[first].id {
			first = i
			continue
		}
		dups[withID[i].index] = withID[first].index
	}
	return dups
}

func hasCSVError(batches []*batch) bool {
	for _, b := range batches {
		if b.csvError != nil {
			return true
		}
	}
	return false
}

// problems lists every problem in file order, up to the limit: first the
// file's own (head), then each feature's, with a duplicate id in its place
// and a category not declared (extra) after the rest.
func (l *loader) problems(batches []*batch, dups map[int]int, head []Problem, extra map[int]Problem) error {
	most := l.opts.Limits.Problems
	var out []Problem
	more := 0
	add := func(ps ...Problem) {
		for _, p := range ps {
			if len(out) < most {
				out = append(out, p)
			} else {
				more++
			}
		}
	}
	add(head...)
	for _, b := range batches {
		res := &b.done
		for _, it := range res.items {
			ps := res.problems[it.problems[0]:it.problems[1]]
			if first, ok := dups[it.index]; ok {
				at := it.idAt - it.problems[0]
				add(ps[:at]...)
				add(Problem{File: l.file, Unit: l.unit, Index: it.index, ID: it.id, Field: "id",
					Msg: fmt.Sprintf("duplicate: %s %d has the same id", l.unit, first)})
				add(ps[at:]...)
			} else {
				add(ps...)
			}
			if p, ok := extra[it.index]; ok {
				add(p)
			}
		}
		if b.csvError != nil {
			add(*b.csvError)
		}
	}
	return &InvalidError{Problems: out, More: more}
}

// Reading GeoJSON and CSV is in geojson.go and csv.go.
