#!/bin/sh
# run.sh - the speed benchmark of the managers' review (tests/bench/README.md).
#
#   sh tests/bench/run.sh [N]          N sessions, default 100000
#
# Fills a database with N generated sessions (once: it is cached under
# $BENCH_TMP/cache, keyed by N, SEED and the generator's data version),
# then prints a table: for each managers' task the time winback takes and
# the time the sqlite3 shell takes for the same query result on the same
# file, their ratio and peak memory; then the time to draw the TUI's home
# screen beside `dialog --infobox`, and the CPU time per keystroke in the
# wizard.  Figures are medians of RUNS runs after one warm-up run (the
# file is in the page cache).  Not part of `make check`.
#
# Environment (all optional):
#   WINBACK    the winback binary to measure; default: built out of tree
#              (configure && make) in $BENCH_TMP/build from this source tree
#   GEN        the generator (tests/bench/gen.c); default: built beside it,
#              linked with that build's libwinback.a
#   SEED       generator seed (default 1)
#   RUNS       timed runs per figure (default 5)
#   KEYS       keystrokes sent through the wizard (default 10000)
#   BENCH_TMP  work and cache directory (default /tmp/winback-bench)
#   TRACE=1    after each row, one more run of winback with sqltrace.so
#              preloaded: where its time went (prepare, the slowest SQL)
# Needs: python3, sqlite3, a C compiler and what winback builds with;
# dialog for the comparison of start-up times (the row says n/a without).
set -u

N=${1:-100000}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
KEYS=${KEYS:-10000}
BENCH_TMP=${BENCH_TMP:-/tmp/winback-bench}
HERE=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$HERE/../.." && pwd)
DRIVE="python3 $HERE/drive.py"
BUILD=$BENCH_TMP/build
T=$BENCH_TMP/run.$$
mkdir -p "$BENCH_TMP/cache" "$T/home"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# winback reads no user config and writes nothing outside the benchmark.
export HOME="$T/home"
unset XDG_CONFIG_HOME XDG_DATA_HOME WINBACK_DATADIR

die() { echo "run.sh: $*" >&2; exit 1; }
note() { echo "run.sh: $*" >&2; }
for tool in python3 sqlite3; do
    command -v $tool >/dev/null 2>&1 || die "$tool is needed (apt-get install $tool)"
done

# ---- build --------------------------------------------------------------

# Builds winback and libwinback.a out of tree in $BUILD (incremental).
build_winback() {
    mkdir -p "$BUILD"
    if [ ! -f "$BUILD/Makefile" ]; then
        [ -x "$SRCDIR/configure" ] || (cd "$SRCDIR" && autoreconf -fi) >/dev/null 2>&1 ||
            die "cannot run autoreconf in $SRCDIR"
        (cd "$BUILD" && "$SRCDIR/configure") >"$BUILD/configure.log" 2>&1 ||
            die "configure failed: see $BUILD/configure.log"
    fi
    note "building winback in $BUILD"
    make -C "$BUILD" -s winback libwinback.a >"$BUILD/make.log" 2>&1 ||
        die "make failed: see $BUILD/make.log"
}

# Builds the generator: through make when the build knows it, else by hand
# against the build's domain library.
build_gen() {
    GEN=$BUILD/tests/bench/gen
    if make -C "$BUILD" -s tests/bench/gen >/dev/null 2>&1; then
        return
    fi
    if [ -n "$(find "$GEN" -newer "$HERE/gen.c" -newer "$BUILD/libwinback.a" 2>/dev/null)" ]
    then
        return
    fi
    mkdir -p "$BUILD/tests/bench"
    # shellcheck disable=SC2046
    ${CC:-cc} -std=c11 -O2 -g -Wall -Wextra -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
        -I"$SRCDIR/include" -I/usr/include/iniparser \
        $(pkg-config --cflags sqlite3 2>/dev/null) \
        "$HERE/gen.c" "$BUILD/libwinback.a" -o "$GEN" \
        -liniparser $(pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3) -lm \
        >"$BUILD/gen.log" 2>&1 || die "cannot build the generator: see $BUILD/gen.log"
}

if [ -z "${WINBACK:-}" ] || [ -z "${GEN:-}" ]; then
    build_winback
    WINBACK=${WINBACK:-$BUILD/winback}
    [ -n "${GEN:-}" ] || build_gen
fi
[ -x "$WINBACK" ] || die "no winback at $WINBACK"
[ -x "$GEN" ] || die "no generator at $GEN"
TRACE_SO=
if [ "${TRACE:-0}" = 1 ]; then
    TRACE_SO=$BENCH_TMP/sqltrace.so
    ${CC:-cc} -O2 -shared -fPIC "$HERE/sqltrace.c" -o "$TRACE_SO" -ldl ||
        die "cannot build sqltrace.so"
fi

# ---- the database ---------------------------------------------------------

VER=$(sed -n 's/^#define GEN_DATA_VERSION \([0-9]*\).*/\1/p' "$HERE/gen.c")
DB=$BENCH_TMP/cache/winback-$N-$SEED-v$VER.db
if [ ! -f "$DB" ]; then
    note "generating $N sessions into $DB (once; cached)"
    rm -f "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm" "$DB.tmp-journal"
    "$GEN" "$DB.tmp" "$N" "$SEED" || die "the generator failed"
    mv "$DB.tmp" "$DB" || die "cannot move the database into place"
fi
cat "$DB" >/dev/null   # into the page cache, for both sides alike

# ---- timing helpers ---------------------------------------------------------

# Median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan";
    else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# timeit FILE CMD...: one warm-up run, then RUNS timed runs of CMD; leaves
# "wall cpu rss status" lines in FILE.  Returns the warm-up's status.
timeit() {
    file=$1
    shift
    OUT=$T/out ERR=$T/err $DRIVE time 1 -- "$@" >"$file.warm"
    OUT=$T/out ERR=$T/err $DRIVE time "$RUNS" -- "$@" >"$file"
    return "$(awk '{ print $4 }' "$file.warm")"
}

# "wall cpu rss" medians (ms, ms, MB max) of a timeit FILE.
summary() {
    w=$(awk '{ print $1 }' "$1" | median | xargs printf %.1f)
    c=$(awk '{ print $2 }' "$1" | median | xargs printf %.1f)
    m=$(awk '$3 > m { m = $3 } END { print m / 1024 }' "$1")
    echo "$w $c $m"
}

# Why winback's run failed, for the table.
why_failed() {
    if grep -qi "unknown command\|unknown option" "$T/err"; then
        echo "n/a (command missing: $(head -c 60 "$T/err" | tr '\n' ' '))"
    else echo "n/a (failed: $(head -c 60 "$T/err" | tr '\n' ' '))"; fi
}

# A line of the table: task, winback's three figures, sqlite3's, two ratios.
line9() { printf '%-34s %9s %9s %7s  %9s %9s %7s  %6s %6s\n' "$@"; }
# A line of the terminal part: what, wall, cpu, memory.
line4() { printf '%-44s %10s %9s %8s\n' "$@"; }
header() {
    line9 "" "winback" "" "" "sqlite3" "" "" "ratio" ""
    line9 "task" "wall ms" "cpu ms" "max MB" "wall ms" "cpu ms" "max MB" "wall" "cpu"
}

# row NAME SQLFILE WINBACK-ARGS...: times winback and the sqlite3 shell on
# the same file and prints a line of the table (and winback's trace).
row() {
    name=$1 sql=$2
    shift 2
    if ! timeit "$T/w" "$WINBACK" --db "$DB" "$@"; then
        printf '%-34s %s\n' "$name" "$(why_failed)"
        return
    fi
    : >"$T/trace"
    [ -z "$TRACE_SO" ] ||
        LD_PRELOAD=$TRACE_SO TRACE_OUT=$T/trace "$WINBACK" --db "$DB" "$@" >/dev/null 2>&1
    summary "$T/w" >"$T/sum"
    read -r ww wc wm <"$T/sum"
    timeit "$T/s" sqlite3 -batch "$DB" ".read $sql" || note "sqlite3 failed on $sql: $(cat "$T/err")"
    summary "$T/s" >"$T/sum"
    read -r sw sc sm <"$T/sum"
    rw=$(awk -v a="$ww" -v b="$sw" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    rc=$(awk -v a="$wc" -v b="$sc" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    line9 "$name" "$ww" "$wc" "$(printf %.1f "$wm")" "$sw" "$sc" "$(printf %.1f "$sm")" "$rw" "$rc"
    cat "$T/trace"
}

# ---- the table ----------------------------------------------------------------

echo "winback benchmark: $N sessions (seed $SEED), $(du -m "$DB" | cut -f1) MB, $RUNS runs per figure (median), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "winback: $WINBACK"
echo "database: $DB"
echo
header
# The SQL files in sql/ give the same result as these commands (see their
# comments); sqlite3 runs in $T so that the export's ".once" lands there.
cd "$T" || die "cannot enter $T"
Q=$HERE/sql
row "first page (list --limit 50)" "$Q/list.sql" list --limit 50
row "filter (list type=bought_away)" "$Q/filter.sql" list --limit 50 type=bought_away
row "full-text search (search=faulty)" "$Q/search.sql" list --limit 50 search=faulty
row "statistics (stats)" "$Q/stats.sql" stats
row "CSV export of everything" "$Q/export.sql" export --format csv -o "$T/winback.csv" --force
if [ -f "$T/winback.csv" ] && [ -f "$T/sqlite.csv" ]; then
    python3 -c 'import csv, sys
n = [sum(1 for _ in csv.reader(open(f, newline="", encoding="utf-8"))) for f in sys.argv[1:]]
print("  CSV records (with header): winback %d, sqlite3 %d" % tuple(n))' "$T/winback.csv" "$T/sqlite.csv"
fi
echo

# ---- the terminal ----------------------------------------------------------------

# startup NAME NEEDLE QUIT-KEYS CMD...: prints the row of the median time
# until NEEDLE is drawn; leaves the median wall ms in $T/st.ms (0 if none).
startup() {
    name=$1 needle=$2 quit=$3
    shift 3
    echo 0 >"$T/st.ms"
    if QUIT_KEYS=$quit $DRIVE startup "$needle" "$RUNS" -- "$@" >"$T/st" 2>"$T/st.err"; then
        summary "$T/st" >"$T/sum"
        read -r w c m <"$T/sum"
        line4 "$name" "$w" "$c" "$(printf %.1f "$m")"
        echo "$w" >"$T/st.ms"
    else
        printf '%-44s %s\n' "$name" "n/a ($(tail -c 100 "$T/st.err" | tr '\n' ' '))"
    fi
}

line4 "in a pseudo-terminal (100x30)" "wall ms" "cpu ms" "max MB"
startup "winback: start until the home screen is drawn" "New debrief" q "$WINBACK" --db "$DB"
home_ms=$(cat "$T/st.ms")
if [ -n "$TRACE_SO" ]; then
    : >"$T/trace"
    LD_PRELOAD=$TRACE_SO TRACE_OUT=$T/trace $DRIVE startup "New debrief" 1 -- \
        "$WINBACK" --db "$DB" >/dev/null 2>&1
    cat "$T/trace"
fi
if command -v dialog >/dev/null 2>&1; then
    startup "dialog --infobox hello 5 20, started alike" hello "" dialog --infobox hello 5 20
    awk -v a="$home_ms" -v b="$(cat "$T/st.ms")" 'BEGIN { if (a > 0 && b > 0)
        printf "%-44s %10.1f\n", "  ratio winback / dialog", a / b }'
else
    printf '%-44s %s\n' "dialog --infobox" "n/a (dialog is not installed: apt-get install dialog)"
fi
# The keystrokes go to a fresh database: they measure the wizard, not the file.
rm -f "$T/keys.db"
if $DRIVE keys "$KEYS" -- "$WINBACK" --db "$T/keys.db" >"$T/keys" 2>"$T/keys.err"; then
    read -r k cpu us hwm wall stalls <"$T/keys"
    line4 "wizard: $k keystrokes into a narrative" \
        "$(awk -v w="$wall" 'BEGIN { printf "%.0f", w * 1000 }')" "$cpu" \
        "$(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }')"
    line4 "  CPU per keystroke (us)" "" "$us" ""
    [ "$stalls" = 0 ] || note "$stalls keystrokes drew nothing within a second"
else
    printf '%-44s %s\n' "wizard keystrokes" "n/a ($(tail -c 200 "$T/keys.err" | tr '\n' ' '))"
fi
