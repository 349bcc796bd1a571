/* core/dispatch.h - what publishing a communication sends, and to whom:
 * the outbox rows written in the same transaction as the decision. */
#ifndef HERALD_CORE_DISPATCH_H
#define HERALD_CORE_DISPATCH_H

#include "core/session.h"
#include "core/workflow.h"

/*
 * Inside the caller's open write transaction, after revision REVISION of
 * D's communication was published (PURPOSE "publish" for the first
 * revision, "correction" for a later one) or withdrawn ("withdrawal"):
 * one outbox row per message and target for each output its playbook's
 * publish step names, through every enabled channel of the matching kind
 * (email outputs to email channels, github to github, ticket to jira and
 * servicenow; every publication to webhook channels and, for the site,
 * to directory channels). Recipients of e-mail: the confirmed,
 * subscribed subscribers of the lists for the communication's kind and
 * its affected products; for audience "customers", the contacts and
 * subscriber addresses of customers running an affected cycle; for
 * e-mail list fields (a regulator's address), those addresses. A
 * correction or withdrawal goes through every channel and to every
 * target the first publication did. Rows wait (not_before) until the
 * embargo or scheduled publication time. A drill incident's
 * communications (every purpose) go only to the confirmed subscribers of
 * the drill's test list (drills.test_list, else the setting drill.list),
 * through its test channel when that is an e-mail channel and else every
 * enabled e-mail channel, and to its test channel when that is a webhook;
 * with no e-mail channel to use it is refused (ST_INVALID). Sets *N (when
 * not NULL) to the rows written.
 */
enum status dispatch_in_tx(struct session *s, const struct comm_doc *d,
    int revision, const char *purpose, long long *n, struct err *err);

#endif
