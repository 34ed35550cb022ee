#!/bin/sh
# kill.sh - kill -9 at random moments while answers are being typed.
#
# KILL_ROUNDS times (default 50): start winback on one database (resuming the
# unfinished debrief when there is one), answer a random number of the first
# questions of the full debrief, then kill -9 it: at start-up, mid-typing,
# right after Enter or while idle. After every kill the database passes
# integrity_check, every answer whose field was left (the next question was
# on screen before the kill) is stored with the value typed, and the next
# start offers to resume at the question after the last one left.
# KILL_SEED repeats a run's choices (the seed is printed).
. "$(dirname "$0")/lib.sh"
need tmux
need sqlite3
san_logs_on
DB="$WORK/w.db"
ROUNDS=${KILL_ROUNDS:-50}
SEED=${KILL_SEED:-$(( $(date +%s) % 100000 ))}
echo "# seed $SEED (KILL_SEED=$SEED repeats these choices), $ROUNDS rounds"

# ---- a reproducible random number generator (an LCG) ----------------------
RNG=$SEED
# rand N: sets R to a number in [0, N).
rand() {
    RNG=$(( (RNG * 1103515245 + 12345) % 2147483648 ))
    R=$(( (RNG / 65536) % $1 ))
}

# ---- the questions typed: the start of the full debrief ---------------------
NQ=12
# qinfo N: QID, KIND and PROMPT of question N (1-based; 13 is the first one
# not typed here, only waited for).
qinfo() {
    case $1 in
    1) QID=customer KIND=text PROMPT="Which customer did we lose?" ;;
    2) QID=industry KIND=text PROMPT="What is their line of business?" ;;
    3) QID=products KIND=text PROMPT="What did they buy from us?" ;;
    4) QID=years_customer KIND=number PROMPT="For how many years were they a customer?" ;;
    5) QID=annual_revenue KIND=money PROMPT="What did they spend with us in a normal year?" ;;
    6) QID=share_of_turnover KIND=percent PROMPT="Roughly what share of our turnover was that?" ;;
    7) QID=margin KIND=percent PROMPT="What gross margin did we make on their business?" ;;
    8) QID=relationship_quality KIND=scale PROMPT="How good was the working relationship" ;;
    9) QID=buying_style KIND=choice PROMPT="How did this customer usually choose its suppliers?" ;;
    10) QID=decision_makers KIND=text PROMPT="Who makes the buying decisions there?" ;;
    11) QID=advocates KIND=text PROMPT="Who on their side still speaks well of us?" ;;
    12) QID=blockers KIND=text PROMPT="Who on their side would rather not see us back?" ;;
    13) QID=own_reason KIND=choice PROMPT="In short, why did we lose them?" ;;
    esac
}

WORDS="Holz Bäckerei Zoë Müller 日本 Stahl Nordwind Acme GmbH Ana Ruiz plant director beams boards Łódź café straße"
# word: sets W to a random word of WORDS.
word() {
    rand 18
    set -- $WORDS
    shift "$R"
    W=$1
}

# answer N: sets SEND (typed, or the key for a list) and WANT (stored value).
answer() {
    qinfo "$1"
    case $KIND in
    text)
        word; SEND=$W; rand 3
        for _ in $(seq "$R"); do word; SEND="$SEND $W"; done
        [ "$1" = 1 ] && SEND="Kunde $ROUND $SEND"
        WANT=$SEND ;;
    number) rand 201; SEND=$R; WANT=$R ;;
    money)
        rand 2
        if [ "$R" = 0 ]; then rand 999; SEND="$((R + 1))k"; WANT=$(( (R + 1) * 1000 ));
        else rand 99999; SEND=$((R + 1)); WANT=$SEND; fi ;;
    percent) rand 101; SEND=$R; WANT=$R ;;
    scale) rand 5; SEND=$((R + 1)); WANT=$SEND ;;
    choice)
        rand 4; SEND=$((R + 1))
        set -- on_price on_value on_trust irregular
        shift "$R"; WANT=$1 ;;
    esac
}

# type_answer: types SEND into the field (clearing a text field first).
type_answer() {
    case $KIND in
    scale | choice) keys "$SEND" ;;
    *) keys C-u; type_text "$SEND" ;;
    esac
}

# ---- the model of what must be in the database -------------------------------
CONFIRMED="$WORK/confirmed"   # session|qid|value of every field left
: >"$CONFIRMED"
SID=""          # the session being typed into
K=0             # questions of SID left (confirmed)
PEND_Q=0        # a question left with Enter but killed before the next showed
PEND_V=""
NEED_NEW=1      # start a new debrief at the next round
LOST=0
KILLS=0
LANDED=0        # answers saved by an Enter the kill came right after
FAIL=""         # why the current round failed

confirm() {
    qinfo "$1"
    printf '%s|%s|%s\n' "$SID" "$QID" "$2" >>"$CONFIRMED"
    K=$1
}

# The label of the resume row on the home screen ("" when there is none).
resume_row() { screen | sed -n 's/^ *> Resume: //p' | head -1; }

# open_session: from the home screen, resume the debrief (checking the
# question offered) or start a new one; sets FAIL on a wrong screen.
open_session() {
    poll_for "New debrief" >"$WORK/poll" || { FAIL="no home screen"; return; }
    row=$(resume_row)
    if [ "$NEED_NEW" = 0 ]; then
        n=$(printf '%s\n' "$row" | sed -n 's/.*, question \([0-9]*\) of .*/\1/p')
        landed=""
        if [ "$PEND_Q" != 0 ]; then
            qinfo "$PEND_Q"
            landed=$(sql "SELECT value FROM answers WHERE session_id = $SID AND qid = '$QID'")
        fi
        if [ "$n" = $((K + 2)) ] && [ "$PEND_Q" = $((K + 1)) ] && [ "$landed" = "$PEND_V" ]; then
            confirm "$PEND_Q" "$PEND_V"     # committed just before the kill
            LANDED=$((LANDED + 1))
        elif [ "$n" != $((K + 1)) ]; then
            FAIL="resume offers question '$n', expected $((K + 1)) (row: $row)"; return
        fi
        PEND_Q=0
        if [ "$K" -lt "$NQ" ]; then
            keys Enter
            qinfo $((K + 1))
            poll_for "$((K + 1)). $PROMPT" >"$WORK/poll" || FAIL="resume did not show question $((K + 1))"
            return
        fi
        NEED_NEW=1
    fi
    PEND_Q=0
    case $row in
    "unnamed account, question 1 of"*) keys Enter ;;    # created, then killed
    *)  keys n
        poll_for "Full debrief:" >"$WORK/poll" || { FAIL="no form choice"; return; }
        keys Enter ;;
    esac
    poll_for "1. Which customer did we lose?" >"$WORK/poll" || { FAIL="no first question"; return; }
    SID=$(sql "SELECT max(id) FROM sessions")
    K=0
    NEED_NEW=0
}

# answer_some N: answers up to N questions, each confirmed by the next one.
answer_some() {
    i=0
    while [ $i -lt "$1" ] && [ "$K" -lt "$NQ" ]; do
        answer $((K + 1)); type_answer; keys Enter
        qinfo $((K + 2))
        poll_for "$((K + 2)). $PROMPT" >"$WORK/poll" || { FAIL="question $((K + 2)) did not follow"; return; }
        confirm $((K + 1)) "$WANT"
        i=$((i + 1))
    done
    [ "$K" -ge "$NQ" ] && NEED_NEW=1
}

# pause: sleeps 0 to 90 ms.
pause() { rand 10; [ "$R" = 0 ] || sleep "0.0$R"; }

kill_now() {
    kill -KILL "$PID" 2>/dev/null
    wait_dead >"$WORK/poll" || FAIL="still running after kill -9"
    KILLS=$((KILLS + 1))
}

# check_db: integrity, and every confirmed answer present with its value.
check_db() {
    ic=$(sql "PRAGMA integrity_check" 2>&1)
    [ "$ic" = ok ] || { FAIL="${FAIL:+$FAIL; }integrity_check: $ic"; return; }
    fk=$(sql "PRAGMA foreign_key_check" 2>&1)
    [ -z "$fk" ] || FAIL="${FAIL:+$FAIL; }foreign_key_check: $fk"
    sql "SELECT session_id || '|' || qid || '|' || value FROM answers" >"$WORK/stored"
    if grep -Fxv -f "$WORK/stored" "$CONFIRMED" >"$WORK/missing"; then
        LOST=$((LOST + $(wc -l <"$WORK/missing")))
        FAIL="${FAIL:+$FAIL; }answers lost: $(tr '\n' ' ' <"$WORK/missing")"
        # counted once: later rounds check the rest
        grep -Fx -f "$WORK/stored" "$CONFIRMED" >"$WORK/still"; mv "$WORK/still" "$CONFIRMED"
    fi
}

START=$(date +%s)
ROUND=1
while [ $ROUND -le "$ROUNDS" ]; do
    FAIL=""
    tui_exec "exec env LC_ALL=C.UTF-8 $WINBACK --db $DB"
    PID=$(pane_pid)
    rand 10
    if [ "$R" = 0 ]; then
        what="at start-up"; pause
    else
        open_session
        if [ -z "$FAIL" ]; then
            rand 4; answer_some "$R"
        fi
        rand 3
        if [ -n "$FAIL" ] || [ "$NEED_NEW" = 1 ]; then
            what="idle"
        elif [ "$R" = 0 ]; then
            answer $((K + 1)); type_answer; pause; what="mid-typing question $((K + 1))"
        elif [ "$R" = 1 ]; then
            answer $((K + 1)); type_answer; keys Enter; pause
            PEND_Q=$((K + 1)); PEND_V=$WANT; what="right after Enter on question $((K + 1))"
        else
            what="idle on question $((K + 1))"
        fi
    fi
    kill_now
    check_db
    if [ -z "$FAIL" ]; then
        ok "kill $ROUND $what (session $SID, $K left)"
    else
        not_ok "kill $ROUND $what (session $SID, $K left): $FAIL"
        sed 's/^/# /' "$WORK/poll" | head -40
        NEED_NEW=1     # the model is lost: go on with a new debrief
    fi
    ROUND=$((ROUND + 1))
done

# A last start: the resume row and question after the last kill.
FAIL=""
tui_exec "exec env LC_ALL=C.UTF-8 $WINBACK --db $DB"
if [ "$NEED_NEW" = 0 ]; then
    open_session
    if [ -z "$FAIL" ]; then ok "resumed at question $((K + 1)) after the last kill"
    else not_ok "last resume: $FAIL"; fi
fi
kill -TERM "$(pane_pid)"; wait_dead >/dev/null
check "integrity_check at the end" test "$(sql "PRAGMA integrity_check")" = ok
echo "# sessions $(sql "SELECT count(*) FROM sessions"), answers $(sql "SELECT count(*) FROM answers"), $LANDED saved by an Enter just before the kill, $(( $(date +%s) - START )) s"
echo "# $KILLS kills, $LOST answers lost"
check "$KILLS kills, $LOST answers lost ($(wc -l <"$CONFIRMED") answers left before a kill)" test "$LOST" = 0
san_logs_check
finish
