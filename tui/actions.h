/* tui/actions.h - everything a key can do, in one list. */
#ifndef HERALD_TUI_ACTIONS_H
#define HERALD_TUI_ACTIONS_H

/* X(id, config name, help group, help text); the help screen and the key
 * table both read this list. */
#define ACTION_LIST(X) \
	X(NONE,        "none",        "General",    "Do nothing") \
	X(MOVE_DOWN,   "move-down",   "Navigation", "Select the next row") \
	X(MOVE_UP,     "move-up",     "Navigation", "Select the previous row") \
	X(MOVE_LEFT,   "move-left",   "Navigation", "Previous column or tab") \
	X(MOVE_RIGHT,  "move-right",  "Navigation", "Next column or tab") \
	X(PAGE_DOWN,   "page-down",   "Navigation", "Down one screen") \
	X(PAGE_UP,     "page-up",     "Navigation", "Up one screen") \
	X(FIRST,       "first",       "Navigation", "Go to the first row") \
	X(LAST,        "last",        "Navigation", "Go to the last row") \
	X(NEXT_PANE,   "next-pane",   "Navigation", "Move to the next pane") \
	X(OPEN,        "open",        "Navigation", "Open the selected row") \
	X(BACK,        "back",        "General",    "Go back to the previous screen") \
	X(QUIT,        "quit",        "General",    "Quit herald from any screen") \
	X(HELP,        "help",        "General",    "Show the keys of this screen") \
	X(REFRESH,     "refresh",     "General",    "Read the database again and redraw") \
	X(SEARCH,      "search",      "Search",     "Search this screen") \
	X(SEARCH_NEXT, "search-next", "Search",     "Go to the next match") \
	X(SEARCH_PREV, "search-prev", "Search",     "Go to the previous match") \
	X(SORT,        "sort",        "Lists",      "Change the sort order") \
	X(FILTER,      "filter",      "Lists",      "Filter the list") \
	X(CLEAR,       "clear",       "Lists",      "Clear the filter and search") \
	X(GO_HOME,     "home",        "Screens",    "Go to the home screen") \
	X(GO_INCIDENTS, "incidents",  "Screens",    "Go to the incident list") \
	X(GO_PRODUCTS, "products",    "Screens",    "Go to products and lifecycle") \
	X(GO_AUDIT,    "audit-log",   "Screens",    "Go to the audit log") \
	X(GO_USERS,    "users",       "Screens",    "Go to users and roles") \
	X(GO_APPROVALS, "approvals",  "Screens",    "Go to what waits for my approval") \
	X(GO_SUBSCRIBERS, "subscribers", "Screens", "Go to subscribers and their lists") \
	X(GO_CUSTOMERS, "customers",  "Screens",    "Go to customers and what they run") \
	X(GO_CHANNELS, "channels",    "Screens",    "Go to channels and the outbox") \
	X(GO_COMPLIANCE, "compliance", "Screens",   "Go to the compliance dashboard") \
	X(GO_TRUST,    "trust",       "Screens",    "Go to the trust page's content") \
	X(GO_BREACHES, "breaches",    "Screens",    "Go to the register of personal-data breaches") \
	X(GO_DRILLS,   "drills",      "Screens",    "Go to the drills of the breach-notification procedure") \
	X(EDIT,        "edit",        "Editing",    "Edit the long text in $VISUAL or $EDITOR") \
	X(GRANT,       "grant",       "Users",      "Grant a role (admins)") \
	X(REVOKE,      "revoke",      "Users",      "Revoke a role (admins)") \
	X(NEW,         "new",         "Editing",    "Open a new incident") \
	X(START,       "start",       "Editing",    "Start a communication from a playbook") \
	X(PREVIEW,     "preview",     "Editing",    "Preview each output as its reader will get it") \
	X(NEXT_FIELD,  "next-field",  "Editing",    "Save this field and go to the next") \
	X(PREV_FIELD,  "prev-field",  "Editing",    "Save this field and go to the previous") \
	X(MARK_DONE,   "mark-done",   "Editing",    "Mark the current step done") \
	X(REOPEN,      "reopen",      "Editing",    "Reopen a done step to change it") \
	X(SUBMIT,      "submit",      "Editing",    "Send the communication for review") \
	X(UPDATE,      "update",      "Editing",    "Start an update of a published communication") \
	X(CHOOSE,      "choose",      "Editing",    "Change a choice, or tick items in a list") \
	X(CREATE,      "create",      "Editing",    "Save the form: open the incident") \
	X(CANCEL,      "cancel",      "Editing",    "Leave the form without saving") \
	X(KEEP_MINE,   "keep-mine",   "Conflicts",  "Keep my text of a field someone saved first") \
	X(TAKE_THEIRS, "take-theirs", "Conflicts",  "Take the other person's text instead") \
	X(APPROVE,     "approve",     "Approvals",  "Approve the words shown") \
	X(REJECT,      "reject",      "Approvals",  "Reject, with a comment for the author") \
	X(PUBLISH,     "publish",     "Editing",    "Publish the approved communication and send it now") \
	X(ADD,         "add",         "Lists",      "Add a row (admins)") \
	X(ERASE,       "erase",       "Lists",      "Erase the selected subscriber (admins)") \
	X(ADD_DEPLOYMENT, "add-deployment", "Customers", "Record a product a customer runs (admins)") \
	X(RETRY,       "retry",       "Outbox",     "Send the selected message again (admins)") \
	X(CANCEL_MESSAGE, "cancel-message", "Outbox", "Cancel the selected message, with a reason (admins)") \
	X(SEND_DUE,    "send-due",    "Outbox",     "Send every message that is due now") \
	X(EVALUATE,    "evaluate",    "Compliance", "Walk the questions, comment on each and sign the evaluation off (SRO)") \
	X(HISTORY,     "history",     "Compliance", "Show the evaluations signed so far") \
	X(EXPORT,      "export",      "Lists",      "Export this screen's document to a file") \
	X(DELETE,      "delete",      "Lists",      "Delete the selected row (admins)") \
	X(MOVE_ROW_UP, "move-row-up", "Lists",      "Move the selected row up") \
	X(MOVE_ROW_DOWN, "move-row-down", "Lists",  "Move the selected row down") \
	X(START_DRILL, "start-drill", "Drills",     "Start a drill of the breach-notification procedure") \
	X(FINISH_DRILL, "finish-drill", "Drills",   "Finish the selected drill and record its findings")

enum action {
#define X(id, name, group, help) ACT_##id,
	ACTION_LIST(X)
#undef X
	ACT_COUNT
};

#endif
