/*
 * Why the codec refused a message, and what the receiver should do.
 *
 * Every decoder returns false and fills a struct ikev2_error: a reason
 * for the log line (what was wrong and where, with the lengths involved)
 * and the RFC 7296 reaction:
 *
 *   IKEV2_ERROR_DROP    discard silently (RFC 7296 says ignore, or the
 *                       message cannot be answered: too short, not IKEv2,
 *                       a bad fragment per RFC 7383 §2.6)
 *   IKEV2_ERROR_NOTIFY  a request gets a response carrying Notify `notify`
 *                       (with `data` when the type has data); a response
 *                       is never answered (RFC 7296 §2.21)
 *
 * INVALID_SYNTAX may only be sent in a protected response (RFC 7296
 * §3.10.1): ikev2_error_action() turns it into DROP for a message whose
 * integrity has not been verified.
 */
#ifndef IKEV2_ERROR_H
#define IKEV2_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ikev2_error_kind {
	IKEV2_ERROR_NONE = 0,	/* no error (a fresh struct) */
	IKEV2_ERROR_DROP,
	IKEV2_ERROR_NOTIFY,
};

#define IKEV2_ERROR_REASON_MAX 256

struct ikev2_error {
	enum ikev2_error_kind kind;
	uint16_t notify;		/* Notify type when kind == NOTIFY */
	uint8_t data[1];		/* Notify data: UNSUPPORTED_CRITICAL_PAYLOAD's payload type */
	size_t data_len;		/* 0 or 1 */
	char reason[IKEV2_ERROR_REASON_MAX];	/* NUL-terminated, for logs */
};

#define IKEV2_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Each of these fills *err and returns false, for `return ikev2_...(...)`. */
bool ikev2_drop(struct ikev2_error *err, const char *fmt, ...) IKEV2_PRINTF(2, 3);
bool ikev2_syntax_error(struct ikev2_error *err, const char *fmt, ...) IKEV2_PRINTF(2, 3);
bool ikev2_notify_error(struct ikev2_error *err, uint16_t notify, const char *fmt, ...)
	IKEV2_PRINTF(3, 4);
/* Prepends context ("SA payload #2 at offset 28: ") to the reason. */
void ikev2_error_prefix(struct ikev2_error *err, const char *fmt, ...) IKEV2_PRINTF(2, 3);

/* What to do, given whether the message's integrity was verified. */
enum ikev2_error_kind ikev2_error_action(const struct ikev2_error *err, bool protected_msg);

#endif
