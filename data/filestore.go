package data

import (
	"context"
	"iter"
	"sync/atomic"
)

// FileStore serves the latest good version of a dataset file. Replace
// swaps in a new version at once; a request in flight finishes on the
// version it began with, and the Version a request reads names the data
// it then gets, but for a request that straddles a swap.
type FileStore struct {
	path string
	cur  atomic.Pointer[MemStore]
}

var _ Store = (*FileStore)(nil)

// NewFileStore serves ds, read from the file at path, until it is replaced.
func NewFileStore(path string, ds *Dataset) *FileStore {
	f := &FileStore{path: path}
	f.Replace(ds)
	return f
}

// Path is the dataset file's.
func (f *FileStore) Path() string { return f.path }

// Replace serves ds from now on.
func (f *FileStore) Replace(ds *Dataset) { f.cur.Store(NewMemStore(ds)) }

// Reload reads the file (and its sidecar) again. A good version whose bytes
// differ replaces the one served, and is returned; a bad one is refused
// with its error (an *InvalidError lists its problems) and the old one
// keeps serving. Nothing changed is (nil, nil).
func (f *FileStore) Reload(ctx context.Context, opts Options) (*Dataset, error) {
	ds, err := Open(ctx, f.path, opts)
	if err != nil {
		return nil, err
	}
	if ds.Version == f.Dataset().Version {
		return nil, nil
	}
	f.Replace(ds)
	return ds, nil
}

// Dataset returns the dataset served now.
func (f *FileStore) Dataset() *Dataset { return f.cur.Load().Dataset() }

func (f *FileStore) Version(ctx context.Context) (string, error) { return f.cur.Load().Version(ctx) }

func (f *FileStore) Info(ctx context.Context) (Info, error) { return f.cur.Load().Info(ctx) }

func (f *FileStore) Query(ctx context.Context, flt Filter, offset, limit int) (int, [][]byte, error) {
	return f.cur.Load().Query(ctx, flt, offset, limit)
}

func (f *FileStore) Feature(ctx context.Context, id string) ([]byte, error) {
	return f.cur.Load().Feature(ctx, id)
}

func (f *FileStore) Features(ctx context.Context, flt Filter, offset, limit int) iter.Seq2[[]byte, error] {
	return f.cur.Load().Features(ctx, flt, offset, limit)
}

func (f *FileStore) Events(ctx context.Context, flt Filter, offset, limit int) iter.Seq2[*Event, error] {
	return f.cur.Load().Events(ctx, flt, offset, limit)
}

func (f *FileStore) Marks(ctx context.Context) iter.Seq2[Mark, error] { return f.cur.Load().Marks(ctx) }

func (f *FileStore) Search(ctx context.Context, text string) ([]int, error) {
	return f.cur.Load().Search(ctx, text)
}
