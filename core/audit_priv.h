/* core/audit_priv.h - what core/audit.c and core/audit_approvals.c share:
 * the approval rows' half of herald audit verify. */
#ifndef HERALD_CORE_AUDIT_PRIV_H
#define HERALD_CORE_AUDIT_PRIV_H

#include "core/audit.h"

struct audit_rec;

/* The chain's "approval.record" rows, gathered while the chain is walked
 * so it is read once. Start as { 0 }. */
struct audit_recs {
	struct audit_rec *recs;
	size_t            n, cap;
};

/* Keep ROW when it is an approval.record row naming an approval. */
void        audit_recs_note(struct audit_recs *recs, const struct audit_row *row);
void        audit_recs_clear(struct audit_recs *recs);

/* Check every approval row against RECS (the chain's approval.record
 * rows, all of them, in seq order), and every signature, into REP's
 * findings. A non-OK return is a database or GnuPG failure; what was
 * found wrong is in REP. Inside a read. */
enum status audit_verify_approvals(struct db *db, struct audit_recs *recs,
    struct audit_report *rep, struct err *err);
/* The verdict on REP's findings: ST_OK when none; else the worst status
 * (tampering before a key GnuPG lacks), with REP->problem and ERR naming
 * the worst finding and how many more there are. */
enum status audit_findings_verdict(struct audit_report *rep,
    struct err *err);

#endif
