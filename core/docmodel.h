/* core/docmodel.h - the one model every output is made from: each
 * communication as a JSON object (its incident, the answers that reach
 * its audience, products, CVEs, CVSS, revisions, links), plus the site's
 * settings and the products' lifecycles. Templates read it by name;
 * structured exporters (feeds, CSAF, CVE) read the same keys. All text in
 * it is valid UTF-8 without control characters other than tab and
 * newline, whatever was stored: invalid bytes become U+FFFD. */
#ifndef HERALD_CORE_DOCMODEL_H
#define HERALD_CORE_DOCMODEL_H

#include <jansson.h>
#include <stdbool.h>

#include "core/progress.h"
#include "core/session.h"
#include "core/workflow.h"

/*
 * One communication ("item"). Keys (absent when unknown):
 *
 *   id               the communication's id (integer)
 *   kind, kind_label "advisory", "Security advisory"; and one boolean
 *                    "is_KIND" with '-' as '_': is_advisory,
 *                    is_customer_notice, is_regulator_notification,
 *                    is_support_briefing, is_pir_internal, is_pir_external,
 *                    is_eol_notice, is_vulnerability_report, ...
 *   audience         public, customers, regulator, internal; and
 *                    is_public (public or customers: on the site),
 *                    is_internal (internal or regulator)
 *   title            one line (line breaks and tabs as spaces), as
 *                    are ref, labels and names
 *   ref              the incident's reference (SEC-2026-004); for an
 *                    end-of-life notice "EOL-<product>-<cycle>"
 *   slug             a file stem unique among items: "sec-2026-004-advisory"
 *   page, page_md    where its page goes: "advisories/sec-2026-004-advisory.html"
 *                    and the same with ".md"; folders advisories/,
 *                    notices/, reports/, eol/ (end-of-life notices);
 *                    internal items (audience internal or regulator) have
 *                    neither, nor a url
 *   url              site_url + page, when site.url is set
 *   state            draft, in-review, approved, published, withdrawn;
 *                    is_withdrawn, is_draft (true while not published:
 *                    a preview), withdrawn_reason, withdrawn_at,
 *                    withdrawn_date
 *   revision         the revision rendered (integer)
 *   published_at, published_date     this revision's publication (RFC
 *                    3339 UTC, YYYY-MM-DD); absent for a draft
 *   first_published_at, first_published_date
 *   updated_at, updated_date         newest publication (or now for a
 *                    draft): changes only when the content does
 *   playbook         { name, version, hash }, variant
 *   outputs          [ { id, format, title, template } ] the playbook's
 *                    outputs for this variant
 *   incident         { ref, title, summary, trigger, severity,
 *                    cvss_vector, cvss_score, state, aware_at,
 *                    discovered_at, fix_available_at, is_drill }
 *   cycle            { product, product_name, cycle, release_date, eol,
 *                    extended_support_end, latest, post_eol_options }
 *                    (end-of-life notices)
 *   fields           [ { id, label, type, value (stored), text (as a
 *                    reader reads it), is_multiline, blocks: [ { text } or
 *                    { is_list: true, items: [ text ] } ] } ]: the
 *                    answered fields that show, in step order; a field
 *                    marked internal only when the audience is internal
 *   answers          { id: text } and values { id: stored }: the same set
 *   products         [ { product (slug), name, cycle, range, status
 *                    (known_affected, fixed, known_not_affected,
 *                    under_investigation), status_label, justification,
 *                    justification_label, ecosystem, package,
 *                    product_id ("CSAFPID-0001", stable within the item) } ]
 *                    from the "products" answer, else the incident's rows
 *   cves             [ "CVE-2026-1234" ] from the "cves" answer; cve (the first)
 *   cvss             { vector, version ("3.1", "4.0"), score, severity }
 *                    from the "cvss" answer, else the incident's; cvss_v3
 *                    the same for a v3.x vector (the "cvss" or "cvss-v3"
 *                    answer) when there is one
 *   references       [ url ] from the "references" answer, one a line
 *   revisions        [ { revision, published_at, date, reason,
 *                    reason_label, is_first } ] published ones, oldest
 *                    first (a draft's own revision last, date "draft")
 *   related          [ { kind, kind_label, title, page, url } ] the other
 *                    items of the same incident on the site
 *   pir              { title, page, url }: the incident's published
 *                    external post-incident report, when there is one
 *   site             the settings (settings_site())
 *   stamp            SHA-256 hex of the item (links included), the
 *                    templates in use and herald's version: changes
 *                    exactly when what is rendered from it may
 *
 * Every "has_X" boolean is true when list X is not empty (has_products,
 * has_cves, has_references, has_revisions, has_related).
 */

struct docmodel {
	json_t *site;       /* settings_site() */
	json_t *items;      /* published and withdrawn communications, newest
	                     * update first (updated_at, then id) */
	json_t *products;   /* [ { slug, name, description, cycles: [ { cycle,
	                     * release_date, active_support_end,
	                     * security_support_end, eol, extended_support_end,
	                     * is_lts, latest, phase, phase_label,
	                     * post_eol_options } ] } ] by slug, cycles newest
	                     * release first */
	char    now[32];    /* when the model was read, RFC 3339 UTC */
};

struct docmodel_opts {
	bool public_only;   /* only items whose audience is public or
	                     * customers */
	long long incident_id; /* only this incident's items; 0 for all */
	const struct progress *progress;
};

/*
 * Read everything published: each communication with a published
 * revision, at its newest published revision (an update in progress does
 * not show until it is published), withdrawn ones too. Left out: drills,
 * and communications of an incident still under embargo.
 */
enum status docmodel_load(struct session *s, const struct docmodel_opts *o,
    struct docmodel *m, struct err *err);
void        docmodel_clear(struct docmodel *m);

/*
 * The item of communication D as it stands now (its current answers,
 * state and revision), for the preview of a draft or of an update in
 * progress; "related" and "pir" come from what is published. *OUT is a
 * new reference.
 */
enum status docmodel_item_draft(struct session *s, const struct comm_doc *d,
    const json_t *site, json_t **out, struct err *err);
/* docmodel_item_draft() with NOW (RFC 3339 UTC; NULL: the clock) as the
 * time a draft is dated: its updated_at. For a form that must not move
 * with the clock (core/content.h). */
enum status docmodel_item_draft_at(struct session *s,
    const struct comm_doc *d, const json_t *site, const char *now,
    json_t **out, struct err *err);

/* The item in M with communication id ID, or NULL. */
json_t     *docmodel_find(const struct docmodel *m, long long id);

/* TEXT made safe for every output: invalid UTF-8 as U+FFFD, control
 * characters other than tab and newline dropped, "\r\n" as "\n".
 * Allocated. */
char       *docmodel_clean_text(const char *text);

#endif
