#!/bin/sh
# cli.sh - the non-interactive commands through the real binary: import of
# every shipped example, show in each format (JSON read back by a parser),
# list, outcome, check-forms on good and broken forms, errors and exit codes.
. "$(dirname "$0")/e2e/lib.sh"
need python3
need sqlite3

DB="$WORK/team.db"
EX="$SRCDIR/share/examples"

# --- import: each example becomes a finished session of its own type -------
id=0
for t in bought_away pulled_away unintentionally_pushed_away moved_away intentionally_pushed_away; do
    id=$((id + 1))
    if "$WINBACK" --db "$DB" import "$EX/$t.ini" >"$WORK/imp.out" 2>&1 &&
        "$WINBACK" --db "$DB" show "$id" --format json >"$WORK/$t.json" &&
        python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["diagnosis"]["type"]["final"]==sys.argv[2] and d["session"]["status"]=="finished" and d["plan"]["checklist"] else 1)' "$WORK/$t.json" "$t"
    then ok "import $t.ini: finished session classified $t with a plan"
    else not_ok "import $t.ini"; sed 's/^/# /' "$WORK/imp.out"; head -c 600 "$WORK/$t.json" | sed 's/^/# /'; fi
done

check "database is created owner-only (0600)" sh -c "[ \"\$(stat -c %a '$DB')\" = 600 ]"
check "data directory of the default database is 0700" sh -c \
    "'$WINBACK' list >/dev/null && [ \"\$(stat -c %a '$XDG_DATA_HOME/winback')\" = 700 ] && [ \"\$(stat -c %a '$XDG_DATA_HOME/winback/winback.db')\" = 600 ]"

check "intentionally pushed away: graceful termination, no price concession" python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); acts=[a["id"] for a in d["plan"]["activities"]]
sys.exit(0 if "graceful_termination" in acts and "price_concession" not in acts else 1)' "$WORK/intentionally_pushed_away.json"

check "unintentionally pushed away: the plan starts with an apology" python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); acts=[a["id"] for a in d["plan"]["activities"]]
sys.exit(0 if "apology" in acts and d["diagnosis"]["source"]["locus"]=="internal" else 1)' "$WORK/unintentionally_pushed_away.json"

check "bought away and unintentionally pushed away get different plans" python3 -c '
import json,sys
a=[x["id"] for x in json.load(open(sys.argv[1]))["plan"]["activities"]]
b=[x["id"] for x in json.load(open(sys.argv[2]))["plan"]["activities"]]
sys.exit(0 if a!=b else 1)' "$WORK/bought_away.json" "$WORK/unintentionally_pushed_away.json"

check "show --format json has evidence for the type" python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); sys.exit(0 if d["diagnosis"]["type"]["evidence"] else 1)' "$WORK/pulled_away.json"

"$WINBACK" --db "$DB" show 3 >"$WORK/show.txt" 2>&1
check "show (text) prints diagnosis, priority, plan and checklist" sh -c \
    "grep -q 'Defector type' '$WORK/show.txt' && grep -q 'Priority:' '$WORK/show.txt' && grep -q 'WIN-BACK PLAN' '$WORK/show.txt' && grep -q 'Checklist, Interactional' '$WORK/show.txt'"
"$WINBACK" --db "$DB" show 3 --format markdown >"$WORK/show.md" 2>&1
check "show --format markdown is a plan document" sh -c \
    "grep -q '^# Win-back debrief' '$WORK/show.md' && grep -q '^## Win-back plan' '$WORK/show.md' && grep -q '^- \[ \]' '$WORK/show.md'"

"$WINBACK" --db "$DB" list >"$WORK/list.txt" 2>&1
check "list shows the five sessions" sh -c "[ \$(grep -c -E '^ +[0-9]+ ' '$WORK/list.txt') -eq 5 ]"
check "list --format json is valid JSON with five sessions" sh -c \
    "'$WINBACK' --db '$DB' list --format json | python3 -c 'import json,sys; sys.exit(0 if len(json.load(sys.stdin))==5 else 1)'"
check "list --format tsv has a header and five rows" sh -c \
    "[ \$('$WINBACK' --db '$DB' list --format tsv | wc -l) -eq 6 ]"

# --- a bad answers file: every error listed with its key, nothing changes ---
cat >"$WORK/bad.ini" <<'INI'
[session]
form = debrief
[answers]
years_customer = many
nosuchquestion = 1
INI
before=$(sql "select count(*) from sessions")
"$WINBACK" --db "$DB" import "$WORK/bad.ini" >"$WORK/bad.out" 2>&1
rc=$?
after=$(sql "select count(*) from sessions")
check "bad answers file: exit 1, nothing imported" sh -c "[ $rc -eq 1 ] && [ '$before' = '$after' ]"
check "bad answers file: the error names file, line and key" grep -q 'bad.ini:4: years_customer' "$WORK/bad.out"
check "bad answers file: unknown question named" grep -q 'nosuchquestion' "$WORK/bad.out"
check "bad answers file: missing required answers listed" grep -q 'required answer missing' "$WORK/bad.out"

# --- outcome -----------------------------------------------------------------
check "outcome records won back with date and note" sh -c \
    "'$WINBACK' --db '$DB' outcome 1 won_back --date 2026-03-01 --note 'signed again' >/dev/null && [ \"\$(sqlite3 '$DB' \"select outcome, outcome_date from sessions where id=1\")\" = 'won_back|2026-03-01' ]"
check "outcome rejects an unknown status with exit 2" sh -c \
    "'$WINBACK' --db '$DB' outcome 1 maybe 2>/dev/null; [ \$? -eq 2 ]"

# --- check-forms ---------------------------------------------------------------
check "check-forms passes on the shipped forms and library" "$WINBACK" check-forms
printf '[form]\nid = x\nversion = 1\ntitle = X\nsections = a\n[section.a]\ntitle = A\n[q.one]\nsection = a\ntype = blob\nprompt = P\n' >"$WORK/broken.ini"
"$WINBACK" check-forms "$WORK/broken.ini" >"$WORK/cf.out" 2>&1
rc=$?
check "check-forms on a broken form: exit 1, file, line and question named" sh -c \
    "[ $rc -eq 1 ] && grep -q 'broken.ini:[0-9]*:.*one' '$WORK/cf.out' && grep -q 'blob' '$WORK/cf.out'"

# --- errors, help, version -----------------------------------------------------
check "--version prints the version" sh -c "'$WINBACK' --version | grep -q '^winback [0-9]'"
check "--help lists the commands" sh -c "'$WINBACK' --help | grep -q 'import FILE'"
check "show --help works" sh -c "'$WINBACK' show --help | grep -q 'show ID'"
check "unknown command: one line, exit 2" sh -c \
    "'$WINBACK' frobnicate 2>'$WORK/e.out'; [ \$? -eq 2 ] && [ \$(wc -l <'$WORK/e.out') -eq 1 ]"
check "show of a missing session: exit 1 with a message" sh -c \
    "'$WINBACK' --db '$DB' show 999 2>'$WORK/e.out'; [ \$? -eq 1 ] && grep -q 'winback:' '$WORK/e.out'"
printf 'not a database at all\n' >"$WORK/notdb"
check "a file that is not a winback database is refused and left alone" sh -c \
    "'$WINBACK' --db '$WORK/notdb' list 2>'$WORK/e.out'; [ \$? -eq 1 ] && grep -q notdb '$WORK/e.out' && [ \"\$(cat '$WORK/notdb')\" = 'not a database at all' ]"
finish
