#!/bin/sh
# concurrency.sh - several processes on one database: a salesperson answers
# in the wizard (tmux) while, in the background, a manager lists, reads
# statistics, comments and exports, and another process merges a
# colleague's database again and again.  Nobody may see "database is
# locked", every command must succeed, and every answer typed is saved.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
DB="$WORK/team.db"
OTHER="$WORK/colleague.db"
EX="$SRCDIR/share/examples"

for t in bought_away pulled_away moved_away; do
    "$WINBACK" --db "$DB" import "$EX/$t.ini" >/dev/null
done
for t in unintentionally_pushed_away intentionally_pushed_away; do
    "$WINBACK" --db "$OTHER" import "$EX/$t.ini" >/dev/null
done

# manager LOG: reads and writes the shared database until $WORK/stop exists.
manager() {
    i=0
    while [ ! -e "$WORK/stop" ]; do
        i=$((i + 1))
        "$WINBACK" --db "$DB" list >/dev/null 2>>"$1" || echo "list failed" >>"$1"
        "$WINBACK" --db "$DB" stats >/dev/null 2>>"$1" || echo "stats failed" >>"$1"
        "$WINBACK" --db "$DB" comment 1 "note $i" >/dev/null 2>>"$1" || echo "comment failed" >>"$1"
        "$WINBACK" --db "$DB" export --format csv >/dev/null 2>>"$1" || echo "export failed" >>"$1"
        echo "$i" >"$1.rounds"
    done
}
merger() {
    i=0
    while [ ! -e "$WORK/stop" ]; do
        i=$((i + 1))
        "$WINBACK" --db "$DB" merge "$OTHER" >/dev/null 2>>"$1" || echo "merge failed" >>"$1"
        echo "$i" >"$1.rounds"
    done
}
: >"$WORK/manager.err"
: >"$WORK/merger.err"
manager "$WORK/manager.err" &
mpid=$!
merger "$WORK/merger.err" &
gpid=$!

tui_start --db "$DB"
check_screen "home" "New debrief"
keys n
check_screen "new debrief: full or quick" "Full debrief"
keys Enter
check_screen "first question" "Which customer did we lose?"
type_text "Concurrent Foods"; keys Enter
check_screen "second question" "What is their line of business?"
type_text "Catering"; keys Enter
check_screen "third question" "What did they buy from us?"
type_text "Sauces and oils"; keys Enter
check_screen "fourth question" "For how many years were they a customer?"
type_text "7"; keys Enter
check_screen "fifth question" "What did they spend with us in a normal year?"
type_text "120k"; keys Enter
check_screen "sixth question" "Roughly what share of our turnover"
type_text "4"; keys Enter
check_screen "seventh question" "What gross margin"
type_text "22"; keys Enter
check_screen "eighth question" "How good was the working relationship"
touch "$WORK/stop"
wait "$mpid" "$gpid"

sql() { sqlite3 "$DB" "$1"; }
sid=$(sql "SELECT id FROM sessions WHERE account = 'Concurrent Foods'")
check "every answer typed was saved" test "$(sql "SELECT group_concat(value, '|') FROM (SELECT value FROM answers WHERE session_id = '$sid' ORDER BY rowid)")" = \
    "Concurrent Foods|Catering|Sauces and oils|7|120000|4|22"
check "the manager's commands all succeeded, none saw a lock ($(cat "$WORK/manager.err.rounds" 2>/dev/null) rounds)" \
    sh -c "[ ! -s '$WORK/manager.err' ] && [ \$(cat '$WORK/manager.err.rounds') -ge 1 ]"
sed 's/^/# /' "$WORK/manager.err" | head -5
check "the merges all succeeded, none saw a lock ($(cat "$WORK/merger.err.rounds" 2>/dev/null) rounds)" \
    sh -c "[ ! -s '$WORK/merger.err' ] && [ \$(cat '$WORK/merger.err.rounds') -ge 1 ]"
sed 's/^/# /' "$WORK/merger.err" | head -5
check "the merged sessions are there once" test "$(sql 'SELECT count(*) FROM sessions')" -eq 6
check "every comment landed" test "$(sql 'SELECT count(*) FROM comments')" -eq "$(cat "$WORK/manager.err.rounds")"
check "integrity_check is ok" test "$(sql 'PRAGMA integrity_check')" = ok
finish
