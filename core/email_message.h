/* core/email_message.h - the e-mail the email driver (core/send_email.c)
 * sends: its headers and its MIME body, built from cleaned values. */
#ifndef HERALD_CORE_EMAIL_MESSAGE_H
#define HERALD_CORE_EMAIL_MESSAGE_H

#include <stdbool.h>

#include "core/driver.h"

/* The channel's "from" setting, taken apart. */
struct email_sender {
	char *name;          /* display name, or NULL */
	char *addr;
};

/* Whether S is a plain mailbox address: printable ASCII without spaces,
 * quotes, angle brackets, commas or semicolons, one '@' with text on
 * both sides. */
bool email_address_ok(const char *s);
/* "Name <addr>" or "addr" into S; false when it is neither. */
bool email_sender_parse(const char *from, struct email_sender *s);
void email_sender_clear(struct email_sender *s);
/* The message from FROM to TO: every header into J->headers (Date,
 * Message-ID, From, To, Subject, List-Id, List-Unsubscribe,
 * Content-Type) and the text and HTML parts into J->mime (J->easy must
 * be set); the Message-ID "<KEY@DOMAIN>" into *MESSAGE_ID, allocated.
 * False (R's error filled) when a setting or the payload does not allow
 * the message. */
bool email_message_build(struct send_job *j, const struct email_sender *from,
    const char *to, char **message_id, struct send_result *r);

#endif
