#!/bin/sh
# tests/cli/export_disclosure.sh - placeholder until its module lands.
exit 77
