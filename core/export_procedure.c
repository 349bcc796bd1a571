/* core/export_procedure.c - `herald export procedure`: the
 * breach-notification procedure (core/procedure.h) as
 * internal/policy/breach-procedure.md and .html. Both are stamped with
 * procedure_source_hash(), which the publication record keeps, so an
 * export skips them while nothing they are made from changed, and the
 * compliance question can tell whether the exported copy is current. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "core/export.h"
#include "core/procedure.h"

enum status
export_procedure(struct export_ctx *x, struct err *err)
{
	char hash[HASH_HEX_SIZE], *md = NULL, *html = NULL;
	bool is_md_fresh, is_html_fresh;
	enum status st;

	if ((st = procedure_source_hash(x->s, hash, err)) != ST_OK)
		return st;
	/* Both asked, so each counts as kept when it is fresh. */
	is_md_fresh = outdir_fresh(x->out, PROCEDURE_REL_MD, hash);
	is_html_fresh = outdir_fresh(x->out, PROCEDURE_REL_HTML, hash);
	if (is_md_fresh && is_html_fresh)
		return ST_OK;
	if ((st = procedure_render(x->s, &md, &html, hash, err)) == ST_OK &&
	    (st = outdir_write_str(x->out, PROCEDURE_REL_MD, md, hash, err)) ==
	    ST_OK)
		st = outdir_write_str(x->out, PROCEDURE_REL_HTML, html, hash,
		    err);
	free(md);
	free(html);
	return st;
}
