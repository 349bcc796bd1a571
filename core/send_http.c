/* core/send_http.c - (to be written) what every HTTP driver shares. */
#include "config.h"

#include "core/driver.h"
