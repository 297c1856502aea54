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

// InvalidError lists every problem found in a dataset file.
type InvalidError struct {
	Problems []Problem
}

func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	noun := "problems"
	if len(lines) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("invalid dataset (%d %s):\n%s", len(lines), noun, strings.Join(lines, "\n"))
}
