/* storage/q_evidence_docs.c - (to be written). */
#include "config.h"

#include "storage/q_evidence_docs.h"

typedef int q_evidence_docs_unused;
