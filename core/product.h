/* core/product.h - products, their release cycles and lifecycle phases. */
#ifndef HERALD_CORE_PRODUCT_H
#define HERALD_CORE_PRODUCT_H

#include <time.h>

#include "core/session.h"
#include "storage/q_product.h"

/* Longest slug, product name and cycle name, in bytes. */
#define PRODUCT_SLUG_MAX 64
#define PRODUCT_NAME_MAX 200
#define CYCLE_NAME_MAX   64

/* Where a release cycle is on a given day (see cycle_phase()). */
enum cycle_phase {
	CYCLE_UNRELEASED,       /* before its release date */
	CYCLE_FULL_SUPPORT,     /* released, active support not yet over */
	CYCLE_SECURITY_ONLY,    /* active support over, security fixes go on */
	CYCLE_EXTENDED,         /* standard support over, extended (paid) goes on */
	CYCLE_EOL,              /* no support of any kind */
};

/* Check SLUG: 1 to 64 of a-z, 0-9, '-', '.', '_', starting with a letter or
 * a digit; the message names the field "slug". */
enum status product_check_slug(const char *slug, struct err *err);

/* Add a product with SLUG, NAME, optional DESCRIPTION and the login of its
 * optional owner (NULL for none). Admins only. Sets *ID when ID is not
 * NULL. */
enum status product_create(struct session *s, const char *slug,
    const char *name, const char *description, const char *owner_login,
    long long *id, struct err *err);
/* Load a product by slug or id into OUT; caller clears it with
 * product_clear(). Anyone may read. */
enum status product_get_by_slug(struct session *s, const char *slug,
    struct product *out, struct err *err);
enum status product_get(struct session *s, long long id, struct product *out,
    struct err *err);
/* Every product by slug, then id. Free with
 * rowlist_free(out, (row_clear_fn)product_clear), even on failure. */
enum status product_list(struct session *s, struct rowlist *out,
    struct err *err);
/* Make OWNER_LOGIN (NULL for nobody) the owner of product SLUG. Admins
 * only. */
enum status product_set_owner(struct session *s, const char *slug,
    const char *owner_login, struct err *err);

/*
 * Check IN's cycle name, version fields and dates without touching the
 * database: each date must parse (YYYY-MM-DD or RFC 3339) and, where set,
 * release-date <= active-support-end <= security-support-end <= eol <=
 * extended-support-end. Unset (NULL or "") dates are skipped.
 */
enum status cycle_check(const struct cycle *in, struct err *err);
/*
 * Add the release cycle IN describes (product_id, cycle, dates, is_lts,
 * latest_version, post_eol_options, owner_id; the rest is ignored) after
 * cycle_check(). Dates are stored as UTC YYYY-MM-DD. Admins only. Sets *ID
 * when ID is not NULL.
 */
enum status cycle_create(struct session *s, const struct cycle *in,
    long long *id, struct err *err);
/* Load a cycle by id, or by product slug and cycle name, into OUT; caller
 * clears it with cycle_clear(). Anyone may read. */
enum status cycle_get(struct session *s, long long id, struct cycle *out,
    struct err *err);
enum status cycle_find(struct session *s, const char *slug, const char *cycle,
    struct cycle *out, struct err *err);
/* The cycles of PRODUCT_ID, newest release first. Free with
 * rowlist_free(out, (row_clear_fn)cycle_clear), even on failure. */
enum status cycle_list_for_product(struct session *s, long long product_id,
    struct rowlist *out, struct err *err);
/*
 * Save the cycle IN->id with IN's name, dates, is_lts, latest_version,
 * post_eol_options and owner_id (IN->product_id must be 0 or the cycle's
 * own). When the EOL date moves, the record of a sent EOL notice is
 * cleared: the notice named the old date. Admins only. Changing nothing
 * writes nothing.
 */
enum status cycle_update(struct session *s, const struct cycle *in,
    struct err *err);
/* Record that the EOL notice of CYCLE_ID went out at WHEN (RFC 3339; NULL
 * for now; never in the future). Refused when already recorded or when the
 * cycle has no EOL date. Authors and admins. */
enum status cycle_mark_eol_notice_sent(struct session *s, long long cycle_id,
    const char *when, struct err *err);
/* Cycles whose EOL falls on or before today plus MONTHS calendar months
 * (overdue ones included) and whose EOL notice has not gone out, by EOL
 * date. Free OUT as for cycle_list_for_product(). */
enum status cycle_list_eol_due(struct session *s, int months,
    struct rowlist *out, struct err *err);

/*
 * Where C is at NOW. A phase ends at 00:00 UTC of its end date, and
 * standard support ends at the earlier of security_support_end and eol.
 * Unset end dates never end; an unset release date counts as released; a
 * NULL cycle is CYCLE_UNRELEASED.
 */
enum cycle_phase cycle_phase(const struct cycle *c, time_t now);
/* "unreleased", "full-support", "security-only", "extended" or "eol". */
const char      *cycle_phase_name(enum cycle_phase phase);

#endif
