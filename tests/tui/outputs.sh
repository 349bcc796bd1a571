#!/bin/sh
# tests/tui/outputs.sh - placeholder.
exit 77
