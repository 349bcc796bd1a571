#!/bin/sh
# tests/cli/export_csaf.sh - placeholder until its module lands.
exit 77
