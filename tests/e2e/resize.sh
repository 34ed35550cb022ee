#!/bin/sh
# resize.sh - below 80x24 a "terminal too small" screen; back to a usable
# size, the question and what was being typed are still there.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
DB="$WORK/w.db"

tui_start --db "$DB"
check_screen "home" "New debrief"
keys Enter Enter
check_screen "first question" "Which customer did we lose?"
type_text "Zoë Müller 日本"
resize 60 20
check_screen "too small" "terminal too small (need 80x24, have 60x20)"
resize 100 30
check_screen "question back" "Which customer did we lose?"
check_screen "input kept" "Zoë Müller 日本"
type_text " GmbH"
resize 80 24
check_screen "exactly 80x24 works" "Which customer did we lose?"
keys Enter
check_screen "next question" "line of business"
check "typed text saved whole" test "$(sql "SELECT value FROM answers WHERE qid='customer'")" = "Zoë Müller 日本 GmbH"
keys Escape
check_screen "home" "Resume:"
keys q
check_screen "exit 0" "[exit 0]"
finish
