/* core/send_github.c - (to be written) */
#include "config.h"

#include "core/driver.h"

const struct channel_driver driver_github = { "github", NULL, NULL, NULL };
