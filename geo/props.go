package geo

import (
	"encoding/json"
	"strings"

	"chronomap/data"
)

// source is one entry of an event's sources.
type source struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
	Date      string `json:"date,omitempty"`
}

// text returns property name of ev as text: a JSON string unquoted, anything
// else (a number, an array) as its JSON.
func text(ev *data.Event, name string) string { return ev.Properties.Text(name) }

// sources returns ev's sources; the loader has checked their shape.
func sources(ev *data.Event) []source {
	var out []source
	raw, _ := ev.Properties.Get("sources")
	_ = json.Unmarshal(raw, &out)
	return out
}

// description is the plain-text body exports give an event: its summary,
// note and sources.
func description(ev *data.Event) string {
	var b strings.Builder
	b.WriteString(ev.Summary)
	if note := text(ev, "note"); note != "" {
		b.WriteString("\n\nNote: " + note)
	}
	b.WriteString("\n\nSources:")
	for _, s := range sources(ev) {
		b.WriteString("\n- " + s.Title + " (" + s.Publisher + "): " + s.URL)
	}
	return b.String()
}
