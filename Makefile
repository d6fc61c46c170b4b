# threadmap - a thin wrapper over CMake for humans (as cmark's Makefile is).
#   make demo   install missing packages, build, run the main job on a sample
#   make test   install missing packages, build, run the whole test suite
#   make asan   the suite under AddressSanitizer + UBSan
#   make bench  the benchmarks in bench/
#   make test-slurm  a 4-task Slurm job array on a single-node Slurm on localhost
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_OUT ?= demo-out
DEMO_SAMPLE ?= samples/hn_orca_launch.html

.PHONY: all deps deps-test build demo test asan bench clean install test-slurm

all: build

deps:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh test

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTM_BUILD_TESTS=ON

build: deps-test $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p $(DEMO_OUT)
	./$(BUILD)/threadmap stats $(DEMO_SAMPLE)
	./$(BUILD)/threadmap parse --pretty $(DEMO_SAMPLE) -o $(DEMO_OUT)/thread.json
	./$(BUILD)/threadmap parse --ndjson $(DEMO_SAMPLE) -o $(DEMO_OUT)/comments.ndjson
	./$(BUILD)/threadmap score --ndjson --explain $(DEMO_SAMPLE) -o $(DEMO_OUT)/scores.ndjson
	./$(BUILD)/threadmap graph --kind argument $(DEMO_SAMPLE) -o $(DEMO_OUT)/argument.png
	./$(BUILD)/threadmap graph --kind reply $(DEMO_SAMPLE) -o $(DEMO_OUT)/reply.svg
	./$(BUILD)/threadmap graph --kind disagreement $(DEMO_SAMPLE) -o $(DEMO_OUT)/disagreement.pdf
	./$(BUILD)/threadmap graph --kind participants $(DEMO_SAMPLE) -o $(DEMO_OUT)/participants.png
	@echo "demo: wrote $(DEMO_OUT)/: thread.json, comments.ndjson, scores.ndjson, argument.png, reply.svg, disagreement.pdf, participants.png"

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps-test
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DTM_BUILD_TESTS=ON \
	  -DTM_SANITIZE=ON -DTM_DEBUG_ARENA=ON -DBUILD_SHARED_LIBS=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

bench: build
	sh bench/run.sh $(BUILD)

# Needs Debian's slurm-wlm and munge (scripts/deps.sh slurm) and root.
test-slurm: build
	@sh scripts/deps.sh slurm
	sh tests/slurm/run_slurm_test.sh $(BUILD)/threadmap .

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(DEMO_OUT)
