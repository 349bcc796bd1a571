/* core/breach.h - (to be written). */
#ifndef HERALD_CORE_BREACH_H
#define HERALD_CORE_BREACH_H

#endif
