/* storage/q_check.h - what herald check did once. (to be written) */
#ifndef HERALD_STORAGE_Q_CHECK_H
#define HERALD_STORAGE_Q_CHECK_H

#include "storage/db.h"

#endif
