/* storage/q_owner.h - (to be written). */
#ifndef HERALD_STORAGE_Q_OWNER_H
#define HERALD_STORAGE_Q_OWNER_H

#endif
