#!/bin/sh
# tests/cli/cvss.sh - placeholder.
. "$top_srcdir/tests/lib.sh"
pass placeholder
finish
