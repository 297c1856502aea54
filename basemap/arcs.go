package basemap

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
)

// parseArcs reads the arcs array ([[[x,y],…],…]) with a small scanner: the
// 10m file holds ~480k positions and encoding/json would allocate a slice
// per position. Quantized arcs are delta-encoded and then transformed.
func parseArcs(data []byte, tr *transform) ([]orb.LineString, error) {
	s := scanner{b: data}
	var arcs []orb.LineString
	var pos []float64
	err := s.list(func() error {
		var arc orb.LineString
		var x, y float64
		err := s.list(func() error {
			pos = pos[:0]
			if err := s.list(func() error {
				v, err := s.number()
				pos = append(pos, v)
				return err
			}); err != nil {
				return err
			}
			if len(pos) < 2 {
				return fmt.Errorf("position with %d values at byte %d", len(pos), s.i)
			}
			if tr == nil {
				arc = append(arc, orb.Point{pos[0], pos[1]})
				return nil
			}
			x, y = x+pos[0], y+pos[1]
			arc = append(arc, orb.Point{
				x*tr.Scale[0] + tr.Translate[0],
				y*tr.Scale[1] + tr.Translate[1],
			})
			return nil
		})
		if len(arc) < 2 && err == nil {
			err = fmt.Errorf("arc %d has %d positions", len(arcs), len(arc))
		}
		arcs = append(arcs, arc)
		return err
	})
	return arcs, err
}

// scanner reads nested JSON arrays of numbers.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) skipSpace() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// list parses '[' elem (',' elem)* ']' calling elem for each element.
func (s *scanner) list(elem func() error) error {
	s.skipSpace()
	if s.i >= len(s.b) || s.b[s.i] != '[' {
		return fmt.Errorf("expected '[' at byte %d", s.i)
	}
	s.i++
	s.skipSpace()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		s.skipSpace()
		if s.i >= len(s.b) {
			return errors.New("unexpected end of arcs")
		}
		c := s.b[s.i]
		s.i++
		switch c {
		case ',':
		case ']':
			return nil
		default:
			return fmt.Errorf("unexpected %q at byte %d", c, s.i-1)
		}
	}
}

// number parses one JSON number, with a fast path for the integers that
// quantized files are made of.
func (s *scanner) number() (float64, error) {
	s.skipSpace()
	start := s.i
	isInt := true
scan:
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c >= '0' && c <= '9', c == '-' && s.i == start:
		case c == '.', c == 'e', c == 'E', c == '+', c == '-':
			isInt = false
		default:
			break scan
		}
	}
	tok := s.b[start:s.i]
	if isInt && len(tok) > 0 && len(tok) < 16 {
		neg := tok[0] == '-'
		if neg {
			tok = tok[1:]
		}
		if len(tok) > 0 {
			var n int64
			for _, c := range tok {
				n = n*10 + int64(c-'0')
			}
			if neg {
				n = -n
			}
			return float64(n), nil
		}
	}
	v, err := strconv.ParseFloat(string(s.b[start:s.i]), 64)
	if err != nil {
		return 0, fmt.Errorf("number at byte %d: %w", start, err)
	}
	return v, nil
}
