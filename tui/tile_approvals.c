/* tui/tile_approvals.c - (being split out). */
#include "config.h"
