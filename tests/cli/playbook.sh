#!/bin/sh
# tests/cli/playbook.sh - placeholder.
. "$top_srcdir/tests/lib.sh"
pass placeholder
finish
