/* tui/html_text.h - an HTML page as readable text for the preview. */
#ifndef HERALD_TUI_HTML_TEXT_H
#define HERALD_TUI_HTML_TEXT_H

#endif
