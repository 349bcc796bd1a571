#!/bin/sh
# tests/tui/approvals.sh - placeholder until its tests land.
exit 0
