/* core/send_email.c - (to be written) */
#include "config.h"

#include "core/driver.h"

const struct channel_driver driver_email = { "email", NULL, NULL, NULL };
