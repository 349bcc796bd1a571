#include "config.h"

#include "forms/form.h"
