/* core/outdir.h - the directory an export writes into. Every file is
 * written whole (a temporary file, then rename), so a web server never
 * serves half a file; a file whose bytes did not change is not written
 * again; and a manifest remembers what each file was made from, so an
 * export after one change renders only what that change touched. */
#ifndef HERALD_CORE_OUTDIR_H
#define HERALD_CORE_OUTDIR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* The manifest, at the root: { "version": 1, "files": { PATH: { "stamp":
 * S, "sha256": H, "bytes": N } } }. */
#define OUTDIR_MANIFEST ".herald-export.json"

struct outdir {
	char          *root;        /* absolute or as given, no trailing / */
	json_t        *manifest;    /* the "files" object */
	json_t        *seen;        /* paths written or kept this run */
	size_t         n_written;   /* files whose bytes were (re)written */
	size_t         n_unchanged; /* files rendered but found identical */
	size_t         n_kept;      /* files skipped as fresh by stamp */
	unsigned long long bytes_written;
};

/* Create ROOT (and parents) when missing and read its manifest (a missing
 * or unreadable manifest just means nothing is fresh). */
enum status outdir_open(struct outdir *o, const char *root, struct err *err);
/*
 * Write the LEN bytes at DATA to REL (a relative path of '/'-separated
 * parts, none empty, "." or "..", no leading '/'), creating its
 * directories (0755). The file is written only when its bytes differ
 * from what is there: to REL's directory as a temporary file, then
 * renamed over REL (mode 0644); outdir_close() flushes the file system
 * once before it saves the manifest. STAMP (may be NULL) records what it
 * was made from for outdir_fresh().
 */
enum status outdir_write(struct outdir *o, const char *rel, const void *data,
    size_t len, const char *stamp, struct err *err);
/* outdir_write() of a NUL-terminated string. */
enum status outdir_write_str(struct outdir *o, const char *rel,
    const char *text, const char *stamp, struct err *err);
/* Whether REL was last written from STAMP and is still there with the
 * bytes the manifest says; when true it counts as kept (no need to
 * render it again). */
bool        outdir_fresh(struct outdir *o, const char *rel, const char *stamp);
/* The bytes of REL as last written (allocated, with *LEN), or NULL when
 * absent: for a file that is appended to, such as the changelog. */
char       *outdir_read(struct outdir *o, const char *rel, size_t *len);
/* Save the manifest (atomically) and free O. Files of an earlier run
 * that this run neither wrote nor kept stay on disk, unless PRUNE: then
 * they are removed (a withdrawn page stays, with its notice; only what no
 * longer exists goes). */
enum status outdir_close(struct outdir *o, bool prune, struct err *err);
/* Free O without saving. */
void        outdir_abandon(struct outdir *o);

/* Write LEN bytes to PATH atomically (temporary file beside it, fsync,
 * rename), creating nothing else: for single files outside an export. */
enum status outfile_write_atomic(const char *path, const void *data,
    size_t len, struct err *err);

#endif
