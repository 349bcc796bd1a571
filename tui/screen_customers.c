/* tui/screen_customers.c - (to be written) */
#include "config.h"

#include "tui/screen.h"
