/* storage/q_trust.h - (to be written). */
#ifndef HERALD_STORAGE_Q_TRUST_H
#define HERALD_STORAGE_Q_TRUST_H

#endif
