/* core/demo.h - builds the demo database through the same core functions users call. */
#ifndef HERALD_CORE_DEMO_H
#define HERALD_CORE_DEMO_H

#include "core/scale.h"
#include <time.h>

#include "core/session.h"

/* When, for a demo built at NOW, its database was created: create it with
 * the clock pinned there, then return the clock to NOW and build. */
time_t      demo_start_time(time_t now);
/* Fill the freshly initialised demo database S with a small vendor's
 * products, people, customers, audiences and a dozen incidents, with dates
 * relative to the clock, as a history whose audit times only move
 * forward. The acting user must be an admin. */
enum status demo_build(struct session *s, struct err *err);
/* Where demo_build() exports the demo's pages: beside the database
 * DB_PATH, named after it without ".db" and with "-site" ("/tmp/x.db":
 * "/tmp/x-site"). Allocated. */
char       *demo_site_dir(const char *db_path);

#endif
