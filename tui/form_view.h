/* tui/form_view.h - placeholder. */
#ifndef HERALD_TUI_FORM_VIEW_H
#define HERALD_TUI_FORM_VIEW_H
#endif
