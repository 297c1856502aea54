package geo_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"regexp"
	"strings"
	"testing"

	"chronomap/data"
	"chronomap/geo"
)

// hostile loads a dataset whose every text field holds markup: <img
// onerror>, <script>, <svg onload>, <iframe srcdoc>, a CDATA end, a
// javascript: link, and text that is already escaped.
func hostile(t *testing.T) *data.Dataset {
	t.Helper()
	b, err := os.ReadFile("testdata/hostile.geojson")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Load("hostile.geojson", b, data.Options{Geometry: geo.Densify})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// tagOpen is a "<" that starts markup for an HTML parser.
var tagOpen = regexp.MustCompile(`<[A-Za-z/!?]`)

// texts returns the text of each element with one of the given local names,
// decoded as an XML reader sees it; it fails on XML that does not parse.
func texts(t *testing.T, doc []byte, names ...string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var stack []string
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return out
			}
			t.Fatalf("output is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && strings.TrimSpace(string(tok)) != "" {
				for _, n := range names {
					if stack[len(stack)-1] == n {
						out[n] = append(out[n], string(tok))
					}
				}
			}
		}
	}
}

func TestKMLKeepsTextText(t *testing.T) {
	ds := hostile(t)
	var buf bytes.Buffer
	if err := geo.WriteKML(&buf, ds.Meta, ds.Events(ds.Rows(data.Filter{}))); err != nil {
		t.Fatal(err)
	}
	got := texts(t, buf.Bytes(), "description", "name", "value")
	if n := len(got["description"]); n != ds.Len() {
		t.Fatalf("%d descriptions, want %d", n, ds.Len())
	}
	// The description is HTML (Google Earth renders it): its only markup is
	// the line breaks; everything else is escaped text.
	for _, d := range got["description"] {
		if m := tagOpen.FindString(strings.ReplaceAll(d, "<br>", "")); m != "" {
			t.Errorf("description holds markup %q:\n%s", m, d)
		}
	}
	all := strings.Join(got["description"], "\n")
	for _, want := range []string{
		`S &lt;img src=x onerror=alert(&#34;img&#34;)&gt;<br>`,
		`&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;`,
		`]]&gt;&lt;/description&gt;`,
		`&amp;lt;b&amp;gt;already escaped&amp;lt;/b&amp;gt; &amp; AT&amp;T`,
		`https://example.org/a?x=1&amp;y=2`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("descriptions lack %s", want)
		}
	}
	// Names and data values are text, defused for viewers that render them.
	for _, field := range []string{"name", "value"} {
		for _, v := range got[field] {
			if m := tagOpen.FindString(v); m != "" {
				t.Errorf("%s %q holds markup %q", field, v, m)
			}
		}
	}
	if names := strings.Join(got["name"], "\n"); !strings.Contains(names, `T < img src=x onerror=alert("img")>`) ||
		!strings.Contains(names, `Hostile < img`) {
		t.Errorf("names do not read as the text:\n%s", names)
	}
}

func TestGPXKeepsTextText(t *testing.T) {
	ds := hostile(t)
	var buf bytes.Buffer
	if err := geo.WriteGPX(&buf, ds.Meta, ds.Events(ds.Rows(data.Filter{}))); err != nil {
		t.Fatal(err)
	}
	got := texts(t, buf.Bytes(), "name", "desc", "text")
	if n := len(got["desc"]); n != ds.Len() {
		t.Fatalf("%d descriptions, want %d", n, ds.Len())
	}
	for _, field := range []string{"name", "desc", "text"} {
		for _, v := range got[field] {
			if m := tagOpen.FindString(v); m != "" {
				t.Errorf("%s %q holds markup %q", field, v, m)
			}
		}
	}
	// GPX text is plain: escaped text and ampersands stay as written.
	all := strings.Join(got["desc"], "\n")
	for _, want := range []string{`S < img src=x onerror=alert("img")>` + "\nsecond line", `&lt;b&gt;already escaped&lt;/b&gt; & AT&T`} {
		if !strings.Contains(all, want) {
			t.Errorf("descriptions lack %q", want)
		}
	}
}
