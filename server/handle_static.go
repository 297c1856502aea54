package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

// staticFiles serves the page's files with ETags, so that a reload
// revalidates cheaply instead of fetching everything. Embedded files never
// change, so their ETags are content hashes computed once at start-up; in
// dev mode the files are on disk and change while the server runs, so each
// request reads the file's size and modification time instead, and a file
// added since start-up is served too.
type staticFiles struct {
	fsys  fs.FS
	dev   bool
	etags map[string]string // by file name; unused in dev mode
	files http.Handler
	// index is the page sent for "/": the build's bundle/index.html, which
	// loads the modules bundled (web/tools/bundle.mjs), or in dev mode, or
	// without a bundle, index.html and the modules as they are.
	index string
	// page, when set, adds headers to the answer for the page itself
	// (index.html), before it is written.
	page func(r *http.Request, h http.Header)
}

// bundledIndex is the page the build writes beside the bundled modules.
const bundledIndex = "bundle/index.html"

func newStaticFiles(fsys fs.FS, dev bool) (*staticFiles, error) {
	sf := &staticFiles{fsys: fsys, dev: dev, etags: map[string]string{}, index: "index.html"}
	if fsys == nil {
		return sf, nil
	}
	sf.files = http.FileServerFS(fsys)
	if dev {
		return sf, nil
	}
	if _, err := fs.Stat(fsys, bundledIndex); err == nil {
		sf.index = bundledIndex
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
	return sf, nil
}

// etag returns the ETag of the file name, and false when there is no such
// file (directories are not served).
func (sf *staticFiles) etag(name string) (string, bool) {
	if !sf.dev || sf.fsys == nil {
		etag, ok := sf.etags[name]
		return etag, ok
	}
	fi, err := fs.Stat(sf.fsys, name)
	if err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return fmt.Sprintf(`"dev-%x-%x"`, fi.ModTime().UnixNano(), fi.Size()), true
}

func (sf *staticFiles) handle(c echo.Context) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if name == "" || name == "index.html" {
		name = sf.index
	}
	etag, ok := sf.etag(name)
	if !ok {
		return notFound("no such file: /%s", data.Clip(name))
	}
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set(echo.HeaderCacheControl, "no-cache")
	r := c.Request()
	// One range at most: a multipart answer to many ranges can cost many
	// times the file. More are answered with the whole file.
	if strings.Contains(r.Header.Get("Range"), ",") {
		r.Header.Del("Range")
	}
	if name == sf.index {
		if sf.page != nil {
			sf.page(r, h)
		}
		// FileServer redirects a path ending in index.html to its
		// directory; ask for the directory instead.
		r.URL.Path = "/" + strings.TrimSuffix(name, "index.html")
	}
	sf.files.ServeHTTP(c.Response(), r)
	return nil
}
