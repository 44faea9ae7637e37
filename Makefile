# make test   - every package's tests (race detector on), then every chapter's snippets
# make bench  - the speed goals, as ratios measured side by side in one run
# make build  - the workbook binary in ./workbook
# make site   - the book's site in ./_site (workbook build)

GO ?= go

.PHONY: test unit content bench build vet site

test: vet unit content

vet:
	$(GO) vet ./...
	@# -e: the proxy refuses (403) a test-only dependency of modernc.org/sqlite's
	@# own tests (a google/pprof pseudo-version); tidy still checks ours.
	$(GO) mod tidy -e -diff
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1)

unit:
	$(GO) test -race -timeout 20m ./...

# Every snippet of every chapter meets its expectation, and so does the
# format's sample chapter. --fresh: CI proves the content, not the cache.
# Every reference solution passes its tests and every stub fails them. The
# site then builds from what the tests just ran and measured: every
# {{measured}} figure resolves, every page renders.
content: build
	./workbook test --fresh --book testdata/book
	@if ls chapters/*.md >/dev/null 2>&1; then ./workbook test --fresh; fi
	@if [ -d exercises ]; then ./workbook exercises verify; fi
	@if ls chapters/*.md >/dev/null 2>&1; then ./workbook build -o _site; fi

build:
	$(GO) build -o workbook ./cmd/workbook

site: build
	./workbook build -o _site

bench: build
	$(GO) test -run '^$$' -bench . -benchtime 20x ./runner/...
	$(GO) run ./cmd/workbook-bench -workbook ./workbook
	# 40 students x 3 exercises with -race, cold and warm build cache (issue 7)
	$(GO) test -run '^$$' -bench Grade -benchtime 1x ./grade -grade.students 40
	# an unchanged re-grade of 300 submissions served from the gradebook; goal under 1 s per 100 (issue 8)
	$(GO) test -run '^$$' -bench UnchangedRegrade -benchtime 5x ./grade
