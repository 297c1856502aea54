// Package web holds the map's front end, embedded into the binary.
package web

import (
	"embed"
	"io/fs"
)

// The build copies front-end packages from node_modules into static/vendor
// (see the Makefile), so the embedded page works offline.
//
//go:embed all:static
var static embed.FS

// Static returns the files served at the site root.
func Static() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "static" is valid.
		panic(err)
	}
	return sub
}
