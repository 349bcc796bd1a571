/* tui/html_text.c - an HTML page as readable text for the preview. */
#include "tui/html_text.h"
