/* core/demo.h - builds the demo database through the same core functions users call. */
#ifndef HERALD_CORE_DEMO_H
#define HERALD_CORE_DEMO_H

#include "core/scale.h"
#include "core/session.h"

/* Fill the freshly initialised demo database S with a small vendor's
 * products, people, customers, audiences and a dozen incidents, with dates
 * relative to the clock. The acting user must be an admin. */
enum status demo_build(struct session *s, struct err *err);

#endif
