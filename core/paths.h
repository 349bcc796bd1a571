/* core/paths.h - where herald keeps its files: the XDG data and config directories. */
#ifndef HERALD_CORE_PATHS_H
#define HERALD_CORE_PATHS_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/err.h"

/*
 * Locations follow the XDG Base Directory specification: $XDG_DATA_HOME
 * (else $HOME/.local/share) and $XDG_CONFIG_HOME (else $HOME/.config), each
 * with "herald" appended. Relative values are ignored, as the specification
 * asks. $HOME only locates files; it never says who is acting.
 * Every function that returns a path allocates it; caller frees.
 */

/* herald's data directory: $XDG_DATA_HOME/herald. */
enum status paths_data_dir(char **out, struct err *err);
/* The default database: <data dir>/herald.db. */
enum status paths_default_db(char **out, struct err *err);
/* The demo database: <data dir>/demo.db. */
enum status paths_demo_db(char **out, struct err *err);
/*
 * The database to use: FLAG (--db) if not NULL, else $HERALD_DB if set and
 * not empty, else the default. *IS_DEFAULT (may be NULL) tells whether the
 * default location was chosen.
 */
enum status paths_db(const char *flag, char **out, bool *is_default,
    struct err *err);
/* Create DIR and any missing parents with MODE (like mkdir -p); existing
 * directories are left as they are. */
enum status paths_mkdir_p(const char *dir, mode_t mode, struct err *err);
/* herald's configuration directory: $XDG_CONFIG_HOME/herald. */
enum status paths_config_dir(char **out, struct err *err);
/* The shipped data directory: $HERALD_DATADIR when it is an absolute
 * path (tests and running from the source tree), else the installed one
 * (PKGDATADIR), else, when that is missing, the source tree's share/. */
const char *paths_share_dir(void);
/*
 * Find data file NAME.EXT under SUBDIR ("playbooks", "regimes"): first in
 * the configuration directory, then in the shipped one. *OUT is
 * allocated (caller frees); ST_NOTFOUND, naming both places, when absent.
 */
enum status paths_find_data(const char *subdir, const char *name,
    const char *ext, char **out, struct err *err);
/*
 * The names (without EXT) of every NAME.EXT under SUBDIR of the
 * configuration and shipped directories, each once, sorted: a
 * NULL-terminated array freed with paths_names_free().
 */
enum status paths_list_data(const char *subdir, const char *ext,
    char ***out, struct err *err);
void        paths_names_free(char **names);
/* The directory part of PATH (like dirname(1)); caller frees. */
char       *paths_dirname(const char *path);

#endif
