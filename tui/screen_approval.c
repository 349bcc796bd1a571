/* tui/screen_approval.c - (being split out). */
#include "config.h"
