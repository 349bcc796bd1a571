#!/bin/sh
# tests/cli/settings.sh - placeholder until its module lands.
exit 77
