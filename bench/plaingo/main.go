// Command plaingo serves one stored response, headers and body, to every
// request, from Go's net/http with Chronomap's listener and nothing else.
// bench/http.sh runs it beside nginx to show how near any Go handler can
// come to nginx serving the same bytes: the part of the gap that is
// net/http's, not Chronomap's.
//
//	plaingo -addr 127.0.0.1:8081 -head response.head -body response.body
//
// The head is the response's status line and headers as curl -D writes
// them; Date and Content-Length are set per response.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"strconv"

	"chronomap/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "address to listen on")
	headFile := flag.String("head", "", "the response's status line and headers (curl -D)")
	bodyFile := flag.String("body", "", "the response's body")
	flag.Parse()
	if err := run(*addr, *headFile, *bodyFile); err != nil {
		fmt.Fprintln(os.Stderr, "plaingo:", err)
		os.Exit(1)
	}
}

func run(addr, headFile, bodyFile string) error {
	head, err := readHead(headFile)
	if err != nil {
		return err
	}
	body, err := os.ReadFile(bodyFile)
	if err != nil {
		return err
	}
	head["Content-Length"] = []string{strconv.Itoa(len(body))}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// The header's values are shared by every response, as Chronomap's
	// own constant headers are: net/http only reads them.
	return http.Serve(server.Listener(ln), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range head {
			h[k] = v
		}
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	}))
}

// readHead reads the headers curl -D wrote, less those net/http sets.
func readHead(file string) (http.Header, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(b)))
	if _, err := tp.ReadLine(); err != nil { // the status line
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	mh, err := tp.ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	h := http.Header(mh)
	h.Del("Date")
	h.Del("Content-Length")
	return h, nil
}
