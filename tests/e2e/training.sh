#!/bin/sh
# training.sh - a role-play end to end in tmux: a trainee picks a shipped
# scenario, reads the brief (F6), answers the full debrief as the faithful
# salesperson of tests/scenarios/<id>.ini would, states a diagnosis and sees
# the feedback with the score; a retake shows the change since last time;
# the trainer's view lists both attempts; the database holds two training
# sessions with their scores.
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
DB="$WORK/w.db"
SCEN=food_in_house
TITLE="The customer who started making it themselves"
FORM="$SRCDIR/forms/debrief.ini"
ANSWERS="$SRCDIR/tests/scenarios/$SCEN.ini"
TRAINEE="Zoë Trainee"

# ini_flat FILE: "section<TAB>key<TAB>value" per key, continuation lines joined.
ini_flat() {
    awk '
        function flush() { if (key != "") print sec "\t" key "\t" val; key = "" }
        /^[ \t]*[;#]/ { next }
        cont { v = $0; c = sub(/\\$/, "", v); val = val v; cont = c; if (!cont) flush(); next }
        /^\[/ { flush(); sec = $0; gsub(/[][]/, "", sec); next }
        /=/ {
            flush(); key = $0; sub(/[ \t]*=.*/, "", key)
            val = $0; sub(/^[^=]*=[ \t]*/, "", val)
            cont = sub(/\\$/, "", val); if (!cont) flush()
        }
        END { flush() }' "$1"
}

ini_flat "$FORM" >"$WORK/form.tsv"
ini_flat "$ANSWERS" | awk -F'\t' '$1 == "answers"' >"$WORK/answers.tsv"

# field QID KEY: a key of question QID in the form.
field() { awk -F'\t' -v s="q.$1" -v k="$2" '$1 == s && $2 == k { print $3 }' "$WORK/form.tsv"; }

# qid_of SHOWN: the question whose prompt starts with the text on screen.
qid_of() {
    awk -F'\t' -v p="$1" '$2 == "prompt" && index($3, p) == 1 {
        sub(/^q\./, "", $1); print $1; exit }' "$WORK/form.tsv"
}

# shown_prompt [SCREEN]: the first line of the question on screen ("12. ...").
shown_prompt() {
    printf '%s\n' "${1:-$(screen)}" | grep -m1 -E '^  [0-9]+\. ' |
        sed -E 's/^  [0-9]+\. //; s/  \(required\) *$//; s/ +$//'
}

# choice_keys QID VALUE: arrows and Space to tick VALUE(s) in a choice list.
choice_keys() {
    type=$(field "$1" type)
    case $type in
        yesno) ids="yes, no, unsure" ;;
        scale) ids="1, 2, 3, 4, 5" ;;
        *) ids=$(field "$1" choices) ;;
    esac
    echo "$ids" | awk -v want="$2" -v multi="$([ "$type" = multi ] && echo 1)" '
        BEGIN { nw = split(want, w, /, */) }
        { n = split($0, ids, /, */); pos = 0
          for (k = 1; k <= nw; k++) for (i = 1; i <= n; i++) if (ids[i] == w[k]) {
              for (; pos < i - 1; pos++) printf "Down "
              for (; pos > i - 1; pos--) printf "Up "
              if (multi) printf "Space "
          } }'
}

# answer_current: answers the question on screen from the answers file.
answer_current() {
    qid=$(qid_of "$1")
    [ -n "$qid" ] || { echo "unknown question on screen: $1"; return 1; }
    type=$(field "$qid" type)
    value=$(awk -F'\t' -v k="$qid" '$2 == k { print $3; found = 1 }
        END { if (!found) print "\001" }' "$WORK/answers.tsv")
    case $value in
        "$(printf '\001')") keys Tab; return ;;
        "?") keys F3; if [ "$type" = narrative ]; then keys Tab; else keys Enter; fi; return ;;
    esac
    case $type in
        narrative) type_text "$value"; keys Tab ;;
        choice|multi|yesno|scale)
            # shellcheck disable=SC2046
            [ -n "$(choice_keys "$qid" "$value")" ] && keys $(choice_keys "$qid" "$value")
            keys Enter ;;
        *) type_text "$value"; keys Enter ;;
    esac
}

# answer_debrief: answers every question until the review page shows.
answer_debrief() {
    n=0
    while [ $n -lt 100 ]; do
        n=$((n + 1))
        scr=$(screen)
        case $scr in *"Review: "*) return 0 ;; esac
        cur=$(shown_prompt "$scr")
        [ -n "$cur" ] || { sleep 0.02; continue; }
        answer_current "$cur" || { screen; return 1; }
        t=0
        while :; do
            scr=$(screen)
            case $scr in *"Review: "*) break ;; esac
            [ "$(shown_prompt "$scr")" = "$cur" ] || break
            t=$((t + 1))
            [ $t -lt 250 ] || { echo "stuck at: $cur"; screen; return 1; }
            sleep 0.02
        done
    done
    echo "no review page after $n questions"; screen; return 1
}

# press KEY...: sends the keys, then waits until the screen shows their effect.
press() {
    before=$(screen)
    keys "$@"
    t=0
    while [ "$(screen)" = "$before" ]; do
        t=$((t + 1)); [ $t -lt 500 ] || { echo "no change after $*"; return 1; }
        sleep 0.02
    done
}

# down_to PATTERN: presses Down until the highlighted row matches PATTERN
# (a basic regular expression after the "> " marker).
down_to() {
    i=0
    until screen | grep -q -- ">  *$1"; do
        i=$((i + 1)); [ $i -lt 20 ] || { echo "no row '$1'"; screen; return 1; }
        press Down || return 1
    done
}

# pick LABEL: in an open picker, moves to LABEL and chooses it.
pick() { down_to "$1" && press Enter; }

# state TYPE SOURCE STABILITY CONTROL PRIORITY ACTIVITY...: fills "Your diagnosis".
state() {
    for label in "$1" "$2" "$3" "$4" "$5"; do
        press Enter && pick "$label" || return 1
    done
    shift 5
    for act in "$@"; do
        down_to "\[ \] $act" && press Space || return 1
        screen | grep -q ">  *\[x\] $act" || { echo "'$act' not ticked"; screen; return 1; }
    done
    keys F9
}

# play: from the training list, starts the role-play of $TITLE as $TRAINEE.
play() {
    wait_for "Play the salesperson who lost the account" || return 1
    down_to "$TITLE" || return 1
    keys Enter
    wait_for "Who plays the salesperson?" >/dev/null || return 1
    keys C-u; type_text "$TRAINEE"; keys Enter
    wait_for "Which customer did we lose?"
}

# played N: the scenario's row says it was played N time(s).
played() {
    wait_for "Play the salesperson who lost the account" >/dev/null || return 1
    screen | grep -F "$TITLE" | grep -qE " $1 times? *\$" && return 0
    echo "not played $1 time(s)"; screen; return 1
}

# to_training: from home to the scenario list.
to_training() {
    keys t
    wait_for "Play the salesperson who lost the account"
}

tui_start --db "$DB"
check_screen "home screen" "New debrief"
check "training list" to_training
check_screen "difficulty shown" "medium"
check "never played yet" played 0
check "first role-play starts" play
check_screen "training session in the wizard title" "training · $TITLE"
keys F6
check_screen "the brief on F6" "Tomasz Nowak"
check_screen "the facts with the brief" "Facts the trainer can reveal"
keys Escape
wait_gone "Facts the trainer can reveal" >/dev/null
keys Escape
check_screen "Esc in a role-play asks first" "press Esc again to leave the role-play"
check "the faithful salesperson's answers" answer_debrief
keys F9
check_screen "the trainee's diagnosis before the program's" "Your diagnosis"
check "a wrong diagnosis stated" state "Bought away" "A competitor" "Stable: likely" \
    "Controllable: could" "Wait actively" "Price concession"
check_screen "feedback with the score" "Score: "
check_screen "wrong type marked in words" \
    "WRONG   Defector type: yours Bought away, expected Moved away"
check_screen "first attempt said" "Your first attempt at this scenario."
first=$(screen | sed -n 's/.*Score: \([0-9]*\)\/100.*/\1/p' | head -1)
check "first score below the pass mark" test "${first:-100}" -lt 70
keys Escape
check "played once" played 1
keys v
check_screen "trainer's view" "Attempts at \"$TITLE\""
check_screen "the attempt in the table" "Bought away"
keys Escape
check "the retake starts" play
check "the answers again" answer_debrief
keys F9
wait_for "Your diagnosis" >/dev/null
check "the right diagnosis stated" state "Moved away" "The customer" "Stable: likely" \
    "Uncontrollable" "Pursue now" "Co-created, customised offer" "Better communication"
check_screen "passed" "PASSED"
second=$(screen | sed -n 's/.*Score: \([0-9]*\)\/100.*/\1/p' | head -1)
check_screen "the change since last time" \
    "+$(( ${second:-0} - ${first:-0} )) since last time ($first)"
check_screen "right type marked in words" "OK      Defector type: yours Moved away"
keys Enter
check_screen "then the program's own diagnosis" "Defector type: Moved away"
keys Escape
check "played twice" played 2
keys v
check_screen "trainer's view: progress of the trainee" "$TRAINEE: 2 attempt(s), 1 passed"
keys e
check_screen "export choices" "This scenario's attempts as Markdown"
keys Down Enter
check_screen "export asks for a file" "Write to which file?"
keys C-u; type_text "$WORK/attempts.md"; keys Enter
check_screen "export written" "written to $WORK/attempts.md"
check "both attempts in the Markdown export" \
    test "$(grep -c "^| $TRAINEE " "$WORK/attempts.md")" = 2
keys Escape Escape
wait_for "New debrief" >/dev/null
keys q
check_screen "exit 0" "[exit 0]"
check "two training sessions" test "$(sql "SELECT count(*) FROM sessions WHERE training = 1")" = 2
check "no real session" test "$(sql "SELECT count(*) FROM sessions WHERE training = 0")" = 0
check "both attempts scored in the database" test \
    "$(sql "SELECT group_concat(score, ',') FROM (SELECT score FROM training
            WHERE scenario_id = '$SCEN' ORDER BY at, session_id)")" = "$first,$second"
check "trainee and verdict stored" test \
    "$(sql "SELECT trainee || '/' || passed FROM training
            ORDER BY at DESC, session_id DESC LIMIT 1")" = "$TRAINEE/1"
finish
