#!/bin/sh
# tests/cli/export_lifecycle.sh - placeholder until its module lands.
exit 77
