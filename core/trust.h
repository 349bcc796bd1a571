/* core/trust.h - (to be written). */
#ifndef HERALD_CORE_TRUST_H
#define HERALD_CORE_TRUST_H

#endif
