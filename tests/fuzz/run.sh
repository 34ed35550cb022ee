#!/usr/bin/env bash
# run.sh - builds winback's libFuzzer targets and fuzzes each for a bounded
# time, seeded with the shipped INI files and the bad-input corpora.
#
#   tests/fuzz/run.sh [target...]        (default: every fuzz_*.c here)
#
# Environment:
#   FUZZ_SECONDS  seconds per target (default 20); 0 builds the targets and
#                 replays the regression inputs only
#   FUZZ_OUT      work directory: binaries, corpora, crashes, logs
#                 (default /tmp/winback-fuzz; never inside the source tree)
#   CC            a clang with libFuzzer (default: clang, then clang-14)
#
# First every file under tests/fuzz/regress/<target>/ is replayed (a crash
# found once must stay fixed), then each target fuzzes.  Crashing inputs
# land in $FUZZ_OUT/crashes/<target>/; copy each one into
# tests/fuzz/regress/<target>/ so the unit test (tests/test_badinput.c)
# and this script replay it from then on.  Prints one line per target,
# "fuzz_form: N runs, 0 crashes", and a last line with the total.  Exits 1
# when anything crashed, 77 (skipped) when no clang with libFuzzer exists.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-/tmp/winback-fuzz}
secs=${FUZZ_SECONDS:-20}

cc=${CC:-}
if [ -z "$cc" ] || ! "$cc" --version 2>/dev/null | grep -q clang; then
    cc=$(command -v clang || command -v clang-14 || true)
fi
if [ -z "$cc" ]; then
    echo "run.sh: no clang found; install clang-14 and libclang-rt-14-dev" >&2
    exit 77
fi

# The domain library: every module but the terminal program (main, cli*,
# tui*), which parses no file.
sources=""
for f in "$src"/src/*.c; do
    case $(basename "$f") in main.c|cli*.c|tui*.c) ;; *) sources="$sources $f" ;; esac
done

cflags="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
        -fno-sanitize-recover=undefined -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700
        -I$src/include -I/usr/include/iniparser
        -DABS_SRCDIR=\"$src\" -DABS_BUILDDIR=\"$out\"
        -DPKGDATADIR=\"/nonexistent/winback-fuzz/share\""
libs="-liniparser -lsqlite3 -lm"

if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')
fi

# Seeds: every shipped INI file and every bad input, for every target (they
# are all INI; what one parser rejects is a good start for another).
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds" "$out/bin" "$out/logs"
for d in forms share share/examples share/scenarios tests/cases tests/bad-forms \
         tests/bad-input/forms tests/bad-input/config tests/bad-input/answers \
         tests/bad-scenarios tests/scenarios; do
    for f in "$src/$d"/*.ini; do
        [ -f "$f" ] && cp "$f" "$seeds/$(echo "$d" | tr / _)_$(basename "$f")"
    done
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The library is compiled once for all targets and linked from an archive,
# so a target pulls in only the modules it uses.
failed=0
objs="$out/obj"
rm -rf "$objs" && mkdir -p "$objs"
: >"$out/logs/lib.build"
for f in $sources; do
    if ! "$cc" $cflags -c "$f" -o "$objs/$(basename "$f" .c).o" 2>>"$out/logs/lib.build"; then
        echo "run.sh: $(basename "$f") does not compile; left out (see $out/logs/lib.build)" >&2
    fi
done
lib="$out/libwinback-fuzz.a"
rm -f "$lib"
ar rcs "$lib" "$objs"/*.o

total=0
for t in $targets; do
    bin="$out/bin/$t"
    if ! "$cc" $cflags "$here/$t.c" "$lib" -o "$bin" $libs 2>"$out/logs/$t.build"; then
        cat "$out/logs/$t.build" >&2
        echo "$t: build failed"
        failed=1
        continue
    fi
    crashes="$out/crashes/$t"
    corpus="$out/corpus/$t"
    mkdir -p "$crashes" "$corpus"
    # Old crashes first: each regression file must now run clean.
    regress="$here/regress/$t"
    if [ -d "$regress" ] && [ -n "$(ls -A "$regress" 2>/dev/null)" ]; then
        if ! "$bin" "$regress"/* >"$out/logs/$t.regress" 2>&1; then
            echo "$t: a regression input crashes again (see $out/logs/$t.regress)"
            failed=1
        fi
    fi
    if [ "$secs" = 0 ]; then
        echo "$t: built, $(ls "$regress" 2>/dev/null | wc -l) regression inputs replayed"
        continue
    fi
    before=$(ls "$crashes" | wc -l)
    dirs=("$corpus" "$seeds")
    [ -d "$regress" ] && dirs+=("$regress")
    "$bin" "${dirs[@]}" \
        -max_len=8192 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -dict="$here/ini.dict" -artifact_prefix="$crashes/" -print_final_stats=1 \
        >"$out/logs/$t.log" 2>&1
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log" | tail -1)
    runs=${runs:-0}
    found=$(( $(ls "$crashes" | wc -l) - before ))
    echo "$t: $runs runs, $found crashes"
    if [ "$found" -gt 0 ]; then
        failed=1
        ls "$crashes" | sed "s|^|  $crashes/|"
        grep -m1 -A12 'ERROR:\|runtime error\|deadly signal' "$out/logs/$t.log" | sed 's/^/  /'
    fi
    total=$((total + runs))
done
echo "fuzzed $total inputs in total ($(echo $targets | wc -w) targets, ${secs}s each)"
exit $failed
