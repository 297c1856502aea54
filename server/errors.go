package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

// OGC API exception codes, as pg_featureserv and GeoServer send them.
const (
	codeInvalidParameter = "InvalidParameterValue"
	codeNotFound         = "NotFound"
	codeNotAllowed       = "MethodNotAllowed"
	codeInternal         = "InternalError"
	codeNotAcceptable    = "NotAcceptable"
	codeUnavailable      = "ServiceUnavailable"
)

// apiError is an error the client can act on: it carries its status, code and
// a description that says what to change.
type apiError struct {
	Status      int    `json:"-"`
	Code        string `json:"code"`
	Description string `json:"description"`
}

func (e *apiError) Error() string { return e.Description }

// badParam is the 400 for a query parameter that cannot be used.
func badParam(name, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter,
		Description: fmt.Sprintf("parameter %q: %s", name, fmt.Sprintf(format, args...))}
}

func notFound(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: codeNotFound, Description: fmt.Sprintf(format, args...)}
}

// retryUnavailable is the Retry-After, in seconds, of a store that cannot answer.
const retryUnavailable = "5"

// clientReason says why a store failed in words fit for a client.
func clientReason(err error) string {
	if ue, ok := errors.AsType[*data.UnavailableError](err); ok {
		return ue.Reason
	}
	return "Internal error."
}

// errorHandler answers every error in one JSON shape. Errors it does not know
// are logged and reported without their text, which may hold internals.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		var ae *apiError
		var he *echo.HTTPError
		var ve *validationError
		var ue *data.UnavailableError
		switch {
		case errors.As(err, &ve):
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
			if err := c.JSON(http.StatusUnprocessableEntity, ve.v); err != nil {
				log.Error("writing error response", "err", err)
			}
			return
		case errors.As(err, &ae):
		case errors.As(err, &ue):
			log.Warn("store unavailable", "uri", c.Request().RequestURI, "err", err)
			c.Response().Header().Set("Retry-After", retryUnavailable)
			ae = &apiError{Status: http.StatusServiceUnavailable, Code: codeUnavailable, Description: ue.Reason + "; try again later"}
		case errors.As(err, &he) && he.Code == http.StatusNotFound:
			ae = notFound("no such resource: %s", data.Clip(c.Request().URL.Path))
		case errors.As(err, &he) && he.Code == http.StatusMethodNotAllowed:
			ae = &apiError{Status: he.Code, Code: codeNotAllowed, Description: fmt.Sprintf("method %s is not allowed on %s (use GET or HEAD)",
				data.Clip(c.Request().Method), data.Clip(c.Request().URL.Path))}
		case errors.As(err, &he) && he.Code < 500:
			ae = &apiError{Status: he.Code, Code: http.StatusText(he.Code), Description: fmt.Sprint(he.Message)}
		default:
			log.Error("request failed", "method", c.Request().Method, "uri", c.Request().RequestURI, "err", err)
			ae = &apiError{Status: http.StatusInternalServerError, Code: codeInternal, Description: "Internal error."}
		}
		// An error is no representation of the resource: drop the ETag a
		// handler may have set before it failed.
		c.Response().Header().Del("ETag")
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		if c.Request().Method == http.MethodHead {
			err = c.NoContent(ae.Status)
		} else {
			err = c.JSON(ae.Status, ae)
		}
		if err != nil {
			log.Error("writing error response", "err", err)
		}
	}
}
