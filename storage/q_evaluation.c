/* storage/q_evaluation.c - (to be written). */
#include "config.h"

#include "storage/q_evaluation.h"

typedef int q_evaluation_unused;
