#!/bin/sh
# tests/cli/export_pages.sh - placeholder until its module lands.
exit 77
