/* core/version.c - herald's lifecycle data, as the code of practice asks
 * every product to publish (herald is a product too). */
#include "config.h"

#include "core/version.h"

#include <jansson.h>
#include <stdlib.h>

#include "util/xalloc.h"

static char cycle_buf[32];

/* The release cycle: the version's major.minor ("0.1" for "0.1.0"). */
static const char *
cycle_of(const char *version)
{
	size_t i, dots = 0;

	for (i = 0; version[i] != '\0' && i + 1 < sizeof cycle_buf; i++) {
		if (version[i] == '.' && ++dots == 2)
			break;
		cycle_buf[i] = version[i];
	}
	cycle_buf[i] = '\0';
	return cycle_buf;
}

const struct version_info *
version_get(void)
{
	static struct version_info v = {
		.product = PACKAGE_NAME,
		.version = PACKAGE_VERSION,
		.release_date = HERALD_RELEASE_DATE,
		.active_support_end = HERALD_ACTIVE_SUPPORT_END,
		.security_support_end = HERALD_SECURITY_SUPPORT_END,
		.eol = HERALD_EOL,
		.is_lts = false,
	};

	if (v.cycle == NULL)
		v.cycle = cycle_of(PACKAGE_VERSION);
	return &v;
}

char *
version_json(void)
{
	const struct version_info *v = version_get();
	json_t *o;
	char *out;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
	    "product", v->product,
	    "version", v->version,
	    "cycle", v->cycle,
	    "releaseDate", v->release_date,
	    "activeSupportEnd", v->active_support_end,
	    "securitySupportEnd", v->security_support_end,
	    "eol", v->eol,
	    "support", v->active_support_end,
	    "latest", v->version,
	    "lts", v->is_lts);
	if (o == NULL)
		die("version_json: cannot build the object");
	out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (out == NULL)
		die("out of memory (json)");
	return out;
}
