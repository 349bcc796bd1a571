/* storage/q_evaluation.h - (to be written). */
#ifndef HERALD_STORAGE_Q_EVALUATION_H
#define HERALD_STORAGE_Q_EVALUATION_H

#endif
