#!/bin/sh
# cli_team.sh - the managers' and trainers' commands through the real
# binary: list with filters, stats, due, export (CSV read back by Python's
# csv module, no overwrite, redaction), comment and review, --read-only,
# merge twice, scenarios and train with a retake.
. "$(dirname "$0")/e2e/lib.sh"
need python3
need sqlite3

A="$WORK/a.db"
B="$WORK/b.db"
EX="$SRCDIR/share/examples"
SC="$SRCDIR/tests/scenarios"
wb() { "$WINBACK" "$@"; }

for t in bought_away pulled_away unintentionally_pushed_away moved_away intentionally_pushed_away; do
    wb --db "$A" import "$EX/$t.ini" >/dev/null
done
wb --db "$A" outcome 1 won_back --date 2026-05-01 >/dev/null
wb --db "$A" outcome 2 lost_for_good --date 2026-05-02 >/dev/null

# --- list with filters ---------------------------------------------------
check "list type=bought_away: one row" sh -c \
    "[ \$('$WINBACK' --db '$A' list type=bought_away --format tsv | wc -l) -eq 2 ]"
check "list --source firm (labels or ids, option form)" sh -c \
    "'$WINBACK' --db '$A' list --source 'Our firm' --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if r and all(x[\"source\"]==\"firm\" for x in r) else 1)'"
check "list search= finds a word of a narrative" sh -c \
    "'$WINBACK' --db '$A' list search=framing --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if len(r)==1 and r[0][\"type\"]==\"bought_away\" else 1)'"
check "list search with SQL in it is only text" sh -c \
    "'$WINBACK' --db '$A' list \"search=x'); DROP TABLE sessions;--\" --format tsv >/dev/null && [ \$(sqlite3 '$A' 'SELECT count(*) FROM sessions') -eq 5 ]"
wb --db "$A" list type=nonsense >/dev/null 2>"$WORK/e.out"; rc=$?
check "an unknown filter value: exit 2, names the filter and the values" sh -c \
    "[ $rc -eq 2 ] && grep -q 'type' '$WORK/e.out' && grep -q 'bought_away' '$WORK/e.out'"
check "list --sort account --limit 2 pages" sh -c \
    "[ \$('$WINBACK' --db '$A' list --sort account --limit 2 --format tsv | wc -l) -eq 3 ]"
check "filters are refused where they do not apply" sh -c \
    "'$WINBACK' --db '$A' show 1 type=moved_away 2>/dev/null; [ \$? -eq 2 ]"

# --- stats and due ---------------------------------------------------------
wb --db "$A" stats --format json >"$WORK/stats.json"
check "stats --format json: 5 sessions, ratio 1/2 decided" python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
s=json.dumps(d)
sys.exit(0 if "5" in s and "0.5" in s else 1)' "$WORK/stats.json"
check "stats (table) draws bars with numbers" sh -c \
    "'$WINBACK' --db '$A' stats | grep -q 'Bought away'"
check "due --format json is valid JSON" sh -c \
    "'$WINBACK' --db '$A' due --days 3650 --format json | python3 -c 'import json,sys; json.load(sys.stdin)'"

# --- export ------------------------------------------------------------------
check "export csv -o: written" wb --db "$A" export --format csv -o "$WORK/all.csv"
check "the export is owner-only (0600)" sh -c "[ \"\$(stat -c %a '$WORK/all.csv')\" = 600 ]"
check "CSV reads back: a header and 5 rows with type and type_label" python3 -c '
import csv,sys
rows=list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
sys.exit(0 if len(rows)==5 and rows[0]["type"] and rows[0]["type_label"] else 1)' "$WORK/all.csv"
wb --db "$A" export --format csv -o "$WORK/all.csv" 2>"$WORK/e.out"; rc=$?
check "export refuses to overwrite without --force" sh -c "[ $rc -eq 1 ] && grep -q all.csv '$WORK/e.out'"
check "export --force overwrites" wb --db "$A" export --format csv -o "$WORK/all.csv" --force
wb --db "$A" export --format markdown --redact >"$WORK/red.md"
check "--redact: no customer or salesperson name is left" sh -c \
    "! grep -q -e Hollis -e 'Dave Morgan' -e Greenway -e 'Luis Romero' '$WORK/red.md' && grep -q 'Customer A' '$WORK/red.md'"

# --- a manager's comment and override, then read-only ------------------------
check "comment" wb --db "$A" comment 3 "Call their new plant manager"
check "review (a manager's override with a reason)" \
    wb --db "$A" review 3 type pulled_away --reason "a rival lured them"
check "show --format json carries the comment and the manager's override" sh -c \
    "'$WINBACK' --db '$A' show 3 --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d[\"comments\"] and d[\"review\"][\"type\"][\"value\"]==\"pulled_away\" else 1)'"
before=$(sqlite3 "$A" .dump | md5sum)
wb --db "$A" --read-only comment 3 "should not land" 2>"$WORK/e.out"; rc=$?
check "--read-only: a write is refused with a clear message" sh -c \
    "[ $rc -eq 1 ] && grep -q 'read-only' '$WORK/e.out'"
check "--read-only: reading works" sh -c "'$WINBACK' --db '$A' --read-only list >/dev/null"
check "--read-only: the database is unchanged" sh -c "[ \"\$(sqlite3 '$A' .dump | md5sum)\" = '$before' ]"

# --- merge -------------------------------------------------------------------
wb --db "$B" import "$EX/moved_away.ini" >/dev/null
wb --db "$B" import "$SRCDIR/tests/cases/quick_pulled_away.ini" >/dev/null
check "merge B into A" wb --db "$A" merge "$B"
n1=$(sqlite3 "$A" 'SELECT count(*) FROM sessions')
wb --db "$A" merge "$B" >/dev/null
n2=$(sqlite3 "$A" 'SELECT count(*) FROM sessions')
check "merging twice adds nothing ($n1 sessions)" sh -c "[ $n1 -eq 7 ] && [ $n2 -eq $n1 ]"
wb --db "$A" merge "$WORK/all.csv" 2>"$WORK/e.out"; rc=$?
check "merge refuses a file that is not a winback database" sh -c "[ $rc -ne 0 ] && grep -q all.csv '$WORK/e.out'"

# --- trainers ------------------------------------------------------------------
check "scenarios lists ten" sh -c "[ \$('$WINBACK' --db '$A' scenarios --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') -eq 10 ]"
check "check-forms tells a scenario from a form" sh -c \
    "'$WINBACK' check-forms '$SRCDIR/share/scenarios/timber_price.ini' '$SRCDIR/forms/quick.ini' | grep -q \"scenario 'timber_price'\""
wb check-forms "$SRCDIR/tests/bad-scenarios/bad-difficulty.ini" >/dev/null 2>"$WORK/e.out"; rc=$?
check "check-forms: a bad scenario names its file and line" sh -c \
    "[ $rc -eq 1 ] && grep -q 'bad-difficulty.ini:[0-9]' '$WORK/e.out'"
wb --db "$A" train timber_price --trainee Sam --answers "$SC/timber_price.ini" \
    --diagnosis "$SC/timber_price.diagnosis.ini" --format json >"$WORK/t1.json"
check "train: the faithful diagnosis passes with 100" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["score"]==100 and d["passed"] else 1)' "$WORK/t1.json"
cat >"$WORK/wrong.ini" <<'EOF'
[diagnosis]
type = pulled_away
source = firm
stability = stable
control = controllable
priority = pursue_now
activities = price_concession
EOF
wb --db "$A" train timber_price --trainee Sam --answers "$SC/timber_price.ini" \
    --diagnosis "$WORK/wrong.ini" >"$WORK/t2.txt"
check "train: a wrong diagnosis fails and shows the change since last time" sh -c \
    "grep -q -i 'fail' '$WORK/t2.txt' && grep -q 'since last time' '$WORK/t2.txt'"
check "training sessions stay out of real lists and stats" sh -c \
    "[ \$('$WINBACK' --db '$A' list --format tsv | wc -l) -eq 8 ] && [ \$('$WINBACK' --db '$A' list training=yes --format tsv | wc -l) -eq 3 ]"
check "the trainer's view of a scenario lists both attempts" sh -c \
    "[ \$('$WINBACK' --db '$A' scenarios timber_price --format csv | wc -l) -eq 3 ]"

finish
