#!/bin/sh
# tests/cli/export_cve.sh - placeholder until its module lands.
exit 77
