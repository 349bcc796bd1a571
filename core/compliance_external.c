/* core/compliance_external.c - (to be written) */
#include "config.h"

#include "core/compliance_priv.h"

enum status
cq_external_trust(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	(void)s;
	(void)now;
	(void)err;
	compliance_figure(r, "not computed yet");
	return ST_OK;
}

enum status
cq_external_security_txt(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	(void)s;
	(void)now;
	(void)err;
	compliance_figure(r, "not computed yet");
	return ST_OK;
}

enum status
cq_external_procedure(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	(void)s;
	(void)now;
	(void)err;
	compliance_figure(r, "not computed yet");
	return ST_OK;
}

enum status
cq_external_drill(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	(void)s;
	(void)now;
	(void)err;
	compliance_figure(r, "not computed yet");
	return ST_OK;
}
