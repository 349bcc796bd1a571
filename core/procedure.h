/* core/procedure.h - the breach-notification procedure: one document,
 * made from the breach playbook (setting breach.playbook), the settings
 * it prints, the people who approve and the regimes' clocks, for an
 * assessor or a regulator to read (GDPR art. 33, NIS2 art. 23). */
#ifndef HERALD_CORE_PROCEDURE_H
#define HERALD_CORE_PROCEDURE_H

#include "core/hash.h"
#include "core/session.h"

/* The path an export writes, relative to --out (PUB_PROCEDURE's page and
 * its Markdown twin). */
#define PROCEDURE_REL_HTML "internal/policy/breach-procedure.html"
#define PROCEDURE_REL_MD   "internal/policy/breach-procedure.md"

/*
 * The SHA-256 (hex, into OUT) over everything the procedure is generated
 * from: the breach playbook's content hash, the settings it prints
 * (drill.list, drill.channel, the channels it names), the approvers (the
 * users holding each gate's roles today), the regimes' clocks, the
 * policy's owner, the last drill date and the template. Equal hashes mean
 * an exported procedure is still current. Anyone may ask.
 */
enum status procedure_source_hash(struct session *s, char out[HASH_HEX_SIZE],
    struct err *err);

/*
 * The procedure document: into *MD (when MD is not NULL) as Markdown,
 * into *HTML (when HTML is not NULL) as a whole HTML page made as the
 * disclosure policy's page is; callers free them. HASH (may be NULL)
 * gets procedure_source_hash() of the same reading. ST_NOTFOUND (naming
 * the setting) when the breach playbook cannot be found; a template not
 * imported is ST_NOTFOUND naming "herald template import".
 */
enum status procedure_render(struct session *s, char **md, char **html,
    char hash[HASH_HEX_SIZE], struct err *err);

#endif
