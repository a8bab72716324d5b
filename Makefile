# The project's commands: the README names them and CI (.ci/run) calls only these targets.
# Every target is idempotent: a second run does (almost) nothing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# rustup's cargo/rustc build the host workspace. Debian's /usr/bin/cargo (rustc-web) exists only
# for the guest, whose build the host crate's build.rs runs; keep rustup's first on PATH.
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(PATH)

VENV          := .venv
PY            := $(VENV)/bin/python
SYSTEM_PYTHON ?= /usr/bin/python3
VENV_STAMP    := $(VENV)/.setup-stamp
# The linters are pinned: a new release's rules must not fail `make test` on unchanged code.
LINT_PACKAGES := ruff==0.17.5 mypy==2.4.1
VENV_PACKAGES := maturin pytest agent-framework-core bpe-openai matplotlib opentelemetry-sdk $(LINT_PACKAGES)
# The Debian packages come from scripts/setup-tools.txt, which lists every external tool the build
# invokes with its package; check-setup checks the same list.
APT_PACKAGES  := $(shell bash scripts/check-setup.sh --packages)
SUDO          := $(if $(filter 0,$(shell id -u)),,sudo)

# Same PyO3 settings for `cargo test` as maturin uses, so the two builds share target/ instead of
# rebuilding PyO3 each time, and the extension module is not linked against libpython.
PYO3_ENV := PYO3_PYTHON=$(abspath $(PY)) PYO3_BUILD_EXTENSION_MODULE=1

.PHONY: help check-setup fresh-check bench-readme lint typecheck repro-check setup setup-apt setup-micropython setup-venv build test fidelity conformance demo doctor clean distclean

help:
	@echo "make demo    build and run examples/demo.py"
	@echo "make test    build, then cargo test + pytest (what CI runs)"
	@echo "make fidelity  CPython fidelity suite: match rate per category (tests/fidelity/)"
	@echo "make conformance  HumanEval, MBPP, MicroPython's tests vs CPython: pass rates, failures by cause"
	@echo "make doctor  check the hypervisor, the guest and a micro-VM start"
	@echo "make lint    clippy (pedantic, warnings are errors), cargo fmt --check, ruff check/format --check, mypy --strict (make test runs it)"
	@echo "make typecheck  stubtest of the extension's stubs against the module (make test runs it)"
	@echo "make bench-readme  rerun the agent benchmark and write its table into README.md"
	@echo "make setup   apt packages, MicroPython source, .venv (each only if missing)"
	@echo "make check-setup  check every build tool is installed (names the missing Debian package)"
	@echo "make fresh-check  the README's commands in a fresh Debian chroot (debootstrap), timed"
	@echo "make repro-check  build the guest in two copies at different paths: same sha256? (10-15 min)"
	@echo "make build   build the extension into .venv (maturin develop --release)"
	@echo "make clean   remove build outputs; make distclean also removes .venv"

setup: setup-apt setup-micropython setup-venv
	@bash scripts/check-setup.sh >/dev/null || bash scripts/check-setup.sh

check-setup:
	@bash scripts/check-setup.sh

# Installs only what is missing; the package lists are refreshed first, because the guest
# toolchain (rustc-web 1.96) comes from bookworm-security and stale lists would pick an older one.
setup-apt:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	for p in $$(bash scripts/check-setup.sh --missing); do \
	  case " $$missing " in *" $$p "*) ;; *) missing="$$missing $$p";; esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get update -q; \
	  $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

setup-micropython:
	@bash scripts/fetch-micropython.sh
	@bash scripts/fetch-cpython.sh

setup-venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml Makefile
	@[ -x $(PY) ] || $(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q $(VENV_PACKAGES)
	touch $@

# cargo decides what to rebuild, so this always runs; a no-op build takes a few seconds.
build: setup
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release

test: build lint typecheck
	$(PYO3_ENV) cargo test --workspace --release
	cd guest && cargo test --release
	$(VENV)/bin/pytest -q

# Every tests/fidelity program under CPython and in a micro-VM: match rate per category, the
# differing programs; fails on a difference known_differences.txt does not list.
fidelity: build
	$(PY) tests/fidelity/run.py

# Outside corpora (HumanEval, MBPP from ../shared/corpora or $$HLC_CORPORA; MicroPython's own
# CPython-compared tests from build/) under CPython and in micro-VMs: pass rate per corpus and the
# failures grouped by cause (tests/conformance/run.py).
conformance: build
	$(PY) tests/conformance/run.py

# The agent demo, then the same task wired both ways: traditional tool calling vs CodeAct.
demo: build
	$(PY) examples/demo.py
	$(PY) benches/agent/bench.py --runs 3 --chart benchmark.png

# The README's agent-benchmark table is this command's output, never edited by hand.
bench-readme: build
	$(PY) benches/agent/bench.py --runs 3 --readme README.md

# Python sources the linters check (ruff: all of them; mypy --strict: the package).
PY_LINT_PATHS := python tests benches examples

# The guest `make build` built. Clippy runs the host crate's build script in a build directory of
# its own, where it would build the guest a second time (minutes); it embeds this one instead
# (clippy only checks, so any guest binary does; without one, the build script builds it).
LINT_GUEST = $(firstword $(wildcard $(abspath target)/release/build/hyperlight-codeact-*/out/guest-target/x86_64-hyperlight-none/release/hyperlight-codeact-guest))

# Clippy's pedantic lints are enabled in the crates ([workspace.lints] in Cargo.toml, the protocol
# crate's lib.rs), with a short allow-list there; any warning fails. Formatting: rustfmt.toml for
# the workspace's crates (not guest/), ruff's settings in pyproject.toml; `cargo fmt --all` and
# `ruff format python tests benches examples` fix what the checks report.
lint: build
	$(if $(LINT_GUEST),HYPERLIGHT_CODEACT_GUEST=$(LINT_GUEST)) $(PYO3_ENV) cargo clippy --workspace --all-targets --release -- -D warnings
	cargo fmt --all --check
	$(VENV)/bin/ruff check $(PY_LINT_PATHS)
	$(VENV)/bin/ruff format --check $(PY_LINT_PATHS)
	$(PY) -m mypy --strict python/hyperlight_codeact

# The extension's stubs (_native.pyi) against the built module (what mypy users see).
typecheck: build
	$(PY) -m mypy.stubtest hyperlight_codeact._native --allowlist python/stubtest-allowlist.txt

doctor: build
	$(PY) -m hyperlight_codeact doctor

clean:
	cargo clean
	rm -rf guest/target build dist .pytest_cache .ruff_cache .mypy_cache
	rm -f python/hyperlight_codeact/_native*.so
	find python tests examples -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# The guest built in two copies of the source at different paths (and target directories) must
# have the same sha256 (scripts/repro-check.sh); two guest builds, so not part of `make test`.
repro-check:
	bash scripts/repro-check.sh

# The README's two commands in a fresh debootstrap root (see scripts/fresh-check.sh); needs root.
fresh-check:
	bash scripts/fresh-check.sh
