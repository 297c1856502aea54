package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

const (
	paramName     = "name"
	paramFeatures = "features"
	// DefaultMaxUpload is the largest file POST /api/validate takes.
	DefaultMaxUpload = 32 << 20
	// maxValidations is how many uploads are checked at once: each takes a
	// core and memory in proportion to its file.
	maxValidations     = 2
	codeInvalidDataset = "InvalidDataset"
	codeTooLarge       = "PayloadTooLarge"
)

// problemJSON is one problem of a refused file, as /api/validate lists it.
type problemJSON struct {
	File    string `json:"file"`
	Unit    string `json:"unit,omitempty"`
	Index   *int   `json:"index,omitempty"`
	ID      string `json:"id,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Text    string `json:"text"` // the whole line, as chronomap validate prints it
}

// validation is the answer to POST /api/validate.
type validation struct {
	Valid       bool          `json:"valid"`
	Description string        `json:"description"`
	Events      int           `json:"events,omitempty"`
	First       string        `json:"first,omitempty"`
	Last        string        `json:"last,omitempty"`
	Code        string        `json:"code,omitempty"`
	Problems    []problemJSON `json:"problems,omitempty"`
	More        int           `json:"more,omitempty"`
}

// handleValidate checks a dataset file sent in the body, as `chronomap
// validate` would, and stores nothing. The body is the file itself (name
// names it, for its format and the messages), or a multipart form with the
// file in "file" and, for CSV, its metadata in "meta". With features=true a
// good file comes back as the GeoJSON the server would serve for it, so the
// page can play it at once.
func (s *Server) handleValidate(c echo.Context) error {
	v, err := queryParams(c.Request().URL.RawQuery, paramName, paramFeatures)
	if err != nil {
		return err
	}
	features := false
	switch f := v.Get(paramFeatures); f {
	case "", "false":
	case "true":
		features = true
	default:
		return badParam(paramFeatures, "%q is not true or false", data.Clip(f))
	}
	select {
	case s.validations <- struct{}{}:
		defer func() { <-s.validations }()
	default:
		c.Response().Header().Set("Retry-After", "5")
		return &apiError{Status: http.StatusServiceUnavailable, Code: codeUnavailable,
			Description: fmt.Sprintf("%d files are being checked; try again in a few seconds", maxValidations)}
	}
	body := http.MaxBytesReader(c.Response(), c.Request().Body, s.maxUpload)
	up, err := uploaded(c.Request(), body, uploadName(v.Get(paramName)))
	if err != nil {
		return s.uploadError(err)
	}
	file, name := up.file, up.name
	opts := s.datasetOptions
	if up.meta != nil {
		// Problems name the metadata file as it was sent, or as the
		// sidecar of the file when it came without a name.
		opts.Meta, opts.MetaFile = up.meta, data.SidecarPath(name)
		if up.metaName != "" {
			opts.MetaFile = up.metaName
		}
	}
	ctx := c.Request().Context()
	if features {
		ds, err := data.Read(ctx, name, file, opts)
		if err != nil {
			return s.uploadError(err)
		}
		store := data.NewMemStore(ds)
		info, err := store.Info(ctx)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentType, contentTypeGeoJSON)
		c.Response().WriteHeader(http.StatusOK)
		return writeGeoJSONFile(c.Response(), selection{ctx: ctx, store: store, info: info, meta: info.Meta, limit: data.All})
	}
	sum, err := data.Validate(ctx, name, file, opts)
	if err != nil {
		return s.uploadError(err)
	}
	noun := "events"
	if sum.Events == 1 {
		noun = "event"
	}
	return c.JSON(http.StatusOK, validation{Valid: true, Events: sum.Events,
		Description: fmt.Sprintf("%s: ok, %d %s", name, sum.Events, noun),
		First:       sum.First.Format(time.RFC3339), Last: sum.Last.Format(time.RFC3339)})
}

// uploadName is the name a file is checked under: the base of what the
// client says, or "upload".
func uploadName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return "upload"
	}
	return data.Clip(name)
}

// uploaded reads the file (and metadata) of a validate request: the body
// itself, or the "file" and "meta" parts of a multipart form.
func uploaded(r *http.Request, body io.Reader, name string) (upload, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if mt != "multipart/form-data" {
		return upload{file: body, name: name}, nil
	}
	if params["boundary"] == "" {
		return upload{}, &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter,
			Description: `header "Content-Type": multipart/form-data without a boundary`}
	}
	mr := multipart.NewReader(body, params["boundary"])
	up := upload{name: name}
	var fileBytes []byte
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return upload{}, err
			}
			return upload{}, &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter,
				Description: fmt.Sprintf("the form cannot be read: %s", data.Clip(err.Error()))}
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return upload{}, err
		}
		switch part.FormName() {
		case "file":
			fileBytes = b
			if part.FileName() != "" {
				up.name = uploadName(part.FileName())
			}
		case "meta":
			up.meta = b
			if part.FileName() != "" {
				up.metaName = uploadName(part.FileName())
			}
		}
	}
	if fileBytes == nil {
		return upload{}, &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter,
			Description: `the form has no "file" part: send the dataset file in it`}
	}
	up.file = bytes.NewReader(fileBytes)
	return up, nil
}

// upload is a dataset file sent to /api/validate, with its metadata if it
// came with any, and the names they were sent under.
type upload struct {
	file     io.Reader
	name     string
	meta     []byte
	metaName string // empty when the form did not name it
}

// uploadError answers a file that cannot be taken: too large, unreadable, or
// invalid, with its problems listed as `chronomap validate` lists them.
func (s *Server) uploadError(err error) error {
	var inv *data.InvalidError
	var tooLarge *http.MaxBytesError
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &tooLarge):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: codeTooLarge,
			Description: fmt.Sprintf("the file is larger than %d MiB, the most this server checks; serve it with --data instead", s.maxUpload>>20)}
	case errors.As(err, &inv):
		n, noun := len(inv.Problems)+inv.More, "problems"
		if n == 1 {
			noun = "problem"
		}
		out := validation{Code: codeInvalidDataset, More: inv.More,
			Description: fmt.Sprintf("the file is not a valid dataset: %d %s", n, noun)}
		for _, p := range inv.Problems {
			pj := problemJSON{File: p.File, Unit: p.Unit, ID: p.ID, Field: p.Field, Message: p.Msg, Text: p.String()}
			if p.Unit != "" {
				pj.Index = &p.Index
			}
			out.Problems = append(out.Problems, pj)
		}
		return &validationError{out}
	}
	return err
}

// validationError is a refused file: 422 with its problems.
type validationError struct{ v validation }

func (e *validationError) Error() string { return e.v.Description }
