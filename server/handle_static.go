package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// staticFiles serves the page's files with ETags computed once at start-up,
// so that a reload revalidates cheaply instead of fetching everything.
type staticFiles struct {
	fsys  fs.FS
	etags map[string]string
	files http.Handler
}

func newStaticFiles(fsys fs.FS) (*staticFiles, error) {
	sf := &staticFiles{fsys: fsys, etags: map[string]string{}}
	if fsys == nil {
		return sf, nil
	}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sf.etags[name] = `"` + hex.EncodeToString(sum[:8]) + `"`
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	sf.files = http.FileServerFS(fsys)
	return sf, nil
}

func (sf *staticFiles) handle(c echo.Context) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if name == "" {
		name = "index.html"
	}
	etag, ok := sf.etags[name]
	if !ok {
		return notFound("no such file: /%s", name)
	}
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set(echo.HeaderCacheControl, "no-cache")
	r := c.Request()
	if name == "index.html" {
		// FileServer redirects /index.html to /; serve the directory instead.
		r.URL.Path = "/"
	}
	sf.files.ServeHTTP(c.Response(), r)
	return nil
}
