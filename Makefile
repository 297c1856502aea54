# Chronomap: `make run` builds and serves the map, `make test` runs every test.
GO      ?= go
BIN     := bin/chronomap
VENDOR  := web/static/vendor
BUNDLE  := web/static/bundle
ADDR    ?= localhost:8080
ATLAS   := countries-10m.json countries-50m.json countries-110m.json

# go.mod's toolchain line names the Go release to build with (a fixed
# standard library); auto lets go fetch it when the local one is older.
export GOTOOLCHAIN := auto

FUZZTIME ?= 20000x
# package:target pairs; go test fuzzes one target per run.
FUZZ    := data:FuzzLoad data:FuzzLoadCSV data:FuzzAppendString data:FuzzAppendCompact data:FuzzAppendCoord data:FuzzCSVRecords \
           geo:FuzzDensify geo:FuzzExports server:FuzzParseFilter server:FuzzParseInt server:FuzzParseRequest
# Targets whose every run loads a dataset and writes files run fewer times.
SLOWFUZZ := FuzzDensify FuzzExports
SLOWFUZZTIME ?= 1000x

.PHONY: all build run test test-go test-web test-e2e fuzz vet vulncheck vendor bundle bench bench-http bench-pg bench-page pgo clean

all: build

build: vendor bundle
	$(GO) build -o $(BIN) .

run: build
	./$(BIN) --addr $(ADDR)

# Front-end packages come from npm (web/package-lock.json); the binary embeds
# the files the page needs, copied here because go:embed cannot reach node_modules.
vendor: $(VENDOR)/.stamp

$(VENDOR)/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/world-atlas $(VENDOR)/apache-arrow $(VENDOR)/twgl $(VENDOR)/protomaps-leaflet
	cp -R web/node_modules/leaflet/dist/. $(VENDOR)/leaflet/
	cp web/node_modules/apache-arrow/Arrow.esnext.min.js web/node_modules/apache-arrow/LICENSE.txt $(VENDOR)/apache-arrow/
	cp web/node_modules/twgl.js/dist/7.x/twgl-full.module.js web/node_modules/twgl.js/LICENSE.md $(VENDOR)/twgl/
	cp web/node_modules/protomaps-leaflet/dist/protomaps-leaflet.js web/node_modules/protomaps-leaflet/LICENSE $(VENDOR)/protomaps-leaflet/
	cp $(addprefix web/node_modules/world-atlas/,$(ATLAS)) $(VENDOR)/world-atlas/
	touch $@

# The page's modules bundled into a few files, and the page that loads them,
# which the binary sends (web/tools/bundle.mjs); --dev serves the modules.
bundle: $(BUNDLE)/.stamp

$(BUNDLE)/.stamp: $(VENDOR)/.stamp web/tools/bundle.mjs web/static/index.html $(shell find web/static/js -name '*.js')
	node web/tools/bundle.mjs
	touch $@

vet: vendor
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt: files above need formatting'; exit 1; }
	$(GO) vet ./...

test: build vet vulncheck test-go fuzz test-web test-e2e

# Known vulnerabilities that reach the code; skipped, with a note, offline.
vulncheck:
	GO=$(GO) .ci/vulncheck

test-go: vendor
	$(GO) test -race -count=1 ./...

# A short fuzz run of each parser on top of its seed corpus, which test-go
# already ran; `make fuzz FUZZTIME=5m` searches longer. The default is a count
# of runs, not a duration: a deadline that falls while the fuzzer minimises
# an input fails the run with "context deadline exceeded".
fuzz: vendor
	@for pair in $(FUZZ); do \
		pkg=$${pair%%:*}; target=$${pair##*:}; time=$(FUZZTIME); \
		case " $(SLOWFUZZ) " in *" $$target "*) time=$(SLOWFUZZTIME);; esac; \
		echo "fuzz $$target ($$time)"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $$time ./$$pkg/ 2>&1) || { echo "$$out"; exit 1; }; \
	done

test-web:
	cd web && npm test

test-e2e: build
	cd web && CHRONOMAP_BIN=$(CURDIR)/$(BIN) npm run e2e

bench: vendor
	$(GO) test -run '^$$' -bench . -benchmem ./...

# wrk against the binary at a million events, and nginx serving the same
# bytes in the same run (bench/http.sh says what it needs and measures).
bench-http: build
	bash bench/http.sh

# The same wrk queries against Chronomap serving a PostGIS table, and
# pg_featureserv (PG_FEATURESERV=path) serving the same table in the same
# run (bench/pg.sh says what it needs and measures).
bench-pg: build
	bash bench/pg.sh

# The page at the built-in events (size 53), 10k, 100k and 1M events in
# headless Chromium (software WebGL): a Markdown table of ready time, fps,
# heap, DOM and bytes. Datasets are generated once into bench/out/.
# SIZES=53,100000 limits the sizes.
bench-page: build
	node bench/page.mjs

# default.pgo, the profile go build optimises the binary with, made anew
# from a run of the loading and serving the benchmarks measure (bench/pgo.sh).
pgo: vendor bundle
	GO=$(GO) bash bench/pgo.sh

clean:
	rm -rf bin $(VENDOR) $(BUNDLE) web/node_modules
