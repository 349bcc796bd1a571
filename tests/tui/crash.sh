#!/bin/sh
# tests/tui/crash.sh - placeholder.
. "$top_srcdir/tests/lib.sh"
pass placeholder
finish
