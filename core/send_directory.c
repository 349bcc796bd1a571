/* core/send_directory.c - (to be written) */
#include "config.h"

#include "core/driver.h"

const struct channel_driver driver_directory = { "directory", NULL, NULL, NULL };
