/* tui/doc_view.c - (being split out). */
#include "config.h"
