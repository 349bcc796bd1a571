#!/bin/sh
# tests/tui/home.sh - the console's home screen in a real terminal (tmux):
# title, status line, the incident list with UTF-8 titles fitted by display
# columns, resizing, and leaving with q or Esc with the terminal restored.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

tt_setup
DB=$TT_DIR/home.db
EMPTY=$TT_DIR/empty.db

# The data, made with the command line as a person would.
run() {
	"$@" >"$TT_DIR/run.out" 2>&1 && return 0
	note_stdin <"$TT_DIR/run.out"
	bail "$*"
}
run "$HERALD" --db "$DB" --as ada init --testing
run "$HERALD" --db "$DB" --as ada user grant ada author
run "$HERALD" --db "$DB" --as ada user add bea --role sro --role approver:legal
new_incident() {
	run "$HERALD" --db "$DB" --as ada incident new --title "$1" \
	    --trigger "$2" --severity "$3"
}
new_incident "Heap overflow in the YAML parser" vulnerability high
new_incident "Données clients: 客户数据泄露事件调查报告与后续处理措施说明" data-breach critical
new_incident "Signing key found in a public CI log" credential-leak medium
run "$HERALD" --db "$EMPTY" --as ada init --testing

# Colours, read from the screen with its escape sequences (SGR 30-38, 90-97).
tt_lacks_colour() {
	! tt_tmux capture-pane -e -p -t "$1" |
	    grep -qE '\[([0-9]+;)*(3[0-8]|9[0-7])(;[0-9]+)*m'
}
tt_shows_red() {
	tt_tmux capture-pane -e -p -t "$1" |
	    grep -qE "\\[([0-9]+;)*31(;[0-9]+)*m$2"
}

# At 80x24 the title column is 43 wide: the CJK title stops before the
# double-width character that would cross column 42, then an ellipsis.
CJK_80=' SEC-2026-002  critical  open       Données clients: 客户数据泄露事件调查报告…'
CJK_100=' SEC-2026-002  critical  open       Données clients: 客户数据泄露事件调查报告与后续处理措施说明'

tt_start home 80 24 -- --db "$DB" --as ada
check "the title names the database" tt_wait_text home "herald — $DB"
check "title on the first row" tt_wait_row home 0 "herald — $DB"
check "counts by state" tt_wait_row home 2 \
    " Incidents: 3 (3 open, 0 contained, 0 resolved, 0 closed)"
check "column headings" tt_wait_row home 4 \
    " ID            SEVERITY  STATE      TITLE"
check "newest incident first" tt_wait_row home 5 \
    " SEC-2026-003  medium    open       Signing key found in a public CI log"
check "CJK title truncated by display columns at 80" tt_wait_row home 6 "$CJK_80"
check "oldest incident last" tt_wait_row home 7 \
    " SEC-2026-001  high      open       Heap overflow in the YAML parser"
check "status line: login, roles, schema, keys" tt_wait_row_like home 23 \
    " ada  admin,author  schema [0-9]*q quit"
# wc -L counts display columns (a CJK character takes two).
wide=$(tt_screen home | wc -L)
check "no row wider than the terminal" [ "$wide" -le 80 ]

# Resize: the layout follows the terminal both ways.
tt_tmux resize-window -t home -x 100 -y 30
check "at 100x30 the status line moves to the new last row" \
    tt_wait_row_like home 29 " ada  admin,author  schema *"
check "at 100x30 the CJK title fits whole" tt_wait_row home 6 "$CJK_100"
tt_tmux resize-window -t home -x 80 -y 24
check "back at 80x24 the title is truncated again" tt_wait_row home 6 "$CJK_80"
check "back at 80x24 the status line is on row 24" \
    tt_wait_row_like home 23 " ada  admin,author  schema *"

# q leaves, exit status 0, and the terminal is given back (no console left).
tt_keys home q
rc=$(tt_wait_exit home)
check_eq "q quits with status 0" "$rc" 0
check "the terminal is restored after q" tt_poll tt_lacks_text home SEVERITY
tt_kill home

# Someone herald does not know sees the data read-only; Esc leaves.
tt_start ro 80 24 NO_COLOR=1 -- --db "$DB" --as grace
check "an unknown login is told it is read-only" \
    tt_wait_text ro " grace  read-only: not a herald user  schema "
check "NO_COLOR: no colour on screen" tt_lacks_colour ro
tt_keys ro Escape
rc=$(tt_wait_exit ro)
check_eq "Esc quits with status 0" "$rc" 0
tt_kill ro

# With colour allowed, severities are coloured; roles are joined by commas.
tt_start colour 80 24 -- --db "$DB" --as bea
check "another user sees their own roles" \
    tt_wait_text colour " bea  approver:legal,sro  schema "
check "without NO_COLOR high severity is red" tt_shows_red colour high
tt_keys colour Q
rc=$(tt_wait_exit colour)
check_eq "Q quits with status 0" "$rc" 0
tt_kill colour

# An empty database says so.
tt_start empty 80 24 -- --db "$EMPTY" --as ada
check "an empty database shows zero counts" tt_wait_row empty 2 \
    " Incidents: 0 (0 open, 0 contained, 0 resolved, 0 closed)"
check "and says how to open an incident" tt_wait_text empty "No incidents yet"
tt_keys empty q
rc=$(tt_wait_exit empty)
check_eq "q quits the empty console with status 0" "$rc" 0
tt_kill empty

tt_done
