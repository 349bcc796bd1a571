/* storage/q_revision.h - placeholder. */
#ifndef HERALD_STORAGE_Q_REVISION_H
#define HERALD_STORAGE_Q_REVISION_H
#endif
