/* core/compliance_report.c - (to be written). */
#include "config.h"

#include "core/compliance_report.h"

int compliance_report_format(const char *name) { (void)name; return -1; }
enum status compliance_report(struct session *s, enum report_format format,
    time_t now, char **out, struct err *err)
{ (void)s; (void)format; (void)now; *out = NULL;
  return err_set(err, ST_INVALID, "not written yet"); }
enum status compliance_report_write(struct session *s,
    enum report_format format, time_t now, const char *path, struct err *err)
{ (void)s; (void)format; (void)now; (void)path;
  return err_set(err, ST_INVALID, "not written yet"); }
