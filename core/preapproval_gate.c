/* core/preapproval_gate.c - (being split out). */
#include "config.h"
