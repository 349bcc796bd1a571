#include "config.h"

#include "core/cvss.h"
