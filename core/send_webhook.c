/* core/send_webhook.c - (to be written) */
#include "config.h"

#include "core/driver.h"

const struct channel_driver driver_webhook = { "webhook", NULL, NULL, NULL };
