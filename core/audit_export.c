/* core/audit_export.c - (being split out). */
#include "config.h"
