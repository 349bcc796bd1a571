/* tui/screen_channels.c - (to be written) */
#include "config.h"

#include "tui/screen.h"
