#!/bin/sh
# tests/cli/export_feeds.sh - placeholder until its module lands.
exit 77
