/* storage/q_evidence_notify.c - (to be written). */
#include "config.h"

#include "storage/q_evidence_notify.h"

typedef int q_evidence_notify_unused;
