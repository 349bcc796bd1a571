/* core/csaf_tree.c - the product tree and vulnerabilities of a CSAF
 * document. */
#include "core/csaf.h"
