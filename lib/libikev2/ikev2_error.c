/* Decode errors (see ikev2_error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ikev2_error.h"
#include "ikev2_numbers.h"

static bool fail(struct ikev2_error *err, enum ikev2_error_kind kind, uint16_t notify,
		 const char *fmt, va_list ap) IKEV2_PRINTF(4, 0);

static bool fail(struct ikev2_error *err, enum ikev2_error_kind kind, uint16_t notify,
		 const char *fmt, va_list ap)
{
	err->kind = kind;
	err->notify = notify;
	err->data_len = 0;
	vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	return false;
}

bool ikev2_drop(struct ikev2_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail(err, IKEV2_ERROR_DROP, 0, fmt, ap);
	va_end(ap);
	return false;
}

bool ikev2_syntax_error(struct ikev2_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail(err, IKEV2_ERROR_NOTIFY, IKEV2_N_INVALID_SYNTAX, fmt, ap);
	va_end(ap);
	return false;
}

bool ikev2_notify_error(struct ikev2_error *err, uint16_t notify, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail(err, IKEV2_ERROR_NOTIFY, notify, fmt, ap);
	va_end(ap);
	return false;
}

void ikev2_error_prefix(struct ikev2_error *err, const char *fmt, ...)
{
	char buf[IKEV2_ERROR_REASON_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	size_t used = n < 0 ? 0 : (size_t)n >= sizeof(buf) ? sizeof(buf) - 1 : (size_t)n;
	size_t old_len = strnlen(err->reason, sizeof(err->reason) - 1);
	size_t room = sizeof(buf) - 1 - used;
	size_t copy = old_len < room ? old_len : room;
	memcpy(buf + used, err->reason, copy);
	buf[used + copy] = '\0';
	memcpy(err->reason, buf, sizeof(buf));
}

enum ikev2_error_kind ikev2_error_action(const struct ikev2_error *err, bool protected_msg)
{
	if (err->kind == IKEV2_ERROR_NOTIFY && err->notify == IKEV2_N_INVALID_SYNTAX &&
	    !protected_msg)
		return IKEV2_ERROR_DROP;
	return err->kind;
}
