#!/bin/sh
# tests/tui/playbooks.sh - placeholder.
. "$top_srcdir/tests/lib.sh"
pass placeholder
finish
