#!/bin/sh
# resume.sh - what is typed survives SIGTERM, SIGINT and SIGHUP (exit 143,
# 130, 129, terminal restored), answers survive kill -9, and the home
# screen offers to resume at the saved question.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
DB="$WORK/w.db"

# Stops the tmux server and waits until it is gone (a new one can start).
tui_stop() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    while tmux -L "$SOCK" has-session >/dev/null 2>&1; do sleep 0.1; done
    sleep 0.3
}


tui_start --db "$DB"
check_screen "home" "New debrief"
keys Enter Enter
check_screen "full debrief" "Which customer did we lose?"
type_text "Acme Ltd"
keys Enter
check_screen "second question" "line of business"
type_text "Timber"
keys Enter
check_screen "third question" "What did they buy from us?"
type_text "beams"
kill -TERM "$(tui_pid)"
check_screen "SIGTERM exits 143" "[exit 143]"
check_screen "terminal restored after SIGTERM" " echo "
check "field being typed was saved" test "$(sql "SELECT value FROM answers WHERE qid='products'")" = beams
tui_stop

tui_start --db "$DB"
check_screen "resume offered first" "> Resume: Acme Ltd, question 3 of"
keys Enter
check_screen "resumed at the question" "What did they buy from us?"
check_screen "answer shown" "beams"
keys End
type_text " and boards"
keys C-c
check_screen "Ctrl-C exits 130" "[exit 130]"
check "Ctrl-C saved the field" test "$(sql "SELECT value FROM answers WHERE qid='products'")" = "beams and boards"
tui_stop

tui_start --db "$DB"
check_screen "home again" "Resume: Acme Ltd"
keys Enter
check_screen "resumed" "What did they buy from us?"
keys Enter
check_screen "next question" "For how many years"
type_text "7"
keys Enter
kill -KILL "$(tui_pid)"
sleep 0.3
check "committed answer survives kill -9" test "$(sql "SELECT value FROM answers WHERE qid='years_customer'")" = 7
tui_stop

tui_start --db "$DB"
check_screen "resume after kill -9" "Resume: Acme Ltd, question 5 of"
kill -HUP "$(tui_pid)"
check_screen "SIGHUP exits 129" "[exit 129]"
finish
