package pgstore_test

import (
	"os"
	"strings"
	"testing"

	"chronomap/pgstore"
)

// TestSchemaDocumented: data/SCHEMA.md shows the exact DDL load runs.
func TestSchemaDocumented(t *testing.T) {
	doc, err := os.ReadFile("../data/SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```sql\n"+pgstore.DDL("events")+"```") {
		t.Error("data/SCHEMA.md does not show pgstore/schema.sql as it is: copy it into the PostGIS section")
	}
}

// TestDDLNamesTheTable: another table name reaches every name the DDL makes.
func TestDDLNamesTheTable(t *testing.T) {
	ddl := pgstore.DDL("incidents")
	for _, want := range []string{"CREATE TABLE IF NOT EXISTS incidents (", "incidents_shape_idx ON incidents", "chronomap_bump('incidents')"} {
		if !strings.Contains(ddl, want) {
			t.Errorf("DDL for incidents lacks %q", want)
		}
	}
	if strings.Contains(ddl, "events") {
		t.Error("DDL for incidents still names events")
	}
}
