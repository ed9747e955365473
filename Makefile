# Cần Thơ Connect — one entry point for people and CI.
#   make run    database + index + serve on :8080
#   make test   database + Chromium (scripts/dev-browser) + go vet + go test -race ./...
#   make lint   gofmt, go vet, staticcheck (a tool dependency in go.mod), go mod tidy -diff
#   make bench  benchmarks (figures go to docs/benchmarks.md)
#   make eval   retrieval and answer quality on the public, held-out and training sets
#   make fit-rerank  fit the learned rerank's weights on the training questions and print them
#   make docs-samples  docs/samples/*.json from the running service (a test checks the docs against them)
#   make fuzz   every fuzz target for FUZZTIME (default 30s); CI runs FUZZTIME=10s

GO          ?= go
FUZZTIME    ?= 30s
export TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://assistant:assistant@127.0.0.1:5432/assistant?sslmode=disable)

.PHONY: all build db run test lint bench eval fit-rerank fuzz clean docs-samples

all: build

build:
	$(GO) build -o bin/assistant ./cmd/assistant

db:
	./scripts/dev-db

run: db build
	LOG_FORMAT=$${LOG_FORMAT:-text} CONSOLE_SECURE_COOKIE=$${CONSOLE_SECURE_COOKIE:-false} ./bin/assistant serve

test: db
	./scripts/dev-browser
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }

bench: db
	$(GO) test -run '^$$' -bench . -benchmem ./...

eval: db build
	./bin/assistant migrate
	./bin/assistant index
	./bin/assistant eval
	./bin/assistant eval --set knowledge/eval/heldout.jsonl
	./bin/assistant eval --set 'knowledge/eval/train/*.jsonl'
	./bin/assistant eval --set knowledge/eval/heldout-2.jsonl
	./bin/assistant eval --set 'knowledge/eval/gaps/*.jsonl'
	./bin/assistant eval --safety knowledge/eval/safety

# The training sets are retrieve.RerankTrainingSets (internal/retrieve/rerank_learned.go).
fit-rerank: db build
	./bin/assistant migrate
	./bin/assistant index
	./bin/assistant eval --fit-rerank

# make fuzz [FUZZTIME=10s]: each fuzz target for FUZZTIME; the handler
# targets run against the test database (TEST_DATABASE_URL). scripts/fuzz-one
# runs a target again once when Go's fuzz coordinator reports only its
# deadline race (golang/go#75804) and no failing input.
FUZZ = ./scripts/fuzz-one

fuzz: db
	$(FUZZ) FuzzFold ./internal/vitext $(FUZZTIME)
	$(FUZZ) FuzzNormalize ./internal/vitext $(FUZZTIME)
	$(FUZZ) FuzzFixIME ./internal/vitext $(FUZZTIME)
	$(FUZZ) FuzzGate ./internal/vitext $(FUZZTIME)
	$(FUZZ) FuzzParse ./internal/corpus $(FUZZTIME)
	$(FUZZ) FuzzAsk ./internal/httpapi $(FUZZTIME)
	$(FUZZ) FuzzSuggest ./internal/callcenter $(FUZZTIME)
	$(FUZZ) FuzzFeedback ./internal/callcenter $(FUZZTIME)
	$(FUZZ) FuzzUpdate ./internal/telegram $(FUZZTIME)

clean:
	rm -rf bin

# Rewrites docs/samples/*.json from the running service: run it after an
# intended change of the API's answers, and review the diff.
docs-samples: db
	$(GO) test -count=1 -run '^TestDocsExamples$$' ./cmd/assistant -args -samples
