/* core/audit_priv.h - what core/audit.c and core/audit_approvals.c share:
 * the approval rows' half of herald audit verify. */
#ifndef HERALD_CORE_AUDIT_PRIV_H
#define HERALD_CORE_AUDIT_PRIV_H

#include "core/audit.h"

/* Check every approval row against the chain's approval.record rows, and
 * every signature, into REP's findings. A non-OK return is a database or
 * GnuPG failure; what was found wrong is in REP. Inside a read. */
enum status audit_verify_approvals(struct db *db, struct audit_report *rep,
    struct err *err);
/* The verdict on REP's findings: ST_OK when none; else the worst status
 * (tampering before a key GnuPG lacks), with REP->problem and ERR naming
 * the worst finding and how many more there are. */
enum status audit_findings_verdict(struct audit_report *rep,
    struct err *err);

#endif
