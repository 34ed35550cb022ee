#!/bin/sh
# debrief.sh - a quick debrief end to end in tmux: UTF-8 input, skip logic,
# review, finish, diagnosis, plan, outcome; the answers are in the database
# and the terminal is restored.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
DB="$WORK/w.db"

tui_start --db "$DB"
check_screen "home screen" "New debrief"
keys Enter
check_screen "form choice" "Quick debrief:"
keys Down Enter
check_screen "first question" "Which customer did we lose?"
type_text "Zoë Müller 日本"
keys Enter
check_screen "own reason" "In short, why did we lose them?"
keys 1 Enter
check_screen "story" "Tell the story"
type_text "Rival GmbH offered 15% less."
keys Enter
type_text "Second paragraph."
keys Tab
check_screen "reasons (multi)" "Which of these played a part"
keys 1 Enter
check_screen "skip logic shows the follow-up" "Which one weighed most?"
keys 1 Enter
for q in "mainly responsible" "same cause" "prevented"; do
    wait_for "$q" >/dev/null && keys 1 Enter
done
check_screen "review page" "Review: 8 of 8"
keys F9
check_screen "diagnosis" "Defector type: Bought away"
check_screen "why this type" "Why this type"
keys p
check_screen "plan" "The relationship"
keys w
check_screen "outcome picker" "How did the win-back end?"
keys Enter Enter
type_text "Came back"
keys Tab
check_screen "outcome saved" "outcome recorded: Won back"
keys Escape Escape
check_screen "back home" "Review saved debriefs"
keys q
check_screen "exit 0" "[exit 0]"
check_screen "terminal restored" " icanon "
check "customer stored as typed" test "$(sql "SELECT value FROM answers WHERE qid='customer'")" = "Zoë Müller 日本"
check "story keeps its newline" test "$(sql "SELECT instr(value, char(10)) > 0 FROM answers WHERE qid='story'")" = 1
check "session finished" test "$(sql "SELECT status FROM sessions")" = finished
check "plan items saved" test "$(sql "SELECT count(*) FROM plan_items")" -gt 0
check "diagnosis stored with the form version" test "$(sql "SELECT type_final || '/' || form_id || '/' || form_version FROM diagnosis")" = "bought_away/quick/$(sed -n 's/^version *= *//p' "$SRCDIR/forms/quick.ini")"
check "outcome stored" test "$(sql "SELECT outcome FROM sessions")" = won_back

# A salesperson who blames price while the story is our failure is told so.
tmux -L "$SOCK" kill-server >/dev/null 2>&1; sleep 0.3
tui_start --db "$DB"
check_screen "home (second debrief)" "New debrief"
keys n
check_screen "form choice again" "Quick debrief:"
keys Down Enter
wait_for "Which customer did we lose?" >/dev/null
type_text "Late Deliveries AG"
keys Enter
wait_for "In short, why did we lose them?" >/dev/null
keys 1 Enter
wait_for "Tell the story" >/dev/null
type_text "Three late deliveries stopped their line."
keys Tab
wait_for "Which of these played a part" >/dev/null
keys 4 Enter
wait_for "Which one weighed most?" >/dev/null
keys 4 Enter
for q in "mainly responsible" "same cause" "prevented"; do
    wait_for "$q" >/dev/null && keys 2 Enter
done
wait_for "Review: 8 of 8" >/dev/null
keys F9
check_screen "diagnosis: unintentionally pushed away" "Defector type: Unintentionally pushed away"
check_screen "the price claim is challenged on screen" "Your first take differs from what your answers show"
finish
