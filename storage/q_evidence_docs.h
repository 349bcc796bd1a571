/* storage/q_evidence_docs.h - (to be written). */
#ifndef HERALD_STORAGE_Q_EVIDENCE_DOCS_H
#define HERALD_STORAGE_Q_EVIDENCE_DOCS_H

#endif
