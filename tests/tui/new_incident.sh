#!/bin/sh
# tests/tui/new_incident.sh - placeholder.
. "$top_srcdir/tests/lib.sh"
pass placeholder
finish
