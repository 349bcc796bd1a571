/* storage/q_evidence_notify.h - (to be written). */
#ifndef HERALD_STORAGE_Q_EVIDENCE_NOTIFY_H
#define HERALD_STORAGE_Q_EVIDENCE_NOTIFY_H

#endif
