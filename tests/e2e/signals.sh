#!/bin/sh
# signals.sh - SIGTERM, SIGINT and SIGHUP in the fields and states resume.sh
# does not cover: a long answer with a new line, number and money fields,
# kill -INT as well as the Ctrl-C key, kill -HUP while typing, the terminal
# closed under a shell and with winback as the session leader, a signal on
# the "too small" screen and one while the field holds an invalid value,
# and the terminal gone while no SIGHUP reaches winback (it must notice).
# Each time: the field being typed is saved, the exit status says which
# signal (128 + N) and the terminal is back in cooked mode with echo.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
need pgrep
san_logs_on

# The winback started for $DB (its exact command line; other runs differ).
wb_pid() { pgrep -x -f "$WINBACK --db $DB" | head -1; }

# gone PID [SECONDS]: polls until the process has exited.
gone() {
    g=0
    while kill -0 "$1" 2>/dev/null; do
        [ $g -ge $(( ${2:-5} * 50 )) ] && { echo "process $1 still running"; ps -o pid,stat,pcpu,args -p "$1"; return 1; }
        sleep 0.02; g=$((g + 1))
    done
}

# answer QID: the stored value of QID ("" when none).
answer() { sql "SELECT value FROM answers WHERE qid = '$1'"; }

# start DB: winback on a new database, with the exit status and stty after.
start() {
    DB="$WORK/$1.db"
    tui_exec "$(tui_after "" "--db $DB")"
    poll_for "New debrief" >/dev/null
}

# full: from home to the first question of the full debrief.
full() {
    keys Enter; poll_for "Full debrief:" >/dev/null
    keys Enter; poll_for "Which customer did we lose?" >/dev/null
}

# ---- SIGTERM in a long answer: the new line and UTF-8 kept ------------------
start term
keys Enter; poll_for "Quick debrief:" >/dev/null
keys Down Enter; poll_for "Which customer did we lose?" >/dev/null
type_text "Nordwind"; keys Enter
poll_for "In short, why did we lose them?" >/dev/null; keys 1 Enter
check_screen "long answer field" "Tell the story"
type_text "Rival GmbH offered 15% less."
keys Enter
type_text "Zweiter Absatz: Müller sagte ade"
poll_for "Müller sagte ade" >/dev/null
kill -TERM "$(wb_pid)"
check "SIGTERM in a long answer exits 143" exited 143
check "terminal cooked again after SIGTERM" stty_sane
check "long answer saved with its new line and UTF-8" \
    test "$(sql "SELECT value = 'Rival GmbH offered 15% less.' || char(10) || 'Zweiter Absatz: Müller sagte ade' FROM answers WHERE qid = 'story'")" = 1

# ---- kill -INT in a number field -------------------------------------------
start int
full
type_text "Acme"; keys Enter
poll_for "line of business" >/dev/null; keys Enter
poll_for "What did they buy" >/dev/null; keys Enter
check_screen "number field" "For how many years were they a customer?"
type_text "17"
poll_for "17" >/dev/null
kill -INT "$(wb_pid)"
check "kill -INT exits 130" exited 130
check "terminal cooked again after kill -INT" stty_sane
check "number typed is saved" same "$(answer years_customer)" 17

# ---- the Ctrl-C key in a money field ------------------------------------------
tui_exec "$(tui_after "" "--db $DB")"
check_screen "resume offered at the interrupted question" "Resume: Acme, question 4 of"
keys Enter
check_screen "the saved number is shown again" "17 "
keys Enter
check_screen "money field" "What did they spend with us in a normal year?"
type_text "250k"
poll_for "250k" >/dev/null
keys C-c
check "Ctrl-C exits 130" exited 130
check "terminal cooked again after Ctrl-C" stty_sane
check "money typed is saved as a number" same "$(answer annual_revenue)" 250000

# ---- kill -HUP while typing ---------------------------------------------------
start hup
full
type_text "Zoë Müller 日本"
poll_for "Zoë Müller 日本" >/dev/null
kill -HUP "$(wb_pid)"
check "kill -HUP exits 129" exited 129
check "terminal cooked again after SIGHUP" stty_sane
check "text typed is saved on SIGHUP" same "$(answer customer)" "Zoë Müller 日本"

# ---- a signal while the screen is too small ----------------------------------
start small
full
type_text "Kleinholz"
poll_for "Kleinholz" >/dev/null
resize 50 12
check_screen "too small while typing" "terminal too small"
kill -TERM "$(wb_pid)"
check "SIGTERM on the too-small screen exits 143" exited 143
resize 100 30
check "terminal cooked again" stty_sane
check "text typed before shrinking is saved" same "$(answer customer)" Kleinholz

# ---- a signal while the field holds a value it refuses ---------------------------
start invalid
full
type_text "Acme"; keys Enter
poll_for "line of business" >/dev/null; keys Enter
poll_for "What did they buy" >/dev/null; keys Enter
poll_for "For how many years" >/dev/null
type_text "12"; keys Enter
poll_for "What did they spend" >/dev/null
keys BTab
poll_for "For how many years" >/dev/null
keys C-u
type_text "500"
poll_for "500" >/dev/null
kill -TERM "$(wb_pid)"
check "SIGTERM with an out-of-range number exits 143" exited 143
check "terminal cooked again" stty_sane
check "the saved answer is not replaced by the refused one" same "$(answer years_customer)" 12

# ---- the terminal closed: winback under a shell ---------------------------------
# Closing the window hangs up the terminal: the shell that leads the session
# gets SIGHUP, dies, and the kernel sends SIGHUP to winback's process group.
# The inner shell ignores SIGHUP only to record winback's exit status.
DB="$WORK/close.db"
tui_exec "sh -c 'trap \"\" HUP; env LC_ALL=C.UTF-8 $WINBACK --db $DB; echo \$? >$WORK/close.st'; echo done"
poll_for "New debrief" >/dev/null
full
type_text "Fensterbau Ost"
poll_for "Fensterbau Ost" >/dev/null
P=$(wb_pid)
tmux -L "$SOCK" kill-server
check "winback exits when its terminal is closed" gone "$P"
check "exit status 129 (SIGHUP)" sh -c "cat $WORK/close.st; test \"\$(cat $WORK/close.st)\" = 129"
check "text typed is saved when the terminal closes" same "$(answer customer)" "Fensterbau Ost"

# ---- the terminal closed: winback leads the session --------------------------------
DB="$WORK/leader.db"
tui_exec "exec env LC_ALL=C.UTF-8 $WINBACK --db $DB"
poll_for "New debrief" >/dev/null
full
type_text "Dachdecker Süd"
poll_for "Dachdecker Süd" >/dev/null
P=$(pane_pid)
tmux -L "$SOCK" kill-server
check "session leader exits when its terminal is closed" gone "$P"
check "text typed is saved (session leader)" same "$(answer customer)" "Dachdecker Süd"

# ---- the terminal closed and no SIGHUP arrives ----------------------------------------
# The shell leading the session ignores SIGHUP, so nobody signals winback:
# only reading the terminal fails. winback must notice, save and exit
# rather than spin.
DB="$WORK/nohup.db"
tui_exec "trap '' HUP; env LC_ALL=C.UTF-8 $WINBACK --db $DB; echo \$? >$WORK/nohup.st"
poll_for "New debrief" >/dev/null
full
type_text "Brunnenbau"
poll_for "Brunnenbau" >/dev/null
P=$(wb_pid)
SP=$(pane_pid)
tmux -L "$SOCK" kill-server
check "winback exits when its terminal is gone without SIGHUP" gone "$P"
check "text typed is saved when the terminal is gone without SIGHUP" same "$(answer customer)" Brunnenbau
gone "$SP" 1 >/dev/null
check "exit status is not 0 when the terminal is gone" sh -c "cat $WORK/nohup.st && test \"\$(cat $WORK/nohup.st)\" -ne 0"
# if it is still there, end it (our own process) and let its shell finish
kill -TERM "$P" 2>/dev/null && gone "$P" >/dev/null && gone "$SP" >/dev/null
san_logs_check
finish
