# tests/tui/lib.sh - drive herald's console in a private tmux server, as a
# person at a terminal would, one line a step, and report in TAP.
#
# Sourced by tests/tui/*.sh (POSIX sh). Needs $HERALD; make check also sets
# $top_srcdir and $top_builddir. Exits 77 (skip) when tmux is missing.
#
#   setup                          pinned clock, zone, locale, HOME; tmux server
#   start NAME [COLS ROWS] [VAR=VALUE...] [-- ARGS...]
#                                  herald ARGS (default: a fresh copy of the
#                                  demo database, as alice) in session NAME,
#                                  80x24 unless told; waits for its first screen
#   use NAME                       later steps act on session NAME
#   keys KEY...                    tmux key names: j Enter Escape Tab C-c NPage
#   type_text TEXT                 TEXT as typed, character by character
#   signal SIG                     send SIG (TERM, HUP...) to herald
#   expect TEXT [WHY]              wait until the screen shows TEXT
#   expect_not TEXT [WHY]          wait until it no longer does
#   expect_row N TEXT [WHY]        wait until row N (0 = top) contains TEXT
#   expect_selected TEXT [WHY]     wait until the highlighted row contains TEXT
#   expect_cursor COL ROW [WHY]    wait until the terminal cursor shows at
#                                  COL, ROW (0-based), where typing goes
#   resize COLS ROWS               resize the terminal and wait until it is
#   expect_exit [STATUS]           herald ended with STATUS (0) and gave the
#                                  terminal back as it found it
#   demo_copy NAME                 a fresh copy of the demo database at $DB
#   use_playbook NAME              tests/fixtures/playbooks/NAME.yaml becomes
#                                  one of the person's own playbooks
#   fake_editor TEXT               $ED: an "editor" that writes TEXT (printf's
#                                  format) to its file
#   move_to TEXT [WHY]             j down a list until the highlighted row
#                                  contains TEXT
#   start_comm PLAYBOOK [WHY]      from the home screen: the first incident, c,
#                                  PLAYBOOK; waits for the runner
#   open_comm TITLE [WHY]          from the home screen: the first incident's
#                                  communication TITLE in the runner
#   audit_log                      $AUDIT: the audit log of $DB; $COMM: the
#                                  first communication it says was created
#   audit_count ACTION             rows of ACTION (answer.set) for $COMM
#   check WHY COMMAND...           ok when COMMAND succeeds
#   finish                         print the plan; exit 1 if anything failed
#
# Each expect is one "ok N - ..." or "not ok N - ..." line; a failure dumps
# the screen as "#" lines. Every wait polls the screen every 0.1 s for at
# most TT_TIMEOUT seconds (10; 30 under AddressSanitizer): nothing sleeps
# blindly. The tmux server and the temporary directory go on every exit.

HERALD=${HERALD:-${top_builddir:-.}/herald}
TT_FIXTURES=${top_srcdir:-$(dirname "$0")/../..}/tests/fixtures
tt_n=0
tt_failed=0
tt_cur=
TT_DIR=
TT_SOCK="herald-t$$"

ok() { tt_n=$((tt_n + 1)); echo "ok $tt_n - $*"; }
not_ok() { tt_n=$((tt_n + 1)); tt_failed=$((tt_failed + 1)); echo "not ok $tt_n - $*"; }
# Print "#"-prefixed lines (kept in the test's log, ignored by TAP).
note() { printf '%s\n' "$@" | sed 's/^/# /'; }
note_stdin() { sed 's/^/#   |/'; }

# check WHY COMMAND...: ok if the command succeeds.
check() {
	tt_why=$1
	shift
	if "$@"; then ok "$tt_why"; else not_ok "$tt_why"; fi
}

# Stop the test (not ok) when it cannot go on.
bail() {
	not_ok "$*"
	finish
}

# Whether $HERALD was built with AddressSanitizer (about 3x slower).
is_asan() { ldd "$HERALD" 2>/dev/null | grep -q 'libasan'; }

setup() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "1..0 # SKIP tmux is not installed"
		exit 77
	fi
	[ -x "$HERALD" ] || { echo "not ok 1 - no herald binary at $HERALD"; exit 1; }
	if [ -z "${TT_TIMEOUT:-}" ]; then
		TT_TIMEOUT=10
		is_asan && TT_TIMEOUT=30
	fi
	TT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/herald-tui.XXXXXX") || exit 1
	trap tt_cleanup EXIT
	trap 'exit 1' HUP INT TERM
	mkdir -p "$TT_DIR/home/.config" "$TT_DIR/home/.local/share" \
	    "$TT_DIR/home/.local/state" "$TT_DIR/home/.cache"
	HOME=$TT_DIR/home
	XDG_CONFIG_HOME=$HOME/.config
	XDG_DATA_HOME=$HOME/.local/share
	XDG_STATE_HOME=$HOME/.local/state
	XDG_CACHE_HOME=$HOME/.cache
	TZ=UTC
	LANG=C.UTF-8
	LC_ALL=C.UTF-8
	TERM=xterm-256color
	HERALD_NOW=2026-03-01T12:00:00Z
	export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME \
	    TZ LANG LC_ALL TERM HERALD_NOW
	# ncurses would take a fixed size from LINES and COLUMNS, and resizing
	# would stop working.
	unset NO_COLOR HERALD_DB VISUAL EDITOR TMUX TMUX_PANE LINES COLUMNS
	# The server's socket goes in the temporary directory, and with it
	# (tmux leaves the socket file behind when its server is killed).
	TMUX_TMPDIR=$TT_DIR
	export TMUX_TMPDIR
	# The terminal type inside tmux: the first one terminfo knows.
	TT_TERM=screen
	for t in tmux-256color screen-256color; do
		if infocmp "$t" >/dev/null 2>&1; then
			TT_TERM=$t
			break
		fi
	done
	tt_tmux start-server \; \
	    set-option -g default-terminal "$TT_TERM" \; \
	    set-option -g default-shell /bin/sh \; \
	    set-option -g exit-empty off \; \
	    set-option -g history-limit 0 \; \
	    set-option -wg remain-on-exit on ||
	    { echo "not ok 1 - cannot start a tmux server"; exit 1; }
}

# The panes' shells may still be writing a status file as the server
# goes, so the directory is removed until it stays gone.
tt_cleanup() {
	tmux -L "$TT_SOCK" kill-server >/dev/null 2>&1 || :
	[ -n "$TT_DIR" ] || return 0
	tt_i=0
	while [ -e "$TT_DIR" ] && [ "$tt_i" -lt 50 ]; do
		rm -rf "$TT_DIR" 2>/dev/null || sleep 0.1
		tt_i=$((tt_i + 1))
	done
}

tt_tmux() { tmux -L "$TT_SOCK" -f /dev/null "$@"; }

# Quote $1 for sh: 'it'\''s'.
tt_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# The demo database, made once per test script with the pinned clock.
tt_demo() {
	[ -f "$TT_DIR/demo.db" ] && return 0
	"$HERALD" demo --no-console --db "$TT_DIR/demo.db" \
	    >"$TT_DIR/demo.out" 2>&1 </dev/null && return 0
	note_stdin <"$TT_DIR/demo.out"
	bail "herald demo --no-console makes a demo database"
}

# demo_copy NAME: a fresh copy of the demo database at $DB.
demo_copy() {
	tt_demo
	DB=$TT_DIR/$1.db
	cp "$TT_DIR/demo.db" "$DB" || bail "copy the demo database"
}

# use_playbook NAME: the fixture NAME.yaml in the person's config directory,
# which comes before the shipped playbooks.
use_playbook() {
	mkdir -p "$XDG_CONFIG_HOME/herald/playbooks" &&
	    cp "$TT_FIXTURES/playbooks/$1.yaml" "$XDG_CONFIG_HOME/herald/playbooks/" ||
	    bail "use the playbook $1"
}

# fake_editor TEXT: $ED writes TEXT, a printf format, over the file it is
# given, as a person would in an editor.
fake_editor() {
	ED=$TT_DIR/ed.sh
	printf '#!/bin/sh\nprintf %s >"$1"\n' "$(tt_quote "$1")" >"$ED" &&
	    chmod +x "$ED" || bail "write the editor $ED"
}

# start NAME [COLS ROWS] [VAR=VALUE...] [-- ARGS...]
# The pane runs a shell that notes the terminal's modes, runs herald, then
# writes herald's exit status and whether the modes came back to a file
# (tmux 3.3 does not always report a dead pane's status), and waits for a
# line: tmux resets some of a pane's flags when it dies, so expect_exit
# reads them first, then ends the shell. The shell catches SIGINT, so
# Ctrl-C reaches herald alone and the shell goes on.
start() {
	tt_name=$1
	shift
	tt_cols=80 tt_rows=24
	case ${1:-} in
	[0-9]*) tt_cols=$1 tt_rows=$2; shift 2 ;;
	esac
	tt_env="env"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		tt_env="$tt_env $(tt_quote "$1")"
		shift
	done
	[ "${1:-}" = "--" ] && shift
	if [ $# -eq 0 ]; then
		demo_copy "$tt_name"
		set -- --db "$DB" --as alice
	fi
	# herald's pid goes to NAME.pid: a shell writes its own, then
	# becomes herald.
	tt_cmd='sh -c '"'"'echo $$ >"$1"; shift; exec "$@"'"'"' sh'
	tt_cmd="$tt_cmd $(tt_quote "$TT_DIR/$tt_name.pid") $tt_env $(tt_quote "$HERALD")"
	for a in "$@"; do
		tt_cmd="$tt_cmd $(tt_quote "$a")"
	done
	tt_st=$(tt_quote "$TT_DIR/$tt_name.status")
	rm -f "$TT_DIR/$tt_name.status" "$TT_DIR/$tt_name.pid"
	tt_tmux kill-session -t "=$tt_name" >/dev/null 2>&1 || :
	tt_tmux new-session -d -s "$tt_name" -x "$tt_cols" -y "$tt_rows" \
	    "trap : INT; m0=\$(stty -g); $tt_cmd; rc=\$?; m1=\$(stty -g);
	    t=restored; [ \"\$m0\" = \"\$m1\" ] || t=changed;
	    echo \"\$rc \$t\" >$tt_st.new && mv $tt_st.new $tt_st; read -r x" ||
	    bail "tmux starts session $tt_name"
	tt_cur=$tt_name
	# The first screen, before any key: keys sent earlier would reach a
	# terminal still in cooked mode.
	if ! tt_poll tt_started; then
		not_ok "[$tt_cur] herald draws its first screen"
		tt_dump
	fi
}

tt_started() {
	tt_has_exited || [ -n "$(tt_screen | sed -n 1p | tr -d ' ')" ]
}

use() { tt_cur=$1; }

# The screen of the current session as text, one line per row.
tt_screen() { tt_tmux capture-pane -p -t "=$tt_cur:" 2>/dev/null; }

# Show the screen, with row numbers, as notes.
tt_dump() {
	note "screen of [$tt_cur] ($(tt_tmux display-message -p -t "=$tt_cur:" \
	    '#{pane_width}x#{pane_height}' 2>/dev/null)):"
	tt_screen | awk '{ printf "%2d|%s\n", NR - 1, $0 }' | note_stdin
}

# Poll until COMMAND... succeeds or TT_TIMEOUT seconds pass.
tt_poll() {
	tt_i=0
	while :; do
		"$@" && return 0
		[ "$tt_i" -ge $((TT_TIMEOUT * 10)) ] && return 1
		sleep 0.1
		tt_i=$((tt_i + 1))
	done
}

# Poll the screen until COMMAND... succeeds; give up at once when herald
# has exited and the screen still does not match, saying how it ended.
tt_wait() {
	tt_i=0
	while :; do
		"$@" && return 0
		if tt_has_exited; then
			"$@" && return 0
			note "herald has exited: $(cat "$TT_DIR/$tt_cur.status")"
			return 1
		fi
		[ "$tt_i" -ge $((TT_TIMEOUT * 10)) ] && return 1
		sleep 0.1
		tt_i=$((tt_i + 1))
	done
}

keys() { tt_tmux send-keys -t "=$tt_cur:" "$@"; }

# signal SIG: send SIG to the herald of the current session (by its pid).
signal() {
	tt_pid=$(cat "$TT_DIR/$tt_cur.pid" 2>/dev/null)
	[ -n "$tt_pid" ] && kill -s "$1" "$tt_pid" ||
	    not_ok "[$tt_cur] send SIG$1 to herald"
}
type_text() { tt_tmux send-keys -t "=$tt_cur:" -l -- "$1"; }

tt_has() { tt_screen | grep -qF -- "$1"; }
tt_lacks() { ! tt_has "$1"; }

# expect TEXT [WHY]
expect() {
	if tt_wait tt_has "$1"; then
		ok "[$tt_cur] ${2:-shows \"$1\"}"
	else
		not_ok "[$tt_cur] ${2:-shows \"$1\"}"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for: $1"
		tt_dump
	fi
}

# expect_not TEXT [WHY]
expect_not() {
	if tt_wait tt_lacks "$1"; then
		ok "[$tt_cur] ${2:-no longer shows \"$1\"}"
	else
		not_ok "[$tt_cur] ${2:-no longer shows \"$1\"}"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for this to go: $1"
		tt_dump
	fi
}

# Row $1 (0-based) of the screen.
tt_row() { tt_screen | sed -n "$(($1 + 1))p"; }
tt_row_has() { tt_row "$1" | grep -qF -- "$2"; }

# expect_row N TEXT [WHY]
expect_row() {
	if tt_wait tt_row_has "$1" "$2"; then
		ok "[$tt_cur] ${3:-row $1 shows \"$2\"}"
	else
		not_ok "[$tt_cur] ${3:-row $1 shows \"$2\"}"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for row $1 to show: $2"
		tt_dump
	fi
}

# The highlighted (reverse video) rows, leaving out the title and status
# lines: the selected row of a list.
tt_selected() {
	tt_tmux capture-pane -e -p -t "=$tt_cur:" 2>/dev/null |
	    sed '1d;$d' | grep -E "$(printf '\033')\\[([0-9]+;)*7(;[0-9]+)*m" |
	    sed "s/$(printf '\033')\\[[0-9;]*m//g"
}
tt_selected_has() { tt_selected | grep -qF -- "$1"; }

tt_selection_moved() { [ "$(tt_selected)" != "$1" ]; }

# move_to TEXT [WHY]: one j at a time, each seen on the screen before the
# next, so it never goes past; it stops at the end of the list.
move_to() {
	tt_wait tt_has "$1"
	tt_k=0
	while ! tt_selected_has "$1" && [ "$tt_k" -lt 50 ]; do
		tt_sel=$(tt_selected)
		keys j
		tt_poll tt_selection_moved "$tt_sel" || break
		tt_k=$((tt_k + 1))
	done
	expect_selected "$1" "${2:-j moves to \"$1\"}"
}

# expect_selected TEXT [WHY]
expect_selected() {
	if tt_wait tt_selected_has "$1"; then
		ok "[$tt_cur] ${2:-the selected row shows \"$1\"}"
	else
		not_ok "[$tt_cur] ${2:-the selected row shows \"$1\"}"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for the selected row" \
		    "to show: $1" "highlighted now:"
		tt_selected | note_stdin
		tt_dump
	fi
}

tt_cursor_is() {
	[ "$(tt_flag cursor_flag),$(tt_flag cursor_x),$(tt_flag cursor_y)" = "1,$1,$2" ]
}

# expect_cursor COL ROW [WHY]
expect_cursor() {
	if tt_wait tt_cursor_is "$1" "$2"; then
		ok "[$tt_cur] ${3:-the cursor is at column $1, row $2}"
	else
		not_ok "[$tt_cur] ${3:-the cursor is at column $1, row $2}"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for the cursor" \
		    "at $1,$2; it is at $(tt_flag cursor_x),$(tt_flag cursor_y)," \
		    "shown: $(tt_flag cursor_flag)"
		tt_dump
	fi
}

tt_size_is() {
	[ "$(tt_tmux display-message -p -t "=$tt_cur:" \
	    '#{pane_width}x#{pane_height}' 2>/dev/null)" = "$1" ]
}

# resize COLS ROWS: silent unless the terminal does not take the size.
resize() {
	tt_tmux resize-window -t "=$tt_cur:" -x "$1" -y "$2"
	tt_poll tt_size_is "$1x$2" && return 0
	not_ok "[$tt_cur] the terminal becomes $1x$2"
	tt_dump
}

tt_has_exited() { [ -s "$TT_DIR/$tt_cur.status" ]; }

# A pane flag, as tmux tracks it from what herald wrote to the terminal.
tt_flag() { tt_tmux display-message -p -t "=$tt_cur:" "#{$1}" 2>/dev/null; }

# expect_exit [STATUS]: herald ended with STATUS (default 0), the pane's
# terminal has its modes back (stty), the alternate screen is left and
# herald's screen gone, the cursor shows again, and mouse reporting and
# keypad mode are off. Then the pane's shell ends and the session closes.
expect_exit() {
	tt_want=${1:-0}
	tt_why="[$tt_cur] herald exits with status $tt_want and restores the terminal"
	if ! tt_poll tt_has_exited; then
		not_ok "$tt_why"
		note "timed out after ${TT_TIMEOUT}s waiting for herald to exit"
		tt_dump
		return
	fi
	read -r tt_rc tt_modes <"$TT_DIR/$tt_cur.status"
	tt_bad=
	[ "$tt_rc" = "$tt_want" ] || tt_bad="$tt_bad status $tt_rc;"
	[ "$tt_modes" = restored ] || tt_bad="$tt_bad stty modes changed;"
	[ "$(tt_flag alternate_on)" = 0 ] || tt_bad="$tt_bad still on the alternate screen;"
	tt_poll tt_lacks "herald ›" || tt_bad="$tt_bad herald's screen still shows;"
	[ "$(tt_flag cursor_flag)" = 1 ] || tt_bad="$tt_bad cursor hidden;"
	[ "$(tt_flag mouse_any_flag)" = 0 ] || tt_bad="$tt_bad mouse reporting on;"
	[ "$(tt_flag keypad_cursor_flag)" = 0 ] || tt_bad="$tt_bad keypad cursor mode on;"
	[ "$(tt_flag keypad_flag)" = 0 ] || tt_bad="$tt_bad keypad mode on;"
	keys Enter
	tt_poll tt_pane_dead || tt_bad="$tt_bad the pane's shell did not end;"
	if [ -z "$tt_bad" ]; then
		ok "$tt_why"
	else
		not_ok "$tt_why"
		note "wrong:$tt_bad"
		tt_dump
	fi
	tt_tmux kill-session -t "=$tt_cur" >/dev/null 2>&1 || :
}

# start_comm PLAYBOOK [WHY]: start a communication about the first incident
# of the list, from the home screen.
start_comm() {
	keys I
	expect_row 0 "herald › Incidents"
	keys Enter
	expect_row 0 "herald › Incident " "Enter opens the incident"
	keys c
	move_to "$1" "c lists the playbook $1"
	keys Enter
	expect_row 0 "herald › Playbook" "${2:-choosing $1 starts it and opens the runner}"
}

# open_comm TITLE [WHY]: open the communication TITLE of the first incident
# of the list, from the home screen.
open_comm() {
	keys I
	expect_row 0 "herald › Incidents"
	keys Enter
	expect_row 0 "herald › Incident " "Enter opens the incident"
	keys Tab Tab
	move_to "$1" "the Communications pane lists $1"
	keys Enter
	expect_row 0 "herald › Playbook" "${2:-Enter opens $1 in the runner}"
}

# audit_log: the whole audit log of $DB in the file $AUDIT, and in $COMM
# the id of the first communication created ("" when none).
audit_log() {
	AUDIT=$TT_DIR/audit.txt
	"$HERALD" --db "$DB" audit log --limit 0 >"$AUDIT" ||
	    bail "herald audit log of $DB"
	COMM=$(grep -o 'communication\.create *communication:[0-9]*' "$AUDIT" |
	    head -1 | sed 's/.*://')
}

# audit_count ACTION: how many rows of ACTION (a regular expression, as
# answer\.set) the audit log has for communication $COMM.
audit_count() { grep -c "$1 *communication:$COMM " "$AUDIT"; }

tt_pane_dead() { [ "$(tt_flag pane_dead)" = 1 ]; }

# Print the plan and exit 1 if anything failed.
finish() {
	echo "1..$tt_n"
	[ "$tt_failed" -eq 0 ] || exit 1
	exit 0
}
