#!/bin/sh
# terminal.sh - terminals winback cannot or can barely use: started below
# 80x24 and the size boundaries, tiny windows, many resizes while typing
# (a one-line and a long answer), TERM=dumb, an unknown or empty TERM,
# stdin or stdout not a terminal, the C locale, NO_COLOR. Each ends in a
# clear message (one line, exit status 1, terminal cooked) or a working
# screen with what was typed intact and saved.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
need pgrep
san_logs_on
DB="$WORK/w.db"

answer() { sql "SELECT value FROM answers WHERE qid = '$1'"; }
wb_pid() { pgrep -x -f "$WINBACK --db $DB" | head -1; }

# one_line: what the pane printed before "[exit" is a single message line
# (a long line wraps in the pane: capture-pane -J joins it again).
one_line() {
    wait_dead || return 1
    n=$(tmux -L "$SOCK" capture-pane -p -J -S - | sed '/^\[exit /,$d' | grep -c .)
    [ "$n" = 1 ] || { echo "$n lines before the exit status:"; screen; return 1; }
}

# printed TEXT: once the pane has exited, TEXT is in what it printed.
printed() {
    wait_dead || return 1
    case $(pane_text) in *"$1"*) ;; *) echo "not printed: $1"; screen; return 1 ;; esac
}

# full: from home to the first question of the full debrief.
full() {
    keys Enter; poll_for "Full debrief:" >/dev/null
    keys Enter; poll_for "Which customer did we lose?" >/dev/null
}

# ---- started below 80x24 ---------------------------------------------------------
# At 40 columns the message is longer than a line: all of it must show
# (wrapped), the size the terminal has included.
COLS=40 ROWS=10 tui_exec "$(tui_after "" "--db $DB")"
check_screen "started at 40x10: too small" "terminal too small"
check_screen "the size needed is shown at 40x10" "need 80x24"
check_screen "the size it has is shown at 40x10" "have 40x10" 3
check_screen "what to do is shown whole at 40x10" "nothing is lost" 3
resize 100 30
check_screen "enlarged: the home screen" "New debrief"
resize 1 1          # nothing to check on one cell but that it goes on
for size in "20 5" "79 24" "80 23" "300 80" "80 24"; do
    resize $size
    if [ "$size" = "80 24" ] || [ "$size" = "300 80" ]; then
        check_screen "at ${size% *}x${size#* }: the home screen" "New debrief"
    else
        check_screen "at ${size% *}x${size#* }: too small" "terminal too small"
    fi
done
check "still running after the tiny sizes" kill -0 "$(wb_pid)"

# ---- shrunk mid-edit: nothing lost, nothing done blind ----------------------------
full
type_text "Zoë Müller 日本"
poll_for "Zoë Müller 日本" >/dev/null
resize 60 20
check_screen "shrunk mid-edit: too small" "terminal too small (need 80x24, have 60x20)"
keys Enter          # unseen: must not move on
resize 100 30
check_screen "enlarged: the question is back" "Which customer did we lose?"
check_screen "the text typed is intact" "Zoë Müller 日本"
check "an Enter on the too-small screen saved nothing" same "$(answer customer)" ""

# ---- resized again and again while typing -----------------------------------------
# From one usable size to the next the test types at once, without waiting.
# Below 80x24 it waits for the "too small" screen and types nothing (keys
# are ignored there, unseen); back above, it waits for the question first
# (tmux resizes the pane a little after resize-window returns).
keys C-u
want=""
n=0
small=0
for size in "120 40" "80 24" "60 20" "150 50" "81 25" "79 24" "200 60" "90 30" \
            "50 10" "100 24" "80 40" "30 8" "110 35" "85 26"; do
    resize $size
    n=$((n + 1))
    if [ "${size% *}" -lt 80 ] || [ "${size#* }" -lt 24 ]; then
        poll_for "terminal too small" >/dev/null
        small=1
    else
        [ $small = 1 ] && poll_for "Which customer did we lose?" >/dev/null
        small=0
        type_text "w$n-ä "
        want="${want}w$n-ä "
    fi
done
resize 100 30
type_text "Ende"
want="${want}Ende"
check_screen "after $n resizes the line is whole" "$want"
keys Enter
check_screen "next question" "What is their line of business?"
check "the text typed across $n resizes is saved whole" same "$(answer customer)" "$want"

# A long answer re-wraps at each width: what is saved is what was typed.
keys Escape
poll_for "Resume:" >/dev/null
keys n; poll_for "Quick debrief:" >/dev/null
keys Down Enter; poll_for "Which customer did we lose?" >/dev/null
type_text "Wrap AG"; keys Enter
poll_for "In short, why did we lose them?" >/dev/null; keys 1 Enter
poll_for "Tell the story" >/dev/null
story="Der Einkäufer wechselte im März zu einem Händler, der zwanzig Prozent billiger war"
sizes="80 24 200 30 85 40 120 24 95 60 80 30 150 26 100 30"
set -- $sizes
while [ $# -ge 2 ]; do
    resize "$1" "$2"; shift 2
    type_text "$story. "
done
keys BSpace
check_screen "long answer after 8 resizes: the end is on screen" "billiger war"
keys Tab
check_screen "long answer left" "Which of these played a part"
expect=$(for _ in 1 2 3 4 5 6 7 8; do printf '%s. ' "$story"; done | sed 's/ $//')
check "long answer saved whole after 8 resizes" same "$(sql "SELECT value FROM answers WHERE qid = 'story'")" "$expect"
keys Escape
poll_for "Resume:" >/dev/null
keys q
check "quit: exit 0" exited 0
check "terminal cooked after the resizes" stty_sane

# ---- terminals that cannot run the wizard --------------------------------------------
tui_exec "$(tui_after "TERM=dumb" "--db $DB")"
check "TERM=dumb: says the terminal cannot move the cursor" printed "winback: terminal 'dumb' cannot move the cursor"
check "TERM=dumb: exit status 1" exited 1
check "TERM=dumb: one line" one_line
check "TERM=dumb: terminal cooked" stty_sane

tui_exec "$(tui_after "TERM=unknown-xyz" "--db $DB")"
check "unknown TERM: says so and what to try" printed "winback: unknown terminal type 'unknown-xyz' (TERM); try TERM=xterm-256color"
check "unknown TERM: exit status 1" exited 1
check "unknown TERM: one line" one_line
check "unknown TERM: terminal cooked" stty_sane

tui_exec "$(tui_after "TERM=" "--db $DB")"
check "empty TERM: says so" printed "winback: TERM is not set"
check "empty TERM: exit status 1" exited 1
check "empty TERM: one line" one_line

# Not a terminal: stdin, then stdout.
echo | timeout 10 "$WINBACK" --db "$DB" >"$WORK/out" 2>"$WORK/err"
check "stdin not a tty: exit status 1" same "$?" 1
check "stdin not a tty: one clear line" sh -c "cat '$WORK/err'; test \$(wc -l <'$WORK/err') = 1 && grep -q 'the wizard needs a terminal' '$WORK/err'"
check "stdin not a tty: nothing on stdout" test ! -s "$WORK/out"
tui_exec "$(tui_after "" "--db $DB >$WORK/out2 2>$WORK/err2")"
check "stdout not a tty: exit status 1" exited 1
check "stdout not a tty: one clear line" sh -c "cat '$WORK/err2'; test \$(wc -l <'$WORK/err2') = 1 && grep -q 'the wizard needs a terminal' '$WORK/err2'"
check "stdout not a tty: no escape sequences written" test ! -s "$WORK/out2"
check "stdout not a tty: terminal cooked" stty_sane

# ---- a byte that is not UTF-8 (a Latin-1 terminal, a bad paste) ------------------
# It may be dropped or replaced, but the keys typed after it must arrive.
# Known problem: ncursesw's get_wch takes 0xE9 as the start of a three-byte
# sequence and drops the keys that complete it; winback never sees them.
TODO_LATIN1="ncursesw drops the keys after an invalid UTF-8 lead byte"
DB="$WORK/latin1.db"
tui_exec "$(tui_after "" "--db $DB")"
poll_for "New debrief" >/dev/null
full
type_text "Caf"
tmux -L "$SOCK" send-keys -H e9
type_text " Noir"
TAP_TODO=$TODO_LATIN1
check_screen "the keys after a Latin-1 byte arrive" " Noir" 3
TAP_TODO=""
keys Enter
check_screen "and Enter moves on" "What is their line of business?"
TAP_TODO=$TODO_LATIN1
check "saved without the bad byte, or with it replaced" sh -c "v=\$(sqlite3 '$DB' \"SELECT value FROM answers WHERE qid = 'customer'\"); echo \"\$v\"; test \"\$v\" = 'Caf Noir' || test \"\$v\" = 'Caf� Noir' || test \"\$v\" = 'Café Noir'"
TAP_TODO=""
keys Escape; poll_for "Resume:" >/dev/null; keys q
check "quit: exit 0" exited 0

# ---- the C locale: a clear message, or a working screen ---------------------
# Either is sane. On a working screen ASCII typed is saved, a non-ASCII key
# does not lose the keys after it, a UTF-8 answer typed in a UTF-8 locale
# and edited here keeps its UTF-8, and the title bar stays on its line.
DB="$WORK/c.db"
tui_exec "$(tui_after "" "--db $DB")"
poll_for "New debrief" >/dev/null
full
type_text "Zoë Müller 日本"; keys Enter
poll_for "What is their line of business?" >/dev/null
keys Escape; poll_for "Resume:" >/dev/null; keys q; wait_dead >/dev/null
tui_exec "$(tui_after "LC_ALL=C" "--db $DB")"
poll_for "Resume: " 5 >/dev/null
if [ "$(tmux -L "$SOCK" display-message -p '#{pane_dead}')" = 1 ]; then
    check "LC_ALL=C refused: exit status 1" exited 1
    check "LC_ALL=C refused: one line" one_line
    check "LC_ALL=C refused: the message names the locale" sh -c "tmux -L $SOCK capture-pane -p -J | grep -iE 'locale|UTF-8'"
    check "LC_ALL=C refused: terminal cooked" stty_sane
else
    title_on_line() { tmux -L "$SOCK" capture-pane -p | sed -n 2p | grep '^ Section 1 of 8'; }
    check_screen "LC_ALL=C: the home screen" "Resume: "
    keys Enter
    check_screen "LC_ALL=C: resumed" "What is their line of business?"
    check "LC_ALL=C: the title bar stays on its line" title_on_line
    type_text "Saegewerk"
    keys Enter
    check_screen "LC_ALL=C: ASCII typed moves on" "What did they buy from us?"
    check "LC_ALL=C: ASCII typed is saved" same "$(answer industry)" Saegewerk
    keys BTab BTab
    check_screen "LC_ALL=C: back at the UTF-8 answer" "Which customer did we lose?"
    keys End
    type_text " AG"
    keys Enter
    check_screen "LC_ALL=C: the UTF-8 answer edited and left" "What is their line of business?"
    check "LC_ALL=C: a UTF-8 answer edited keeps its UTF-8" same "$(answer customer)" "Zoë Müller 日本 AG"
    check "LC_ALL=C: the title bar stays on its line with a longer name" title_on_line
    keys Enter
    poll_for "What did they buy from us?" >/dev/null
    type_text "Leisten é"
    poll_for "Leisten" >/dev/null
    keys Enter
    check_screen "LC_ALL=C: a non-ASCII key typed, then Enter: moves on" "For how many years" 3
    check "LC_ALL=C: saved as valid UTF-8 (the é, or without it)" sh -c "v=\$(sqlite3 '$DB' \"SELECT value FROM answers WHERE qid = 'products'\"); echo \"\$v\"; test \"\$v\" = 'Leisten é' || test \"\$v\" = 'Leisten'"
    keys Escape; poll_for "Resume:" 3 >/dev/null; keys q
    check "LC_ALL=C: quit exits 0" exited 0
    check "LC_ALL=C: terminal cooked" stty_sane
    P=$(wb_pid); [ -n "$P" ] && kill -TERM "$P"     # if the keys were lost
fi

# ---- NO_COLOR --------------------------------------------------------------------
# A colour in SGR: 30-37, 40-47, 90-97, 100-107 or 38;/48; (39 and 49 are the
# default colours).
ESC=$(printf '\033')
COLOUR_RE="$ESC\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m"
colours() { tmux -L "$SOCK" capture-pane -p -e | grep -cE "$COLOUR_RE"; }
DB="$WORK/colour.db"
tui_exec "$(tui_after "" "--db $DB")"
poll_for "New debrief" >/dev/null
check "colours without NO_COLOR (so the check below can fail)" test "$(colours)" -gt 0
keys q; wait_dead >/dev/null
tui_exec "$(tui_after "NO_COLOR=" "--db $DB")"
poll_for "New debrief" >/dev/null
check "an empty NO_COLOR keeps colours" test "$(colours)" -gt 0
keys q; wait_dead >/dev/null
tui_exec "$(tui_after "NO_COLOR=1" "--db $DB")"
check_screen "NO_COLOR=1: the home screen" "New debrief"
check "NO_COLOR=1: no colour on screen" sh -c "tmux -L $SOCK capture-pane -p -e | grep -E '$COLOUR_RE' | cat -v; test \$(tmux -L $SOCK capture-pane -p -e | grep -cE '$COLOUR_RE') = 0"
check_screen "NO_COLOR=1: the selected row is marked without colour" "> New debrief"
full
type_text "Farbenfrei"; keys Enter
check_screen "NO_COLOR=1: moves on" "What is their line of business?"
check "NO_COLOR=1: answer saved" same "$(answer customer)" Farbenfrei
keys F1
check_screen "NO_COLOR=1: help opens" "Esc Close"
check "NO_COLOR=1: no colour in help" test "$(colours)" = 0
keys Escape
poll_for "What is their line of business?" >/dev/null
check "NO_COLOR=1: still no colour" test "$(colours)" = 0
keys Escape; poll_for "Resume:" >/dev/null; keys q
check "NO_COLOR=1: exit 0" exited 0
san_logs_check
finish
