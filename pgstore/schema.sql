CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The title and version of each served table: a statement-level trigger
-- sets the version from one sequence after every change, so it never
-- repeats, even when a table is dropped and made again.
CREATE TABLE IF NOT EXISTS chronomap_collections (
	relation text PRIMARY KEY,
	name     text, -- the dataset's short name, for export file names
	title    text,
	meta     json, -- the dataset's metadata, as its "chronomap" member holds it
	version  bigint NOT NULL
);
ALTER TABLE chronomap_collections ADD COLUMN IF NOT EXISTS name text, ADD COLUMN IF NOT EXISTS meta json;
CREATE SEQUENCE IF NOT EXISTS chronomap_version_seq;
CREATE OR REPLACE FUNCTION chronomap_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO chronomap_collections (relation, version) VALUES (TG_ARGV[0], nextval('chronomap_version_seq'))
	ON CONFLICT (relation) DO UPDATE SET version = excluded.version;
	RETURN NULL;
END $$;

CREATE TABLE IF NOT EXISTS events (
	id                 text COLLATE "C" PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+$'),
	title              text NOT NULL,
	summary            text NOT NULL,
	category           text NOT NULL CHECK (category ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	place              text NOT NULL,
	start              timestamptz NOT NULL,
	start_offset       smallint NOT NULL CHECK (start_offset BETWEEN -720 AND 840),
	"end"              timestamptz CHECK ("end" >= start),
	end_offset         smallint CHECK (end_offset BETWEEN -720 AND 840),
	time_precision     text NOT NULL CHECK (time_precision IN ('minute', 'hour', 'day')),
	location_precision text NOT NULL CHECK (location_precision IN ('exact', 'approximate', 'city')),
	killed             integer CHECK (killed >= 0),
	injured            integer CHECK (injured >= 0),
	figures            json,
	note               text,
	sources            json NOT NULL,
	extra              json,
	geom               geometry(Geometry, 4326) NOT NULL CHECK (GeometryType(geom) IN ('POINT', 'LINESTRING')),
	-- Kept by PostgreSQL: the track as drawn (great-circle arcs in steps of
	-- at most 10 km), the time the event spans, and the text q searches.
	shape              geometry GENERATED ALWAYS AS (ST_Segmentize(geom::geography, 10000)::geometry) STORED,
	during             tstzrange GENERATED ALWAYS AS (tstzrange(start, coalesce("end", start), '[]')) STORED,
	search             text GENERATED ALWAYS AS (lower(title || E'\n' || summary || E'\n' || place)) STORED,
	CHECK (("end" IS NULL) = (end_offset IS NULL))
);
CREATE INDEX IF NOT EXISTS events_order_idx ON events (start, id);
CREATE INDEX IF NOT EXISTS events_category_idx ON events (category, start, id);
CREATE INDEX IF NOT EXISTS events_during_idx ON events USING gist (during);
CREATE INDEX IF NOT EXISTS events_shape_idx ON events USING gist (shape);
CREATE INDEX IF NOT EXISTS events_search_idx ON events USING gin (search gin_trgm_ops);
CREATE OR REPLACE TRIGGER events_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
	FOR EACH STATEMENT EXECUTE FUNCTION chronomap_bump('events');
