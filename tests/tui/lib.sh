# tests/tui/lib.sh - drive herald's console in a private tmux server, as a
# person at a terminal would, and report in TAP ("ok N - ...").
#
# Sourced by tests/tui/*.sh (POSIX sh). Needs $HERALD; make check also sets
# $top_srcdir and $top_builddir. Exits 77 (skip) when tmux is missing.
# Every wait polls the screen with a bounded timeout; nothing sleeps blindly.

HERALD=${HERALD:-${top_builddir:-.}/herald}
TT_TIMEOUT=${TT_TIMEOUT:-10}   # seconds to wait for the screen to change
tt_n=0
tt_failed=0

ok() { tt_n=$((tt_n + 1)); echo "ok $tt_n - $*"; }
not_ok() { tt_n=$((tt_n + 1)); tt_failed=$((tt_failed + 1)); echo "not ok $tt_n - $*"; }
# Say "#"-prefixed lines on stdout (kept in the test's log).
note() { printf '%s\n' "$@" | sed 's/^/# /'; }

# check DESCRIPTION COMMAND...: ok if the command succeeds.
check() {
	tt_desc=$1
	shift
	if "$@"; then ok "$tt_desc"; else not_ok "$tt_desc"; fi
}

# check_eq DESCRIPTION GOT WANT: ok if GOT equals WANT; else show both.
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		note "got:  $2" "want: $3"
	fi
}

# Stop the test (not ok) when setup cannot continue.
bail() {
	not_ok "$*"
	exit 1
}

# Set up a deterministic environment and a private tmux server.
tt_setup() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "1..0 # SKIP tmux is not installed"
		exit 77
	fi
	[ -x "$HERALD" ] || { echo "not ok 1 - no herald binary at $HERALD"; exit 1; }
	TT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/herald-tui.XXXXXX") || exit 1
	TT_SOCK="herald-t$$"
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
	unset NO_COLOR HERALD_DB VISUAL EDITOR TMUX TMUX_PANE
	# The terminal type inside tmux: the first one terminfo knows.
	TT_TERM=screen
	for t in tmux-256color screen-256color; do
		if infocmp "$t" >/dev/null 2>&1; then
			TT_TERM=$t
			break
		fi
	done
}

tt_cleanup() {
	tmux -L "$TT_SOCK" kill-server >/dev/null 2>&1 || :
	rm -rf "$TT_DIR"
}

tt_tmux() { tmux -L "$TT_SOCK" -f /dev/null "$@"; }

# Quote $1 for sh: 'it'\''s'.
tt_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# tt_start NAME COLS ROWS [VAR=VALUE...] -- ARGS...: run herald ARGS in a new
# detached session NAME of COLS x ROWS. The pane stays after herald exits,
# so the last screen can still be read, and herald's exit status is written
# to a file for tt_wait_exit (tmux 3.3 does not always report it).
tt_start() {
	tt_name=$1 tt_cols=$2 tt_rows=$3
	shift 3
	rm -f "$TT_DIR/$tt_name.status"
	tt_cmd="env"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		tt_cmd="$tt_cmd $(tt_quote "$1")"
		shift
	done
	[ "${1:-}" = "--" ] && shift
	tt_cmd="$tt_cmd $(tt_quote "$HERALD")"
	for a in "$@"; do
		tt_cmd="$tt_cmd $(tt_quote "$a")"
	done
	tt_st=$(tt_quote "$TT_DIR/$tt_name.status")
	tt_cmd="$tt_cmd; echo \$? >$tt_st.new && mv $tt_st.new $tt_st"
	tt_tmux start-server \; \
	    set-option -g default-terminal "$TT_TERM" \; \
	    set-option -g default-shell /bin/sh \; \
	    set-option -g exit-empty off \; \
	    set-option -wg remain-on-exit on \; \
	    new-session -d -s "$tt_name" -x "$tt_cols" -y "$tt_rows" "$tt_cmd"
}

# The screen of session NAME as text, one line per row.
tt_screen() { tt_tmux capture-pane -p -t "$1"; }

# Row Y (0-based) of session NAME, trailing blanks removed.
tt_row() { tt_screen "$1" | sed -n "$(($2 + 1))p" | sed 's/[[:space:]]*$//'; }

# Poll until COMMAND... succeeds or TT_TIMEOUT seconds pass.
tt_poll() {
	tt_i=0
	while [ "$tt_i" -lt $((TT_TIMEOUT * 10)) ]; do
		"$@" && return 0
		sleep 0.1
		tt_i=$((tt_i + 1))
	done
	return 1
}

tt_has_text() { tt_screen "$1" | grep -qF -- "$2"; }

# Wait until session NAME shows TEXT; on timeout print the screen as notes.
tt_wait_text() {
	tt_poll tt_has_text "$1" "$2" && return 0
	note "timed out after ${TT_TIMEOUT}s waiting for: $2" "screen:"
	tt_screen "$1" | note_stdin
	return 1
}

note_stdin() { sed 's/^/#   |/'; }

tt_row_is() { [ "$(tt_row "$1" "$2")" = "$3" ]; }

# Wait until row Y of session NAME reads exactly TEXT (trailing blanks aside).
tt_wait_row() {
	tt_poll tt_row_is "$1" "$2" "$3" && return 0
	note "timed out after ${TT_TIMEOUT}s waiting for row $2 to read:" \
	    "  $3" "it reads:" "  $(tt_row "$1" "$2")" "screen:"
	tt_screen "$1" | note_stdin
	return 1
}

tt_row_like() {
	tt_rl=$(tt_row "$1" "$2")
	case $tt_rl in
	$3) return 0 ;;
	esac
	return 1
}

# Wait until row Y of session NAME matches the shell pattern PATTERN.
tt_wait_row_like() {
	tt_poll tt_row_like "$1" "$2" "$3" && return 0
	note "timed out after ${TT_TIMEOUT}s waiting for row $2 to match:" \
	    "  $3" "it reads:" "  $(tt_row "$1" "$2")"
	return 1
}

tt_lacks_text() { ! tt_has_text "$1" "$2"; }

tt_has_exited() { [ -s "$TT_DIR/$1.status" ]; }

# Wait until herald in session NAME exits; print its exit status.
tt_wait_exit() {
	if ! tt_poll tt_has_exited "$1"; then
		note "timed out after ${TT_TIMEOUT}s waiting for herald to exit"
		tt_screen "$1" | note_stdin
		return 1
	fi
	cat "$TT_DIR/$1.status"
}

tt_keys() { tt_name=$1; shift; tt_tmux send-keys -t "$tt_name" "$@"; }
tt_kill() { tt_tmux kill-session -t "$1" >/dev/null 2>&1 || :; }

# Print the plan and exit 1 if anything failed.
tt_done() {
	echo "1..$tt_n"
	[ "$tt_failed" -eq 0 ] || exit 1
	exit 0
}
