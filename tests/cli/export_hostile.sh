#!/bin/sh
# tests/cli/export_hostile.sh - placeholder until its module lands.
exit 77
