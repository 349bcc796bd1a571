/* core/driver.c - which driver sends for which kind of channel. */
#include "config.h"

#include "core/driver.h"

#include <stdlib.h>
#include <string.h>

const struct channel_driver *
driver_for(const char *kind)
{
	static const struct channel_driver *const all[] = {
		&driver_email, &driver_webhook, &driver_github, &driver_jira,
		&driver_servicenow, &driver_directory,
	};
	size_t i;

	for (i = 0; kind != NULL && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(all[i]->kind, kind) == 0)
			return all[i];
	return NULL;
}

void
send_result_clear(struct send_result *r)
{
	if (r == NULL)
		return;
	free(r->external_ref);
	memset(r, 0, sizeof *r);
}
