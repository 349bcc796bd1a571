/* tui/screen_approvals.c - "Waiting for me": placeholder. */
#include "config.h"
