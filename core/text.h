/* core/text.h - text helpers the exporters share: UTF-8, cutting at a
 * character boundary, one-line text. */
#ifndef HERALD_CORE_TEXT_H
#define HERALD_CORE_TEXT_H

#endif
