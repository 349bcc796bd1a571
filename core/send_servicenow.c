/* core/send_servicenow.c - (to be written) */
#include "config.h"

#include "core/driver.h"

const struct channel_driver driver_servicenow = { "servicenow", NULL, NULL, NULL };
