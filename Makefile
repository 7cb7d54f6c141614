# insats — build, test and benchmark. `make run` and `make check` install what is missing first
# (scripts/install-deps.sh), so both work on a fresh Debian machine.

CC      ?= cc
# The one place the version is written; `insats --version` and the manual page read it.
VERSION := 0.1
PREFIX  ?= /usr/local
DESTDIR ?=
PKGS    := sqlite3 jansson libsodium cairo pangocairo xlsxwriter libcmark zlib libmicrohttpd \
           liboath libqrencode libical libcurl
BUILD   := build

WARN     := -std=c17 -Wall -Wextra -Wpedantic -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-unused-parameter
HARDEN   := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection \
            -fcf-protection -fPIE
HARDEN_LD := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
DEFS     := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DINSATS_VERSION='"$(VERSION)"'
INCS     := -Isrc/core -Isrc/report -Isrc/web -I$(BUILD)/gen

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm

REL_CFLAGS  := $(WARN) $(DEFS) $(INCS) -O2 -g $(HARDEN)
ASAN_CFLAGS := $(WARN) $(DEFS) $(INCS) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all -fPIE

# The web layer (src/web) is linked into every test program beside the core, like the reports.
CORE_SRC := $(wildcard src/core/*.c) $(wildcard src/report/*.c) $(wildcard src/web/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
GEN_SRC  := $(BUILD)/gen/schema.c $(BUILD)/gen/common_passwords.c $(BUILD)/gen/assets.c \
            $(BUILD)/gen/catalogues.c
# The web server's static files, compiled into the binary (scripts/embed-assets.sh).
ASSETS   := $(sort $(wildcard src/web/assets/*))
UNIT_SRC := $(wildcard tests/unit/test_*.c)

GEN_NAMES := schema common_passwords assets catalogues
REL_OBJ  := $(patsubst %.c,$(BUILD)/rel/%.o,$(CORE_SRC) $(CLI_SRC)) \
            $(patsubst %,$(BUILD)/rel/gen/%.o,$(GEN_NAMES))
ASAN_CORE := $(patsubst %.c,$(BUILD)/asan/%.o,$(CORE_SRC)) \
             $(patsubst %,$(BUILD)/asan/gen/%.o,$(GEN_NAMES))
ASAN_CLI  := $(patsubst %.c,$(BUILD)/asan/%.o,$(CLI_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/asan/tests/%,$(UNIT_SRC))
UNIT_OBJ := $(patsubst %.c,$(BUILD)/asan/%.o,$(UNIT_SRC))
# The helpers every unit test links (tests/unit/testutil.h); not a test program itself.
TEST_UTIL := $(BUILD)/asan/tests/unit/testutil.o
# The web tests' harness (tests/unit/webtest.h): a server on a free loopback port and a client.
WEB_TEST_UTIL := $(BUILD)/asan/tests/unit/webtest.o

.PHONY: all deps run check unit e2e bench clean install uninstall po
# Keep the test objects between runs instead of deleting them as intermediates.
.SECONDARY:
all: $(BUILD)/insats

deps:
	@./scripts/install-deps.sh

$(BUILD)/gen/schema.c: scripts/embed-sql.sh $(wildcard schema/*.sql)
	@mkdir -p $(dir $@)
	./scripts/embed-sql.sh $@ $(sort $(wildcard schema/*.sql))

# The common passwords that account_password_check() refuses (data/README.md).
$(BUILD)/gen/common_passwords.c: scripts/embed-passwords.sh data/common-passwords.txt
	@mkdir -p $(dir $@)
	./scripts/embed-passwords.sh $@ data/common-passwords.txt

$(BUILD)/gen/assets.c: scripts/embed-assets.sh $(ASSETS)
	@mkdir -p $(dir $@)
	./scripts/embed-assets.sh $@ $(ASSETS)

# The message catalogues (docs/i18n.md): msgfmt checks each translation's format against its
# id's and compiles it; the binary carries both (src/core/i18n.c).
$(BUILD)/gen/%.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check-format --check-domain --output-file=$@ $<

$(BUILD)/gen/catalogues.c: scripts/embed-catalogues.sh $(BUILD)/gen/sv.mo $(BUILD)/gen/en.mo
	./scripts/embed-catalogues.sh $@ $(BUILD)/gen/sv.mo $(BUILD)/gen/en.mo

# New marked strings into po/sv.po and po/en.po (then translate them; tests/e2e/i18n.sh checks).
po:
	./scripts/po-update.sh

# Every generated file (build/gen/*.c) compiles the same way.
$(BUILD)/rel/gen/%.o: $(BUILD)/gen/%.c src/core/migrate.h src/web/assets.h
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/asan/gen/%.o: $(BUILD)/gen/%.c src/core/migrate.h src/web/assets.h
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/rel/%.o: %.c $(wildcard src/core/*.h src/report/*.h src/web/*.h src/cli/*.h) | $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: %.c $(wildcard src/core/*.h src/report/*.h src/web/*.h src/cli/*.h) | $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) $(PKG_CFLAGS) $(shell pkg-config --cflags cmocka libcurl libxml-2.0 2>/dev/null) -c $< -o $@

# main.c prints VERSION.
$(BUILD)/rel/src/cli/main.o $(BUILD)/asan/src/cli/main.o: Makefile

$(BUILD)/insats: $(REL_OBJ)
	$(CC) $(REL_CFLAGS) $(HARDEN_LD) $^ -o $@ $(PKG_LIBS)

$(BUILD)/asan/insats: $(ASAN_CORE) $(ASAN_CLI)
	$(CC) $(ASAN_CFLAGS) -pie $^ -o $@ $(PKG_LIBS)

$(UNIT_OBJ) $(TEST_UTIL) $(WEB_TEST_UTIL): tests/unit/testutil.h
$(UNIT_OBJ) $(WEB_TEST_UTIL): tests/unit/webtest.h

$(BUILD)/asan/tests/%: $(BUILD)/asan/tests/unit/%.o $(TEST_UTIL) $(ASAN_CORE)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -pie $^ -o $@ $(PKG_LIBS) $(shell pkg-config --libs cmocka libcurl)

# The web tests (test_web_*.c) link the harness too.
$(BUILD)/asan/tests/test_web_%: $(BUILD)/asan/tests/unit/test_web_%.o $(WEB_TEST_UTIL) $(TEST_UTIL) \
                                $(ASAN_CORE)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -pie $^ -o $@ $(PKG_LIBS) $(shell pkg-config --libs cmocka libcurl libxml-2.0)

# The web application on demo data: the demo project and its accounts (an admin and one per
# role, their generated passwords printed once) are created once, in demo.db, kept between
# runs; then the server runs in the foreground on 127.0.0.1:8080 until Ctrl-C.
RUN_DB   ?= demo.db
RUN_ADDR ?= 127.0.0.1:8080
run: deps
	@$(MAKE) --no-print-directory $(BUILD)/insats
	@if [ ! -s $(RUN_DB) ]; then \
	    echo "Creating the demo project in $(RUN_DB) (once; it is kept between runs)"; \
	    $(BUILD)/insats demo --scale small --db $(RUN_DB) || exit $$?; \
	fi
	@$(BUILD)/insats --db $(RUN_DB) user demo
	@echo
	@echo "insats: http://$(RUN_ADDR)/ - log in with an account above (admin and manager then"
	@echo "enrol a second factor with an authenticator app). Stop the server with Ctrl-C."
	@$(BUILD)/insats --db $(RUN_DB) serve --listen $(RUN_ADDR)

# Every test, built with AddressSanitizer and UndefinedBehaviorSanitizer.
check: deps
	@$(MAKE) --no-print-directory $(BUILD)/insats $(BUILD)/asan/insats $(UNIT_BIN)
	@INSATS=$(BUILD)/asan/insats INSATS_REL=$(BUILD)/insats UNIT_DIR=$(BUILD)/asan/tests \
	    ./tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/insats
	./bench/run.sh $(BUILD)/insats

# The manual page and the bash completion come from the program's own table of commands. The
# page is written in English (man1/insats.1) and in Swedish (sv/man1/insats.1, which man-db
# shows for LANG=sv_SE); LANGUAGE picks the language whatever the builder's locale.
$(BUILD)/insats.1: $(BUILD)/insats
	LANGUAGE=en $(BUILD)/insats help --man > $@.tmp && mv $@.tmp $@

$(BUILD)/insats.sv.1: $(BUILD)/insats
	LANGUAGE=sv $(BUILD)/insats help --man > $@.tmp && mv $@.tmp $@

$(BUILD)/insats.bash: $(BUILD)/insats
	$(BUILD)/insats help --bash-completion > $@.tmp && mv $@.tmp $@

install: $(BUILD)/insats $(BUILD)/insats.1 $(BUILD)/insats.sv.1 $(BUILD)/insats.bash
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/sv/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/insats $(DESTDIR)$(PREFIX)/bin/insats
	install -m 644 $(BUILD)/insats.1 $(DESTDIR)$(PREFIX)/share/man/man1/insats.1
	install -m 644 $(BUILD)/insats.sv.1 $(DESTDIR)$(PREFIX)/share/man/sv/man1/insats.1
	install -m 644 $(BUILD)/insats.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/insats

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/insats $(DESTDIR)$(PREFIX)/share/man/man1/insats.1 \
	    $(DESTDIR)$(PREFIX)/share/man/sv/man1/insats.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/insats

clean:
	rm -rf $(BUILD)

# ---- Fuzzing (tests/fuzz, docs/fuzzing.md) -------------------------------------------------
# `make check` replays the corpus of each harness through tests/fuzz/replay.c, built with $(CC)
# and the sanitizers like every other test, so it needs no clang. `make fuzz` installs clang and
# libFuzzer, builds the harnesses with -fsanitize=fuzzer,address,undefined and runs each for
# FUZZ_TIME seconds; what it finds is in $(BUILD)/fuzz (new inputs, crashers).
FUZZ_NAMES  := pnr csvread csv_import bundle_import
FUZZ_TIME   ?= 60
CLANG       ?= clang
FUZZ_REPLAY := $(patsubst %,$(BUILD)/asan/fuzz/replay_%,$(FUZZ_NAMES))
FUZZ_BIN    := $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_NAMES))
FUZZ_OBJ    := $(patsubst %.c,$(BUILD)/fuzz/%.o,$(CORE_SRC)) \
               $(patsubst %,$(BUILD)/fuzz/gen/%.o,$(GEN_NAMES)) \
               $(BUILD)/fuzz/tests/fuzz/fuzz.o
FUZZ_CFLAGS := $(WARN) $(DEFS) $(INCS) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

.PHONY: fuzz
check: $(FUZZ_REPLAY)

$(patsubst %,$(BUILD)/asan/tests/fuzz/%.o,fuzz replay $(addprefix fuzz_,$(FUZZ_NAMES))): \
    tests/fuzz/fuzz.h

$(BUILD)/asan/fuzz/replay_%: $(BUILD)/asan/tests/fuzz/fuzz_%.o $(BUILD)/asan/tests/fuzz/fuzz.o \
                             $(BUILD)/asan/tests/fuzz/replay.o $(ASAN_CORE)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -pie $^ -o $@ $(PKG_LIBS)

$(BUILD)/fuzz/gen/%.o: $(BUILD)/gen/%.c src/core/migrate.h src/web/assets.h
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/%.o: %.c $(wildcard src/core/*.h src/report/*.h src/web/*.h) tests/fuzz/fuzz.h | $(BUILD)/gen/schema.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/tests/fuzz/fuzz_%.o $(FUZZ_OBJ)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ -o $@ $(PKG_LIBS)

fuzz:
	@./scripts/install-deps.sh --fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@set -e; for h in $(FUZZ_NAMES); do \
	    mkdir -p $(BUILD)/fuzz/found/$$h $(BUILD)/fuzz/crashes; \
	    echo "fuzz: $$h for $(FUZZ_TIME) s"; \
	    $(BUILD)/fuzz/fuzz_$$h -max_total_time=$(FUZZ_TIME) -rss_limit_mb=2048 -print_final_stats=1 \
	        -artifact_prefix=$(BUILD)/fuzz/crashes/$$h- $(BUILD)/fuzz/found/$$h \
	        tests/fuzz/corpus/$$h 2>$(BUILD)/fuzz/$$h.log || { tail -40 $(BUILD)/fuzz/$$h.log; exit 1; }; \
	    grep -E '^stat::number_of_executed_units|^Done' $(BUILD)/fuzz/$$h.log | sed 's/^/    /'; \
	done
