/* storage/migrate.h - the numbered schema steps and how they are applied. */
#ifndef HERALD_STORAGE_MIGRATE_H
#define HERALD_STORAGE_MIGRATE_H

/* The schema steps in order; *COUNT is the newest schema version. */
const char *const *migrations_steps(int *count);

#endif
