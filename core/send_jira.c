/* core/send_jira.c - (to be written) */
#include "config.h"

#include "core/driver.h"

const struct channel_driver driver_jira = { "jira", NULL, NULL, NULL };
