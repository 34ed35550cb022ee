#!/bin/sh
# review.sh - the managers' review in tmux: browse the saved debriefs, sort,
# filter (and the empty state), full-text search, open a session, add a
# comment, override the diagnosis as a manager, set the outcome, see it in
# the browser and the statistics; then --read-only refuses every change with
# a clear message and leaves the database unchanged; the browser at 80x24.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
DB="$WORK/r.db"
EX="$SRCDIR/share/examples"
RO_MSG="Read-only: opened with --read-only; nothing can be changed"

for t in bought_away pulled_away unintentionally_pushed_away moved_away intentionally_pushed_away; do
    "$WINBACK" --db "$DB" import "$EX/$t.ini" >"$WORK/imp.out" 2>&1 || {
        echo "# import $t failed:"; sed 's/^/# /' "$WORK/imp.out"; }
done
check "five examples imported" test "$(sql "SELECT count(*) FROM sessions")" = 5

# First data row of the browser (row 4 of the screen: title, filters, header).
first_row() { screen | sed -n 4p; }
row_has() { first_row | grep -qF -- "$1" || { echo "first row: $(first_row)"; return 1; }; }
cursor_on() { screen | grep '^>' | grep -qF -- "$1" || { echo "cursor row: $(screen | grep '^>')"; return 1; }; }
row_match() { first_row | grep -qE -- "$1" || { echo "first row: $(first_row)"; return 1; }; }

tui_start --db "$DB"
check_screen "home offers the saved debriefs" "Review saved debriefs"
check_screen "home shows the follow-ups line" "ollow-up"
keys b
check_screen "browser counts the sessions" "5 sessions, by date"
check_screen "sorted by date, newest first" "Date▼"

# ---- sort ------------------------------------------------------------------
keys s
check_screen "s sorts by the next column" "Account▼"
keys r
check_screen "r reverses the order" "Account▲"
check "A to Z: Brightline first" row_has "Brightline Accountants"
check "the cursor stays on its session across re-sorts" cursor_on "Sunfield Beverages"

# ---- filter ----------------------------------------------------------------
keys f
check_screen "filter picker lists the filters" "salesperson"
keys Enter
check_screen "type values offered" "Intentionally pushed away"
keys 5
check_screen "filter applied: one session" "1 session, by account"
check_screen "active filter shown" "Filters: type=moved_away"
check "only Greenway Foods left" row_has "Greenway Foods"
keys f
wait_for "Filter by" >/dev/null
keys Down Down Down Down Down Enter
check_screen "outcome values offered" "Lost for good"
keys 3
check_screen "empty state names the filters and the way out" \
    "No sessions match: type=moved_away outcome=won_back. Press c to clear the filters."
keys c
check_screen "c clears the filters" "5 sessions, by account"
check_screen "no filter left" "Filters: none"

# ---- search ----------------------------------------------------------------
keys /
check_screen "search prompt" "narrative answers"
type_text "street activation"
keys Enter
check_screen "search finds one session" "1 session, by account"
check "search found Sunfield Beverages" row_has "Sunfield Beverages"

# ---- open, comment, override, outcome -------------------------------------
keys Enter
check_screen "session view opens" "review · Sunfield Beverages"
check_screen "diagnosis with evidence" "DIAGNOSIS"
keys Tab Tab
check_screen "who decided what, side by side" "WHO DECIDED WHAT"
keys c
check_screen "comment editor" "Review comment"
type_text "Call their CFO — Zoë knows him"
keys Tab
check_screen "comment saved" "comment saved"
check "comment stored with its author" \
    test "$(sql "SELECT body || '|' || who FROM comments")" = "Call their CFO — Zoë knows him|tester"
keys o
check_screen "override: which dimension" "Override which? (as a manager)"
keys Enter
check_screen "override: the manager's value" "The manager's value"
keys 4
check_screen "override: reason asked" "Reason for the override"
keys Enter
check_screen "override refused without a reason" "an override needs a reason"
type_text "They in-sourced the promotions"
keys Enter
check_screen "override saved" "the manager's override is saved"
check "manager's override stored beside the salesperson's" \
    test "$(sql "SELECT dim || '|' || value || '|' || reason || '|' || who FROM reviews")" = \
    "type|moved_away|They in-sourced the promotions|tester"
check "salesperson's diagnosis untouched" \
    test "$(sql "SELECT type_final FROM diagnosis WHERE session_id = (SELECT id FROM sessions WHERE account LIKE 'Sunfield%')")" = unintentionally_pushed_away
keys w
check_screen "outcome picker" "How did the win-back end?"
keys Enter
check_screen "outcome date, today by default" "$(date +%Y-%m-%d)"
keys Enter
type_text "Signed for two years"
keys Tab
check_screen "outcome recorded" "outcome recorded: Won back"
check "outcome stored with today's date" \
    test "$(sql "SELECT outcome || '|' || outcome_date FROM sessions WHERE account LIKE 'Sunfield%'")" = \
    "won_back|$(date +%Y-%m-%d)"
keys End
check_screen "history shows the manager's override" "review type: (none) -> moved_away"
keys Home
check_screen "header shows the outcome" "Outcome: Won back on"

# ---- back in the browser, then statistics --------------------------------
keys Escape
check_screen "browser again" "Filters: search="
check "row marked M (manager's override), type moved, won" row_match 'M Sunfield.*[Mm]oved.* won'
keys g
check_screen "statistics open" "winback · statistics"
check_screen "statistics use the browser's filter" "Filters: search=\"street activation\""
check_screen "ratio counts the new outcome" "Reacquisition ratio: 100% (1 won back of 1 decided)"
check_screen "override rate counts the manager" "by a manager 1"
keys Tab
check_screen "next grouping" "[Source]"
keys Escape c g
check_screen "all sessions in the statistics" "Reacquisition ratio: 100% (1 won back of 1 decided)"
check_screen "five sessions" "5 sessions"
keys Escape Escape
check_screen "home again" "Review saved debriefs"
keys q
check_screen "exit 0" "[exit 0]"

# ---- read-only -------------------------------------------------------------
tmux -L "$SOCK" kill-server >/dev/null 2>&1; sleep 0.3
sqlite3 "$DB" .dump >"$WORK/before.sql"
tui_start --read-only --db "$DB"
check_screen "read-only home" "read-only database"
keys n
check_screen "no new debrief" "read-only: no new debrief"
keys b
check_screen "read-only browser" "5 sessions"
keys e
check_screen "edit refused" "$RO_MSG"
keys Enter
check_screen "read-only view" "read-only"
for k in c o w; do
    keys Home                   # any key clears the last message
    wait_gone "$RO_MSG" >/dev/null
    keys "$k"
    check_screen "key $k refused with a clear message" "$RO_MSG"
done
keys q q q
check_screen "read-only exit 0" "[exit 0]"
sqlite3 "$DB" .dump >"$WORK/after.sql"
check "database unchanged by the read-only run" cmp "$WORK/before.sql" "$WORK/after.sql"

# ---- 80x24 ------------------------------------------------------------------
tmux -L "$SOCK" kill-server >/dev/null 2>&1; sleep 0.3
COLS=80 ROWS=24 tui_start --db "$DB"
keys b
check_screen "80x24: narrow headers" "Outc."
check_screen "80x24: attribution fits" "comp/stab/unctl"
resize 120 30
check_screen "wider: full headers" "Salesperson"
keys q q
finish
