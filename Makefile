# The user's interface (docs/DESIGN.md "Make targets"). Run `make help` for a summary.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := libopenblas-dev libcairo2-dev libpango1.0-dev libpng-dev zlib1g-dev pkg-config poppler-utils dataset-fashion-mnist fonts-sil-charis tesseract-ocr
# OpenBLAS worker threads must not spin after a call while our own threads run (docs/NATIVE-LIBS.md §3.7).
export OPENBLAS_THREAD_TIMEOUT ?= 4
SWIFT_FLAGS := --explicit-target-dependency-import-check error
RELEASE := -c release $(SWIFT_FLAGS)
BIN := .build/release
# The tests build with -enable-testing into their own folder, so `make test` and `make build`
# never invalidate each other's build.
TEST_SCRATCH := .build-test
TEST_RELEASE := $(RELEASE) --scratch-path $(TEST_SCRATCH) -Xswiftc -enable-testing
TEST_BIN := $(TEST_SCRATCH)/release
# Budget of make report: full (the committed report), or paper (toward the paper's scale, into
# output/paper/; meant for EXECUTOR=slurm).
BUDGET ?= full
# Seed passed to every chapter; FORCE=1 reruns chapters whose frozen results are fresh; ONLY=03,04
# limits make report to those chapters.
SEED ?= 0
# Seconds the unit tests may take before `make test` stops them (they take about 3 minutes).
TEST_TIMEOUT ?= 1200
# Where make verdict-check writes its table (Markdown).
VERDICT_TABLE := output/verdict-check/verdicts
# Worker processes for missing trials (default: one per core; each computes with one thread); docs/TRIALS.md.
JOBS ?=
# Where missing trials run: local (JOBS worker processes) or slurm (job arrays; README "On a Slurm cluster").
EXECUTOR ?= local
JOB_ARGS := $(if $(JOBS),--jobs $(JOBS)) $(if $(TRIAL_TIMEOUT),--trial-timeout $(TRIAL_TIMEOUT)) --executor $(EXECUTOR)
# Slurm settings, passed to the chapters' executor as GL_SLURM_* (docs/TRIALS.md "Executor settings").
export GL_SLURM_PARTITION ?= $(SLURM_PARTITION)
export GL_SLURM_ACCOUNT ?= $(SLURM_ACCOUNT)
export GL_SLURM_TIME ?= $(SLURM_TIME)
export GL_SLURM_CPUS ?= $(SLURM_CPUS)
export GL_SLURM_OPTIONS ?= $(SLURM_OPTIONS)
export GL_SLURM_MAX_TASKS ?= $(SLURM_MAX_TASKS)
export GL_SLURM_ATTEMPTS ?= $(SLURM_ATTEMPTS)
REPORT_ARGS := --seed $(SEED) $(JOB_ARGS)
REPORT := $(BIN)/report build $(REPORT_ARGS)

.PHONY: help deps build test bench bench-compare report chapter smoke clean fuzz verdict-check cluster-test

help:
	@echo "make deps              install the Debian packages (no-op when present)"
	@echo "make build             release build"
	@echo "make test              deps + unit tests (release mode, own build folder .build-test) + every chapter at smoke budget"
	@echo "make bench             performance workloads, one JSON object on stdout (BENCH_ARGS=--quick: a few seconds)"
	@echo "make bench-compare     attack iteration: Swift vs the PyTorch twin, alternately (needs TORCH_PYTHON or /work/venv-torch)"
	@echo "make report            deps + build + stale chapters + weave -> output/report.pdf, output/report.html"
	@echo "                       (FORCE=1 reruns every chapter, SEED=n changes the seed, ONLY=03,04 those chapters,"
	@echo "                       JOBS=n trial worker processes, BUDGET=paper the paper-scale budget into output/paper/,"
	@echo "                       EXECUTOR=slurm Slurm job arrays)"
	@echo "make chapter CH=NN     rerun one chapter, then re-weave"
	@echo "make smoke             all chapters at smoke budget, then weave -> output/smoke/"
	@echo "make verdict-check     rerun the report on im2col + GEMM and with SEED=1; compare every verdict ($(VERDICT_TABLE).md; ONLY= too)"
	@echo "make fuzz              10,000 mutated inputs per file reader (IDX, gzip, PNG, PGM, safetensors)"
	@echo "make cluster-test      (root) a one-node Slurm cluster here; the smoke report through it, one task killed;"
	@echo "                       results must equal the local executor's (tools/slurm-local.sh)"
	@echo "                       EXECUTOR=slurm with make report runs missing trials as Slurm job arrays (README)"

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "deps: all Debian packages present"; fi

build:
	swift build $(RELEASE)

test: deps
	swift build $(TEST_RELEASE) --build-tests
	@# A hanging test fails the run after TEST_TIMEOUT seconds instead of stalling CI; output is
	@# line-buffered so the log ends at the test that hung.
	@timeout --kill-after=30 $(TEST_TIMEOUT) stdbuf -oL -eL swift test $(TEST_RELEASE) --skip-build; \
	  status=$$?; if [ $$status -eq 124 ]; then echo "make test: the tests did not finish within $(TEST_TIMEOUT) s (a test hangs; the log above ends at it)" >&2; fi; exit $$status
	@# The chapters at smoke budget, with the executables just built (a chapter failure fails the test).
	$(TEST_BIN)/report build $(REPORT_ARGS) --budget smoke --force --timeout 600

# stdout carries only the JSON report: the build's output goes to stderr.
bench:
	@swift build $(RELEASE) >&2
	@$(BIN)/bench $(BENCH_ARGS)

# Medians of ROUNDS alternating runs of each side, and the ratio Swift / PyTorch, overall and within
# one core placement (bench/compare.sh; bench --round-trip).
bench-compare: build
	bench/compare.sh $(BIN)/bench

report: deps build
	$(REPORT) --budget $(BUDGET) $(if $(FORCE),--force) $(if $(ONLY),--only $(ONLY))

chapter: build
	@if [ -z "$(CH)" ]; then echo "usage: make chapter CH=NN (e.g. CH=00)" >&2; exit 2; fi
	$(REPORT) --budget $(BUDGET) --only $(CH) --force

smoke: build
	$(REPORT) --budget smoke --force --timeout 600

fuzz:
	swift build $(TEST_RELEASE) --build-tests
	FUZZ_ITERATIONS=10000 swift test $(TEST_RELEASE) --skip-build --filter ReaderFuzzTests

# The verdicts on the other convolution path and with another seed, side by side with the report's
# (exit status 3 when a verdict flips between reproduced and not reproduced).
verdict-check: build
	GL_DIRECT_CONV=0 $(BIN)/report build $(REPORT_ARGS) --budget full --output output/verdict-check/im2col-gemm --allow-failures $(if $(ONLY),--only $(ONLY))
	$(BIN)/report build --seed 1 $(JOB_ARGS) --budget full --output output/verdict-check/seed-1 --allow-failures $(if $(ONLY),--only $(ONLY))
	$(BIN)/report verdicts output output/verdict-check/im2col-gemm output/verdict-check/seed-1 --out $(VERDICT_TABLE).md

clean:
	rm -rf .build $(TEST_SCRATCH)

# A one-node Slurm cluster on this machine (Debian's slurm-wlm + munge, started and stopped by the
# script), the smoke report through the Slurm executor with one task killed, compared with the
# local executor. Uses the test build, so after `make test` it builds nothing.
cluster-test: deps
	swift build $(TEST_RELEASE)
	tools/slurm-local.sh $(TEST_BIN)
