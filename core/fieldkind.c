/* core/fieldkind.c - names and descriptions of field kinds. */
#include "config.h"

#include "core/fieldkind.h"

#include <string.h>

static const struct {
	const char *name;
	const char *help;
} kinds[] = {
#define X(id, name, help) { name, help },
	FIELD_KIND_LIST(X)
#undef X
};

int
field_kind_from_name(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < FIELD_KIND_COUNT; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return i;
	return -1;
}

const char *
field_kind_name(enum field_kind kind)
{
	return (unsigned)kind < FIELD_KIND_COUNT ? kinds[kind].name : NULL;
}

const char *
field_kind_help(enum field_kind kind)
{
	return (unsigned)kind < FIELD_KIND_COUNT ? kinds[kind].help : NULL;
}
