#!/bin/sh
# tests/cli/export.sh - placeholder until its module lands.
exit 77
