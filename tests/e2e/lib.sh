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

ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }

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
