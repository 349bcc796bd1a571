/* cli/cmd_comm_review.c - (being split out). */
#include "config.h"
