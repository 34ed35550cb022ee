# lib.sh - TAP output and tmux helpers for the shell tests.
#
# Each test script sources this, calls tap_plan N, then ok/not_ok through
# check (a command) or check_screen (text expected on the tmux screen).
# Environment from make: WINBACK (the binary), SRCDIR (source tree).

set -u
: "${WINBACK:=$(pwd)/winback}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
TAP_N=0
TAP_FAILED=0
WORK=$(mktemp -d /tmp/winback-e2e-XXXXXX)
SOCK="wb$$"
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
export LC_ALL=C.UTF-8 TERM=xterm-256color USER=tester
unset NO_COLOR
mkdir -p "$HOME"

cleanup() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

# The plan is printed at the end (TAP allows a trailing plan).
tap_plan() { :; }

# TAP_TODO="reason" marks the following checks as a known, documented
# problem (TAP "# TODO": reported, not counted as a failure); unset it after.
TAP_TODO=""
ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*${TAP_TODO:+ # TODO $TAP_TODO}"; }
not_ok() {
    TAP_N=$((TAP_N + 1))
    [ -n "$TAP_TODO" ] || TAP_FAILED=$((TAP_FAILED + 1))
    echo "not ok $TAP_N - $*${TAP_TODO:+ # TODO $TAP_TODO}"
}

# check "description" command...: ok when the command succeeds.
check() {
    desc=$1; shift
    if "$@" >"$WORK/last.out" 2>&1; then ok "$desc"; else
        not_ok "$desc"; sed 's/^/# /' "$WORK/last.out" | head -30
    fi
}

skip_all() { echo "1..0 # SKIP $*"; exit 0; }

need() { command -v "$1" >/dev/null 2>&1 || skip_all "$1 not installed"; }

# ---- tmux ----------------------------------------------------------------
# tui_start "args...": runs winback in a fresh 100x30 tmux session.
tui_start() {
    tmux -L "$SOCK" -f /dev/null new-session -d -x "${COLS:-100}" -y "${ROWS:-30}" \
        -e "HOME=$HOME" -e "XDG_DATA_HOME=$XDG_DATA_HOME" -e "XDG_CONFIG_HOME=$XDG_CONFIG_HOME" \
        -e "LC_ALL=C.UTF-8" -e "TERM=xterm-256color" -e "USER=tester" \
        "$WINBACK $*; echo \"[exit \$?]\"; stty -a | tr '\\n' ' ' | sed 's/^/[stty] /'; sleep 600"
    tmux -L "$SOCK" set-option -g status off >/dev/null
}

screen() { tmux -L "$SOCK" capture-pane -p; }

keys() { tmux -L "$SOCK" send-keys "$@"; }
type_text() { tmux -L "$SOCK" send-keys -l "$1"; }

# wait_for TEXT [SECONDS]: polls the screen until TEXT shows up.
wait_for() {
    t=0; limit=$(( ${2:-10} * 10 ))
    while [ $t -lt $limit ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1; t=$((t + 1))
    done
    echo "timed out waiting for: $1"; screen
    return 1
}

# wait_gone TEXT [SECONDS]: polls until TEXT is no longer on screen.
wait_gone() {
    t=0; limit=$(( ${2:-10} * 10 ))
    while [ $t -lt $limit ]; do
        screen | grep -qF -- "$1" || return 0
        sleep 0.1; t=$((t + 1))
    done
    echo "still on screen: $1"; screen
    return 1
}

# check_screen "description" TEXT: waits for TEXT, reports ok/not ok.
check_screen() {
    if wait_for "$2" "${3:-10}" >"$WORK/last.out" 2>&1; then ok "$1"; else
        not_ok "$1"; sed 's/^/# /' "$WORK/last.out" | head -40
    fi
}

tui_pid() { tmux -L "$SOCK" list-panes -F '#{pane_pid}' | head -1 | xargs pgrep -P | head -1; }

resize() { tmux -L "$SOCK" resize-window -x "$1" -y "$2"; }

sql() { sqlite3 -batch -noheader "$DB" "$1"; }

finish() { echo "1..$TAP_N"; exit $(( TAP_FAILED > 0 ? 1 : 0 )); }

# ---- helpers for the fault tests (kill.sh, signals.sh, terminal.sh) --------

# poll_for TEXT [SECONDS]: like wait_for, polling every 20 ms (for scripts that
# go through many rounds); prints the screen only on a timeout.
poll_for() {
    pf_t=0; pf_limit=$(( ${2:-10} * 50 ))
    while [ $pf_t -lt $pf_limit ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.02; pf_t=$((pf_t + 1))
    done
    echo "timed out waiting for: $1"; screen
    return 1
}

# tui_exec "CMD": runs the shell command CMD (as it is: env overrides and
# redirections are up to the caller) in a COLSxROWS tmux pane that stays
# after CMD exits; a pane already there is respawned, so the server, its
# size and its options are kept from one run to the next (not its history).
tui_exec() {
    if tmux -L "$SOCK" has-session >/dev/null 2>&1; then
        tmux -L "$SOCK" respawn-pane -k "$1"
        tmux -L "$SOCK" clear-history
    else
        printf 'set -g remain-on-exit on\nset -g status off\n' >"$WORK/tmux.conf"
        tmux -L "$SOCK" -f "$WORK/tmux.conf" new-session -d -x "${COLS:-100}" \
            -y "${ROWS:-30}" "$1"
    fi
}

# The process the pane runs (the pane's own pid: use "exec" in tui_exec).
pane_pid() { tmux -L "$SOCK" display-message -p '#{pane_pid}'; }

# wait_dead [SECONDS]: polls until the pane's process has exited.
wait_dead() {
    wd_t=0; wd_limit=$(( ${1:-10} * 50 ))
    while [ $wd_t -lt $wd_limit ]; do
        [ "$(tmux -L "$SOCK" display-message -p '#{pane_dead}' 2>/dev/null)" = 1 ] && return 0
        sleep 0.02; wd_t=$((wd_t + 1))
    done
    echo "the pane's process is still running"; return 1
}

# The exit status of a dead pane ("" while it runs).
pane_status() { tmux -L "$SOCK" display-message -p '#{pane_dead_status}'; }

# tui_after "ENV..." "ARGS": the command line tui_exec runs for winback with
# the test environment (ENV may override it: TERM=dumb, LC_ALL=C...), then
# the exit status and the terminal modes, as tui_start prints them. TERM is
# tmux's own (tmux-256color), whose Home/End match the keys tmux sends.
tui_after() {
    echo "env LC_ALL=C.UTF-8 $1 $WINBACK $2; echo \"[exit \$?]\"; stty -a | tr '\\n' ' ' | sed 's/^/[stty] /'"
}

# The whole pane, history included, wrapped lines joined.
pane_text() { tmux -L "$SOCK" capture-pane -p -J -S - | tr '\n' ' '; }

# exited N: once the pane (a tui_after command) has exited, "[exit N]" is in it.
exited() {
    wait_dead || return 1
    case $(pane_text) in *"[exit $1]"*) ;; *) echo "no [exit $1]:"; screen; return 1 ;; esac
}

# same GOT WANT: succeeds when GOT = WANT, else says both.
same() { [ "$1" = "$2" ] || { echo "got '$1', want '$2'"; return 1; }; }

# stty_sane: once the pane (a tui_after command) has exited, its "[stty]"
# line shows a cooked terminal again.
stty_sane() {
    wait_dead || return 1
    ss_line=$(pane_text)
    case $ss_line in *"[stty]"*) ;; *) echo "no [stty] line on screen"; screen; return 1 ;; esac
    for ss_mode in icanon echo icrnl opost isig; do
        case $ss_line in *" $ss_mode "*) ;; *) echo "terminal left without $ss_mode"; screen; return 1 ;; esac
    done
}

# san_logs_on: sanitizer reports of the programs run in tmux panes go to
# files under $WORK (a pane's stderr is not in the test log); call it before
# the first tui_exec or tui_start. san_logs_check: copies any report into
# the log (where check-all looks for them) and fails when there is one.
san_logs_on() {
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$WORK/sanitizer"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$WORK/sanitizer"
}
san_logs_check() {
    if ls "$WORK"/sanitizer.* >/dev/null 2>&1; then
        not_ok "sanitizer reports from winback"
        cat "$WORK"/sanitizer.* | head -60 | sed "s/^/# /"
    else
        ok "no sanitizer report from winback"
    fi
}
