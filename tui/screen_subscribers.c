/* tui/screen_subscribers.c - (to be written) */
#include "config.h"

#include "tui/screen.h"
