#!/bin/sh
# tests/cli/export_documents.sh - placeholder until its module lands.
exit 77
