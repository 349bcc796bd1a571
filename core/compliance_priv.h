/* core/compliance_priv.h - the question functions, one file per area of
 * the code of practice (core/compliance_*.c). */
#ifndef HERALD_CORE_COMPLIANCE_PRIV_H
#define HERALD_CORE_COMPLIANCE_PRIV_H

#include "core/compliance.h"

#define Q(fn) enum status fn(struct session *s, time_t now, \
    struct compliance_result *r, struct err *err)

/* core/compliance_lifecycle.c */
Q(cq_lifecycle_published);
Q(cq_lifecycle_notice);
/* core/compliance_notify.c */
Q(cq_notify_subscribe);
Q(cq_notify_sla);
Q(cq_notify_regulator);
/* core/compliance_remediation.c */
Q(cq_remediation_actions);
Q(cq_remediation_versions);
/* core/compliance_access.c */
Q(cq_access_summary);
Q(cq_access_readability);
/* core/compliance_external.c */
Q(cq_external_trust);
Q(cq_external_security_txt);
Q(cq_external_procedure);
Q(cq_external_drill);
/* core/compliance_ids.c */
Q(cq_ids_messages);
/* core/compliance_research.c */
Q(cq_research_reports);
/* core/compliance_contracts.c */
Q(cq_contracts_sla);
/* core/compliance_owners.c */
Q(cq_ownership);

#undef Q

/* core/compliance.c: "6 h late", "21 h early", "on time", "3 h left",
 * "overdue by 5 h" into BUF (N bytes): a clock due at DUE, stopped at
 * TOLD (NULL: running), at NOW. */
void cq_lateness(const char *due, const char *told, time_t now, char *buf,
    size_t n);

#endif
