/* storage/q_breach.h - (to be written). */
#ifndef HERALD_STORAGE_Q_BREACH_H
#define HERALD_STORAGE_Q_BREACH_H

#endif
