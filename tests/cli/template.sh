#!/bin/sh
# tests/cli/template.sh - placeholder until its module lands.
exit 77
