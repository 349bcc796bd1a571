/* storage/q_deadline.h - placeholder. */
#ifndef HERALD_STORAGE_Q_DEADLINE_H
#define HERALD_STORAGE_Q_DEADLINE_H
#endif
