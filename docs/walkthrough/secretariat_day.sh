#!/usr/bin/env bash
# A secretariat's day in the terminal app, driven through tmux and read back from the screen.
#
# From scheduling a meeting to its approved minutes and a printed pack: found
# a council, schedule yesterday's meeting, add an agenda item, take attendance
# until quorate, record a motion and its vote (a decision with an action item),
# write and circulate the minutes; schedule today's meeting, circulate its
# agenda, hold it, approve yesterday's minutes there, print the agenda pack
# and the minutes; then visit every area the area bar offers (and the sync
# conflicts screen). The whole day is walked at 160x45 and again at 80x24, each
# screen captured (tmux capture-pane -p) into OUT and checked by
# check_captures.py against the words the app uses (its column headers, key
# labels, area names and the store's records): a word cut short without an
# ellipsis, a footer key cut in half, a footer without "? Keys", an error.
#
# Runnable by anyone from a fresh clone with tmux and the repo installed
# (python3 -m venv .venv && .venv/bin/pip install -e .); it touches nothing of
# yours (a temporary HOME and COUNCIL_DATA_DIR):
#
#     docs/walkthrough/secretariat_day.sh [OUT]
#
# It uses the repo's .venv/bin/council, else `council` on PATH; COUNCIL=path
# chooses another. Every wait polls the screen for the text expected next (a
# generous timeout, WALK_TIMEOUT seconds, default 120), so a busy machine only
# makes it slower.
#
# Exit status 0: every step was seen on screen and no capture is cut.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
if [ -z "${COUNCIL:-}" ]; then
    if [ -x "$REPO/.venv/bin/council" ]; then COUNCIL="$REPO/.venv/bin/council"; else COUNCIL=council; fi
fi
# The checker imports the app (its screens' words): the Python that runs council.
PYTHON=$(dirname "$(command -v "$COUNCIL")")/python
[ -x "$PYTHON" ] || PYTHON=python3
TIMEOUT=${WALK_TIMEOUT:-120}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/council-walk.XXXXXX")
OUT=${1:-$WORK/captures}
mkdir -p "$OUT" "$WORK/home"
export HOME="$WORK/home" COUNCIL_DATA_DIR="$WORK/data" TERM=xterm-256color
# COLUMNS and LINES would override the size of tmux's window for the app (Python's
# shutil.get_terminal_size reads them first): a shell, or a test process that took
# a Textual screenshot, may have exported them.
unset COUNCIL_STORE COLUMNS LINES
SESSION="council-walk-$$"
# A tmux server of its own: a session on someone's running server would get that
# server's environment (their HOME and data directory), not this walk's.
TMUX_SOCKET="council-walk-$$"
tmux() { command tmux -L "$TMUX_SOCKET" "$@"; }
YESTERDAY=$(date -d yesterday +%F 2>/dev/null || date -v-1d +%F)
TODAY=$(date +%F)
FAILED=0

cleanup() { tmux kill-server 2>/dev/null || true; }
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

found() {  # found STORE: a council of two parties, four voting members and a secretary
    local store=$1
    "$COUNCIL" init "$store" --name "Acme-Beta AI Partnership" --party acme="Acme Ltd" --party beta="Beta GmbH" \
        --template minimal --effective 2026-01-01 \
        --signatory acme="ann:Ann Archer <ann@acme.example>" --signatory beta="bob:Bob Brandt <bob@beta.example>" \
        >/dev/null  # the founding members: each party's signatory (the minimal charter signs nothing)
    local who
    for who in "abe Abe_Adler acme data_steward --voting" "bea Bea_Berg beta legal_counsel --voting" \
               "sam Sam_Shaw acme secretariat"; do
        set -- $who
        "$COUNCIL" member appoint "$1" --name "${2/_/ }" --party "$3" --role "$4" ${5:-} --from 2026-01-01 \
            --email "$1@$3.example" --notice "the party's letter" --store "$store" >/dev/null
    done
    "$COUNCIL" operator sam --store "$store" >/dev/null
}

screen() { tmux capture-pane -p -t "$SESSION"; }

keys() { tmux send-keys -t "$SESSION" "$@"; sleep 0.3; }

typed() { tmux send-keys -t "$SESSION" -l "$1"; sleep 0.3; }

wait_for() {  # wait_for TEXT [SECONDS]: until the screen shows TEXT
    local text=$1 limit=${2:-$TIMEOUT} waited=0
    until screen | grep -qF -- "$text"; do
        sleep 0.5
        waited=$((waited + 1))
        if [ "$waited" -ge $((limit * 2)) ]; then
            say "FAIL ($SIZE): never saw '$text' on screen; it showed:"
            screen >&2
            exit 1
        fi
    done
    sleep 0.7  # what is drawn takes focus a moment later: keys before that are dropped, by design
}

shot() {  # shot NAME: keep the screen as it is now (checked with the others at the end)
    sleep 0.5
    screen >"$OUT/$SIZE-$1.txt"
    if grep -nE 'Traceback|Unexpected error' "$OUT/$SIZE-$1.txt" >&2; then
        say "FAIL ($SIZE, $1): an error on screen"; FAILED=1
    fi
}

area() {  # area KEY NAME TEXT: go to an area with its key, wait for TEXT, capture it
    keys "$1"; wait_for "$3"; shot "area-$2"
}

visit_areas() {  # every area of the area bar, and the sync conflicts screen
    area 1 dashboard "Dashboard"
    area 2 charter "Clause"
    area 4 decisions "Adopt the 2027 budget"
    # (at 80x24 the action table's rows are below the fold: its heading is what shows at both sizes)
    keys Enter; wait_for "Action items"; shot area-decisions-detail; keys Escape
    area 5 disputes "Stage"
    area 6 ip "Asset"
    area 7 exit "Readiness"
    area 8 history "Change"
    area 9 registers "Registers"
    area 0 artifacts "Lineage"
    keys C-k; wait_for "Why"; shot conflicts; keys Escape
    area 3 meetings "MTG-"
}

check() {  # check STORE: every capture of this size against the app's and the store's words
    # Footers must offer "? Keys" where the area has a keys panel (Meetings; not its forms and editor).
    "$PYTHON" "$HERE/check_captures.py" --store "$1" --word "Brief the parties on the budget" \
        --footer "*-meetings*" --footer "*-attendance*" "$OUT/$SIZE"-*.txt >&2 \
        || { say "FAIL ($SIZE): a capture is cut (above)"; FAILED=1; }
}

walk() {  # walk WIDTH HEIGHT: the whole day, in a fresh council
    local width=$1 height=$2 store="$WORK/store-$1x$2"
    SIZE="${width}x${height}"
    found "$store"
    # The window gets its size first and the app starts in it after: started by
    # new-session itself, a slow start (a busy machine) could read the window's
    # first 80x24 and miss the resize that followed.
    tmux new-session -d -s "$SESSION" -x "$width" -y "$height" "sleep 86400"
    tmux resize-window -t "$SESSION" -x "$width" -y "$height"
    tmux respawn-pane -k -t "$SESSION" \
        "env HOME='$HOME' COUNCIL_DATA_DIR='$COUNCIL_DATA_DIR' TERM=$TERM '$COUNCIL' tui --store '$store'"
    wait_for "Dashboard" 120
    shot dashboard

    keys 3; wait_for "No meetings yet"; shot meetings-empty
    keys s; wait_for "Schedule a meeting"
    keys End C-u; typed "$YESTERDAY"; keys Tab Tab; typed "Budget meeting"; shot schedule-form
    keys C-s; wait_for "Meeting scheduled on $YESTERDAY"
    keys g; wait_for "Add an agenda item"; typed "The budget for 2027"; keys C-s
    wait_for "1. The budget for 2027"; shot meetings-scheduled
    keys t; wait_for "A All present"; keys A; wait_for "(unsaved)"; shot attendance-marked
    keys C-s; wait_for "recorded"; shot attendance-saved
    keys Escape; keys m; wait_for "Vote on a motion"; keys F; shot vote-marked
    keys C-s; wait_for "Give the decision a title"; typed "Adopt the 2027 budget"
    # Seven fields on from the title (motion, tier, moved, seconded, sensitivity, rationale): the action items.
    keys Tab Tab Tab Tab Tab Tab Tab; typed "Brief the parties on the budget; sam; 2027-01-31"; shot vote-action
    keys C-s
    wait_for "Record the vote on"; shot vote-confirm; keys y
    wait_for "recorded: passed"; shot meetings-decided
    keys w; wait_for "## Business"; shot minutes-template
    keys C-o; wait_for "Circulate the minutes?"; keys y; wait_for "Circulated:"; shot minutes-circulated
    keys Escape; typed "?"; wait_for "Focus Next"; shot meetings-keys; typed "?"

    keys s; wait_for "Schedule a meeting"; keys End C-u; typed "$TODAY"; keys C-s
    wait_for "Meeting scheduled on $TODAY"; shot meetings-second
    # Today's agenda goes out today (yesterday's could not: a meeting never precedes its agenda).
    # (the notice wraps at 80 columns: its first words are what is waited for)
    keys c; wait_for "Circulate the agenda?"; keys y; wait_for "Agenda of"; shot agenda-circulated
    keys t; wait_for "A All present"; keys A C-s; wait_for "02 recorded"
    keys Escape; keys p; wait_for "Approve the minutes of"; shot approve-minutes
    keys C-r; wait_for "as read?"; keys y; wait_for "approved"; shot meetings-approved
    keys k; wait_for "Print which document"; keys Enter; wait_for "Wrote the"; shot pack-printed
    keys Down; sleep 1; keys k; wait_for "Print which document"; keys Down Enter
    wait_for "minutes"; wait_for "Wrote the"; shot minutes-printed
    visit_areas
    keys C-q; sleep 1
    cleanup

    local packs="$COUNCIL_DATA_DIR/packs"
    ls "$packs"/*-pack.md "$packs"/*-minutes.md >/dev/null || { say "FAIL ($SIZE): no pack in $packs"; FAILED=1; }
    grep -q "Adopt the 2027 budget" "$packs"/*-minutes.md || { say "FAIL ($SIZE): the minutes lack the vote"; FAILED=1; }
    grep -q "Brief the parties on the budget" "$packs"/*-minutes.md "$OUT/$SIZE"-area-decisions*.txt \
        || { say "FAIL ($SIZE): the decision's action item is nowhere"; FAILED=1; }
    "$COUNCIL" verify --store "$store" >/dev/null || { say "FAIL ($SIZE): council verify"; FAILED=1; }
    check "$store"
    rm -rf "$packs"
}

walk 160 45
walk 80 24
if [ "$FAILED" -ne 0 ]; then
    say "The walk-through found problems; the screens are in $OUT"
    exit 1
fi
say "The secretariat's day walked at 160x45 and 80x24; the screens are in $OUT"
