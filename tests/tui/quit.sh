#!/bin/sh
# tests/tui/quit.sh - leaving herald gives the terminal back as it was:
# Q from every screen, q and Esc on home, Ctrl-C anywhere (also while a
# question waits for its answer), SIGTERM, and a fatal signal; each time
# the tty modes restored, the alternate screen left, the cursor shown.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

# quit_from NAME TITLE KEY...: open a screen with KEYs, then Q.
quit_from() {
	tt_qname=$1 tt_qtitle=$2
	shift 2
	start "$tt_qname" 80 24
	expect_row 0 "herald › Home"
	[ $# -gt 0 ] && keys "$@"
	expect_row 0 "herald › $tt_qtitle" "${*:-no key}: $tt_qtitle"
	keys Q
	expect_exit
}

quit_from home "Home"
quit_from incidents "Incidents" I
quit_from incident "Incident " I Enter
quit_from pane "Incident " I Enter Tab Tab
quit_from products "Products and lifecycle" P
quit_from audit "Audit log" A
quit_from users "Users and roles" U
quit_from help "Help" I ?

# q and Esc leave from home, the bottom of the stack.
start q 80 24
expect_row 0 "herald › Home"
keys I Enter
expect_row 0 "herald › Incident "
keys q
expect_row 0 "herald › Incidents"
keys q
expect_row 0 "herald › Home"
keys q
expect_exit

start esc 80 24
expect_row 0 "herald › Home"
keys Escape
expect_exit

# Ctrl-C: on home, deep in the stack, and at a question.
start ctrl-c 80 24
expect_row 0 "herald › Home"
keys C-c
expect_exit

start ctrl-c-deep 80 24
keys A
expect_row 0 "herald › Audit log"
keys C-c
expect_exit

start ctrl-c-prompt 80 24
keys I
expect_row 0 "herald › Incidents"
keys /
expect_row 23 "Search:"
type_text Harb
keys C-c
expect_exit

start ctrl-c-filter 80 24
keys I f
expect_row 23 "Filter (e.g."
keys C-c
expect_exit

# SIGTERM, as a shutdown or a supervisor sends it.
start term 80 24
keys P
expect_row 0 "herald › Products and lifecycle"
signal TERM
expect_exit

# A fatal signal: herald still dies of it (status 128 + 11), but puts the
# terminal back first.
start fatal 80 24
keys I
expect_row 0 "herald › Incidents"
signal SEGV
expect_exit 139

finish
