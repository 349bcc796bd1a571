/* core/render_json.c - the JSON payloads of a communication: the GitHub
 * security advisory request and the webhook message. */
#include "core/render.h"
