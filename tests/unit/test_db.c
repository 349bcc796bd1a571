#include "config.h"
#include "tests/unit/testutil.h"
int main(void){return 0;}
