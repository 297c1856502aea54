package data

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong in a dataset file.
type Problem struct {
	File  string
	Unit  string // "feature" in GeoJSON, "row" in CSV; empty for the file as a whole
	Index int    // feature index from 0, or spreadsheet row number from 1
	ID    string // feature id when known
	Field string
	Msg   string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Unit != "" {
		fmt.Fprintf(&b, ": %s %d", p.Unit, p.Index)
		if p.ID != "" {
			fmt.Fprintf(&b, " (id %q)", p.ID)
		}
	}
	if p.Field != "" {
		fmt.Fprintf(&b, ": %s", p.Field)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// InvalidError lists the problems found in a dataset file: every one, or
// the first Limits.Problems of them and a count of the rest.
type InvalidError struct {
	Problems []Problem
	More     int // problems found but not listed
}

func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	total := len(lines) + e.More
	noun := "problems"
	if total == 1 {
		noun = "problem"
	}
	if e.More > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", e.More))
	}
	return fmt.Sprintf("invalid dataset (%d %s):\n%s", total, noun, strings.Join(lines, "\n"))
}
