#!/bin/sh
# Runs every test: the unit and end-to-end suites on the normal build, the
# same suites on a build with AddressSanitizer and UndefinedBehaviorSanitizer
# made from the distribution tarball (so the tarball is complete), and the
# unit tests under valgrind.  Ends with one line: "N passed, N failed".
# Run from a configured build directory: make check-all.
set -u
top_builddir=$(pwd)
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
# make check runs 2 x jobs at a time: the tmux tests mostly wait on the
# screen, so CPU-bound unit tests fill the gaps.
status=0

count() { # dir -> adds to pass/fail totals from automake .trs files
    p=$(find "$1" -name '*.trs' -exec grep -h '^:test-result: ' {} + 2>/dev/null | grep -c -E ': (PASS|XFAIL|SKIP)$')
    f=$(find "$1" -name '*.trs' -exec grep -h '^:test-result: ' {} + 2>/dev/null | grep -c -E ': (FAIL|XPASS|ERROR)$')
    passed=$((passed + p)); failed=$((failed + f))
}
passed=0; failed=0

echo "== normal build: make check"
make -s check -j"$((jobs * 2))" >check.out 2>&1 || { status=1; tail -40 check.out; }
grep -E '^# (TOTAL|PASS|FAIL|ERROR)' check.out || true
count "$top_builddir/tests"

echo "== sanitizer build (ASan + UBSan) from the dist tarball"
rm -rf _asan && mkdir _asan
if make -s dist >/dev/null 2>&1 && tar -C _asan -xzf "$(ls -t winback-*.tar.gz | head -1)"; then
    d=$(ls -d _asan/winback-*/ | head -1)
    ( cd "$d" && ./configure -q --enable-sanitizers --enable-werror >/dev/null &&
      make -s -j"$jobs" >/dev/null 2>make.err && make -s check -j"$((jobs * 2))" >check.out 2>&1 ) ||
      { status=1; tail -40 "$d/check.out" "$d/make.err" 2>/dev/null; }
    grep -E '^# (TOTAL|PASS|FAIL|ERROR)' "$d/check.out" || true
    if grep -l -E 'LeakSanitizer|AddressSanitizer|runtime error:' "$d"/tests/*.log "$d"/tests/e2e/*.log 2>/dev/null; then
        echo "sanitizer reports in the logs above"; failed=$((failed + 1)); status=1
    fi
    count "$d/tests"
else
    echo "make dist failed"; failed=$((failed + 1)); status=1
fi

echo "== unit tests under valgrind ($jobs at a time)"
vg_tests=""
for t in tests/unit_*; do
    [ -x "$t" ] || continue
    case "$t" in *.c|*.o|*.log|*.trs|*.out|*.ok) continue ;; esac
    rm -f "$t.vg.ok"
    vg_tests="$vg_tests $t"
done
# Each test binary in its own valgrind; a clean run leaves TEST.vg.ok.
# shellcheck disable=SC2086
printf '%s\n' $vg_tests | xargs -P "$jobs" -I{} sh -c \
    'valgrind -q --trace-children=yes --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=99 "$1" --jobs=1 >"$1.vg.out" 2>&1 && echo ok >"$1.vg.ok"' sh {}
for t in $vg_tests; do
    if [ -e "$t.vg.ok" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); status=1
        echo "valgrind: $t"; grep -E '==[0-9]+==' "$t.vg.out" | head -20
    fi
done

echo "== fuzzing: each parser for ${FUZZ_SECONDS:-15} s (libFuzzer, ASan, UBSan)"
FUZZ_SECONDS=${FUZZ_SECONDS:-15} FUZZ_OUT="$top_builddir/fuzz-out" \
    bash "$top_srcdir/tests/fuzz/run.sh" >fuzz.out 2>&1
frc=$?
grep -E '^fuzz_[a-z]+: |inputs in total' fuzz.out || true
if [ $frc -eq 77 ]; then
    echo "no clang with libFuzzer: install clang-14 libclang-rt-14-dev"; failed=$((failed + 1)); status=1
else
    p=$(grep -c -E '^fuzz_[a-z]+: .*, 0 crashes' fuzz.out)
    f=$(grep -c -E '^fuzz_[a-z]+: .*, [1-9][0-9]* crash' fuzz.out)
    passed=$((passed + p)); failed=$((failed + f))
    if [ $frc -ne 0 ] || [ "$p" -eq 0 ]; then status=1; [ "$f" -gt 0 ] || failed=$((failed + 1)); tail -30 fuzz.out; fi
fi

echo "== cppcheck on the project's own code"
if cppcheck -q --std=c11 --enable=warning,portability,performance --inline-suppr \
    --error-exitcode=1 -I "$top_srcdir/include" -D_DEFAULT_SOURCE \
    "$top_srcdir/src" >cppcheck.out 2>&1; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); status=1; cat cppcheck.out
fi

echo "$passed passed, $failed failed"
exit $status
