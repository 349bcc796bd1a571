#!/bin/sh
# tests/tui/conflict.sh - placeholder.
. "$top_srcdir/tests/lib.sh"
pass placeholder
finish
