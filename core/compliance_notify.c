/* core/compliance_notify.c - (to be written) */
#include "config.h"

#include "core/compliance_priv.h"

enum status
cq_notify_subscribe(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	(void)s;
	(void)now;
	(void)err;
	compliance_figure(r, "not computed yet");
	return ST_OK;
}

enum status
cq_notify_sla(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	(void)s;
	(void)now;
	(void)err;
	compliance_figure(r, "not computed yet");
	return ST_OK;
}

enum status
cq_notify_regulator(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	(void)s;
	(void)now;
	(void)err;
	compliance_figure(r, "not computed yet");
	return ST_OK;
}
