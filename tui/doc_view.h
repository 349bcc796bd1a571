/* tui/doc_view.h - (being split out). */
#ifndef HERALD_TUI_DOC_VIEW_H
#define HERALD_TUI_DOC_VIEW_H
#endif
