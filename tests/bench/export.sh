#!/bin/sh
# tests/bench/export.sh - placeholder.
exit 0
