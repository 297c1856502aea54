package geo

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"

	"chronomap/data"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// WriteCSV writes events as CSV (RFC 4180) in the columns data.LoadCSV
// reads: a header, then one row per event, geometry as WKT of the way-points
// as written (and lon, lat for points), then most groups of source columns:
// as many as the dataset's most-sourced event needs, so that every page of
// one dataset has the same columns. It writes as it reads events.
func WriteCSV(w io.Writer, events iter.Seq[*data.Event], most int) error {
	header := append([]string{}, data.CSVColumns...)
	for n := 1; n <= most; n++ {
		header = append(header, data.SourceColumns(n)...)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("geo: csv: %w", err)
	}
	for ev := range events {
		row, err := csvRow(ev, most)
		if err != nil {
			return err
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("geo: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("geo: csv: %w", err)
	}
	return nil
}

func csvRow(ev *data.Event, sourceCount int) ([]string, error) {
	g, err := ToGeom(rounded(ev.Written))
	if err != nil {
		return nil, err
	}
	wktText, err := wkt.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("geo: csv: event %q: %w", ev.ID, err)
	}
	row := make([]string, 0, len(data.CSVColumns)+4*sourceCount)
	for _, col := range data.CSVColumns {
		v := text(ev, col)
		switch col {
		case "lon", "lat":
			v = ""
			if p, ok := ev.Written.(orb.Point); ok {
				coord := p.Lon()
				if col == "lat" {
					coord = p.Lat()
				}
				v = strconv.FormatFloat(math.Round(coord*Precision)/Precision, 'f', -1, 64)
			}
		case "wkt":
			v = wktText
		default:
			v = data.GuardCell(v)
		}
		row = append(row, v)
	}
	srcs := sources(ev)
	for n := 0; n < sourceCount; n++ {
		if n < len(srcs) {
			s := srcs[n]
			row = append(row, data.GuardCell(s.Title), data.GuardCell(s.Publisher), s.URL, s.Date)
		} else {
			row = append(row, "", "", "", "")
		}
	}
	return row, nil
}
