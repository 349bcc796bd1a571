/* core/text.c - text helpers the exporters share. */
#include "core/text.h"
