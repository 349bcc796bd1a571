/* core/procedure.h - (to be written). */
#ifndef HERALD_CORE_PROCEDURE_H
#define HERALD_CORE_PROCEDURE_H

#endif
