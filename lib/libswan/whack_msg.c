/*
 * whack requests: the command table, the encoder, and the decoder pluto
 * runs on bytes from whoever can reach its control socket (see
 * whack_msg.h for the layout).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "whack_msg.h"

struct whack_command_desc {
	const char *name;
	enum whack_arg arg;
};

/* Indexed by enum whack_command. */
static const struct whack_command_desc whack_commands[] = {
	[WHACK_INITIATE] = { "initiate", WHACK_ARG_NAME },
	[WHACK_TERMINATE] = { "terminate", WHACK_ARG_NAME },
	[WHACK_SUSPEND] = { "suspend", WHACK_ARG_NAME },
	[WHACK_RESUME] = { "resume", WHACK_ARG_NAME },
	[WHACK_ADD] = { "add", WHACK_ARG_NAME },
	[WHACK_DELETE] = { "delete", WHACK_ARG_NAME },
	[WHACK_REPLACE] = { "replace", WHACK_ARG_NAME },
	[WHACK_STATUS] = { "status", WHACK_ARG_NONE },
	[WHACK_TRAFFICSTATUS] = { "trafficstatus", WHACK_ARG_NONE },
	[WHACK_LISTEN] = { "listen", WHACK_ARG_NONE },
	[WHACK_REREADSECRETS] = { "rereadsecrets", WHACK_ARG_NONE },
	[WHACK_SHUTDOWN] = { "shutdown", WHACK_ARG_NONE },
	[WHACK_DEBUG] = { "debug", WHACK_ARG_DEBUG },
	[WHACK_IMPAIR] = { "impair", WHACK_ARG_IMPAIR },
	[WHACK_REKEY_CHILD] = { "rekey-child", WHACK_ARG_NAME },
	[WHACK_REKEY_IKE] = { "rekey-ike", WHACK_ARG_NAME },
};

struct whack_impair_desc {
	const char *name;
	const char *help;
};

/* Indexed by enum whack_impair. */
static const struct whack_impair_desc whack_impairs[] = {
	[WHACK_IMPAIR_NONE] = { "none", "switch every impairment off" },
	[WHACK_IMPAIR_TICKET_TAMPER] = { "ticket-tamper", "client: flip a bit of the ticket it presents" },
	[WHACK_IMPAIR_TICKET_REPLAY] = { "ticket-replay",
					 "client: keep each ticket it presents and present it again" },
	[WHACK_IMPAIR_TICKET_EXPIRE] = { "ticket-expire",
					 "gateway: judge ticket expiry by a clock one day ahead" },
	[WHACK_IMPAIR_RESUME_NO_TICKET] = { "resume-no-ticket",
					    "client: send IKE_SESSION_RESUME without TICKET_OPAQUE" },
	[WHACK_IMPAIR_TICKET_ACK] = { "ticket-ack", "gateway: answer TICKET_ACK instead of a ticket" },
};

const char *whack_impair_name(unsigned impair)
{
	return impair <= WHACK_IMPAIR_LAST ? whack_impairs[impair].name : NULL;
}

const char *whack_impair_help(unsigned impair)
{
	return impair <= WHACK_IMPAIR_LAST ? whack_impairs[impair].help : NULL;
}

bool whack_impair_by_name(const char *name, uint8_t *impair)
{
	for (unsigned i = 0; i <= WHACK_IMPAIR_LAST; i++) {
		if (strcmp(whack_impairs[i].name, name) == 0) {
			*impair = (uint8_t)i;
			return true;
		}
	}
	return false;
}

static const struct whack_command_desc *command_desc(unsigned command)
{
	if (command < WHACK_COMMAND_FIRST || command > WHACK_COMMAND_LAST)
		return NULL;
	return &whack_commands[command];
}

const char *whack_command_name(enum whack_command command)
{
	const struct whack_command_desc *d = command_desc(command);
	return d == NULL ? NULL : d->name;
}

enum whack_arg whack_command_arg(enum whack_command command)
{
	const struct whack_command_desc *d = command_desc(command);
	return d == NULL ? WHACK_ARG_NONE : d->arg;
}

/* Records why; returns false so that callers can `return fail(...)`. */
__attribute__((format(printf, 3, 4)))
static bool fail(struct whack_error *err, enum whack_error_code code, const char *fmt, ...)
{
	if (err == NULL)
		return false;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return false;
}

static void clear_error(struct whack_error *err)
{
	if (err != NULL) {
		err->code = WHACK_ERR_NONE;
		err->text[0] = '\0';
	}
}

bool whack_name_check(struct bytes name, struct whack_error *err)
{
	if (name.len == 0)
		return fail(err, WHACK_ERR_NAME, "empty connection name");
	if (name.len > WHACK_NAME_MAX)
		return fail(err, WHACK_ERR_NAME,
			    "connection name of %zu bytes exceeds the maximum of %d",
			    name.len, WHACK_NAME_MAX);
	for (size_t i = 0; i < name.len; i++) {
		uint8_t c = name.ptr[i];
		/* graphic ASCII: what a conn name in ipsec.conf can be */
		if (c <= 0x20 || c >= 0x7f)
			return fail(err, WHACK_ERR_NAME,
				    "connection name has non-printable byte 0x%02x at offset %zu",
				    c, i);
	}
	return true;
}

static bool debug_check(uint8_t set, uint8_t clear, struct whack_error *err)
{
	uint8_t unknown = (set | clear) & (uint8_t)~WHACK_DEBUG_KNOWN;
	if (unknown != 0)
		return fail(err, WHACK_ERR_DEBUG, "unknown debug bits 0x%02x", unknown);
	if ((set & clear) != 0)
		return fail(err, WHACK_ERR_DEBUG,
			    "debug bits 0x%02x both set and cleared", set & clear);
	return true;
}

static bool impair_check(uint8_t impair, uint8_t on, struct whack_error *err)
{
	if (impair > WHACK_IMPAIR_LAST)
		return fail(err, WHACK_ERR_IMPAIR, "unknown impairment %u", impair);
	if (on > 1)
		return fail(err, WHACK_ERR_IMPAIR, "impairment switch %u is neither 0 (off) nor 1 (on)", on);
	if (impair == WHACK_IMPAIR_NONE && on != 0)
		return fail(err, WHACK_ERR_IMPAIR, "impairment 'none' can only be switched off");
	return true;
}

void whack_request_init(struct whack_request *req, enum whack_command command)
{
	memset(req, 0, sizeof(*req));
	req->command = command;
}

/* Checks the request's fields; *name_len is the name's length. */
static bool request_check(const struct whack_request *req, size_t *name_len,
			  struct whack_error *err)
{
	const struct whack_command_desc *d = command_desc(req->command);
	if (d == NULL)
		return fail(err, WHACK_ERR_COMMAND, "unknown command %u", (unsigned)req->command);
	if ((req->flags & ~WHACK_FLAGS_KNOWN) != 0)
		return fail(err, WHACK_ERR_FLAGS, "unknown flags 0x%04x",
			    (unsigned)(req->flags & ~WHACK_FLAGS_KNOWN));
	*name_len = 0;
	switch (d->arg) {
	case WHACK_ARG_NAME:
		*name_len = strnlen(req->name, sizeof(req->name));
		if (*name_len == sizeof(req->name))
			return fail(err, WHACK_ERR_NAME, "connection name is not terminated");
		return whack_name_check(BYTES(req->name, *name_len), err);
	case WHACK_ARG_DEBUG:
		return debug_check(req->debug_set, req->debug_clear, err);
	case WHACK_ARG_IMPAIR:
		return impair_check(req->impair, req->impair_on ? 1 : 0, err);
	case WHACK_ARG_NONE:
		break;
	}
	return true;
}

bool whack_request_encode(const struct whack_request *req, struct wire_out *out,
			  struct whack_error *err)
{
	clear_error(err);
	size_t name_len = 0;
	if (!request_check(req, &name_len, err))
		return false;
	size_t start = out->len;
	wire_put_u32(out, WHACK_MAGIC);
	wire_put_u16(out, WHACK_VERSION);
	size_t length_at = wire_reserve(out, 2);
	wire_put_u16(out, (uint16_t)req->command);
	wire_put_u16(out, req->flags);
	switch (whack_command_arg(req->command)) {
	case WHACK_ARG_NAME:
		wire_put_u8(out, (uint8_t)name_len);
		wire_put_bytes(out, BYTES(req->name, name_len));
		break;
	case WHACK_ARG_DEBUG:
		wire_put_u8(out, req->debug_set);
		wire_put_u8(out, req->debug_clear);
		break;
	case WHACK_ARG_IMPAIR:
		wire_put_u8(out, req->impair);
		wire_put_u8(out, req->impair_on ? 1 : 0);
		break;
	case WHACK_ARG_NONE:
		break;
	}
	if (out->overflow)
		return fail(err, WHACK_ERR_OVERFLOW,
			    "output buffer of %zu bytes is too small for the request", out->cap);
	wire_patch_u16(out, length_at, (uint16_t)(out->len - start - WHACK_HEADER_SIZE));
	return true;
}

/* Reads and checks the header; *body_len is what it announces. */
static enum whack_frame header_read(struct wire_in *in, size_t *body_len,
				    struct whack_error *err)
{
	uint32_t magic;
	uint16_t version, length;
	if (!wire_get_u32(in, &magic) || !wire_get_u16(in, &version) ||
	    !wire_get_u16(in, &length)) {
		fail(err, WHACK_ERR_TRUNCATED,
		     "request of %zu bytes is shorter than the %d-byte header",
		     in->len, WHACK_HEADER_SIZE);
		return WHACK_FRAME_INCOMPLETE;
	}
	if (magic != WHACK_MAGIC) {
		fail(err, WHACK_ERR_MAGIC, "bad magic 0x%08x (expected 0x%08x): not a whack request",
		     magic, WHACK_MAGIC);
		return WHACK_FRAME_BAD;
	}
	if (version != WHACK_VERSION) {
		fail(err, WHACK_ERR_VERSION,
		     "whack protocol version %u is not supported (pluto speaks %d)",
		     version, WHACK_VERSION);
		return WHACK_FRAME_BAD;
	}
	if (length > WHACK_BODY_MAX) {
		fail(err, WHACK_ERR_TOO_LONG,
		     "request body length %u exceeds the maximum of %d bytes",
		     length, WHACK_BODY_MAX);
		return WHACK_FRAME_BAD;
	}
	*body_len = length;
	return WHACK_FRAME_COMPLETE;
}

enum whack_frame whack_request_frame(struct bytes received, size_t *frame_len,
				     struct whack_error *err)
{
	clear_error(err);
	*frame_len = 0;
	struct wire_in in = wire_in_bytes(received);
	size_t body_len;
	enum whack_frame f = header_read(&in, &body_len, err);
	if (f != WHACK_FRAME_COMPLETE) {
		if (f == WHACK_FRAME_INCOMPLETE)
			clear_error(err);	/* not an error yet: read more */
		return f;
	}
	*frame_len = WHACK_HEADER_SIZE + body_len;
	return received.len >= *frame_len ? WHACK_FRAME_COMPLETE : WHACK_FRAME_INCOMPLETE;
}

static bool name_read(struct wire_in *body, const char *command, char *name,
		      struct whack_error *err)
{
	uint8_t len;
	struct bytes b;
	if (!wire_get_u8(body, &len))
		return fail(err, WHACK_ERR_TRUNCATED,
			    "'%s' request ends before its name length", command);
	if (!wire_get_bytes(body, len, &b))
		return fail(err, WHACK_ERR_TRUNCATED,
			    "name length %u exceeds the %zu bytes left in the request",
			    len, wire_in_left(body));
	if (!whack_name_check(b, err))
		return false;
	memcpy(name, b.ptr, b.len);
	name[b.len] = '\0';
	return true;
}

static bool body_read(struct wire_in *body, struct whack_request *req, struct whack_error *err)
{
	uint16_t command, flags;
	if (!wire_get_u16(body, &command) || !wire_get_u16(body, &flags))
		return fail(err, WHACK_ERR_TRUNCATED,
			    "request body of %zu bytes is too short for command and flags",
			    body->len);
	const struct whack_command_desc *d = command_desc(command);
	if (d == NULL)
		return fail(err, WHACK_ERR_COMMAND, "unknown command %u", command);
	if ((flags & ~WHACK_FLAGS_KNOWN) != 0)
		return fail(err, WHACK_ERR_FLAGS, "unknown flags 0x%04x in '%s' request",
			    (unsigned)(flags & ~WHACK_FLAGS_KNOWN), d->name);
	whack_request_init(req, (enum whack_command)command);
	req->flags = flags;
	switch (d->arg) {
	case WHACK_ARG_NAME:
		if (!name_read(body, d->name, req->name, err))
			return false;
		break;
	case WHACK_ARG_DEBUG:
		if (!wire_get_u8(body, &req->debug_set) || !wire_get_u8(body, &req->debug_clear))
			return fail(err, WHACK_ERR_TRUNCATED,
				    "'debug' request ends before its two mask bytes");
		if (!debug_check(req->debug_set, req->debug_clear, err))
			return false;
		break;
	case WHACK_ARG_IMPAIR: {
		uint8_t on;
		if (!wire_get_u8(body, &req->impair) || !wire_get_u8(body, &on))
			return fail(err, WHACK_ERR_TRUNCATED,
				    "'impair' request ends before its impairment and switch bytes");
		if (!impair_check(req->impair, on, err))
			return false;
		req->impair_on = on == 1;
		break;
	}
	case WHACK_ARG_NONE:
		break;
	}
	if (wire_in_left(body) != 0)
		return fail(err, WHACK_ERR_TRAILING,
			    "%zu unexpected bytes after the arguments of the '%s' request",
			    wire_in_left(body), d->name);
	return true;
}

bool whack_request_decode(struct bytes frame, struct whack_request *req,
			  struct whack_error *err)
{
	clear_error(err);
	struct wire_in in = wire_in_bytes(frame);
	size_t body_len;
	if (header_read(&in, &body_len, err) != WHACK_FRAME_COMPLETE)
		return false;
	struct wire_in body;
	if (!wire_get_sub(&in, body_len, &body))
		return fail(err, WHACK_ERR_TRUNCATED,
			    "request truncated: header announces %zu body bytes, %zu present",
			    body_len, wire_in_left(&in));
	if (wire_in_left(&in) != 0)
		return fail(err, WHACK_ERR_TRAILING,
			    "%zu bytes after the end of the request", wire_in_left(&in));
	return body_read(&body, req, err);
}

/*
 * Replies.
 */

static const char *const whack_reply_kinds[] = {
	[WHACK_REPLY_INFO] = "info",
	[WHACK_REPLY_WARN] = "warning",
	[WHACK_REPLY_ERROR] = "error",
	[WHACK_REPLY_END] = "end",
};

const char *whack_reply_kind_name(enum whack_reply_kind kind)
{
	if (kind < WHACK_REPLY_INFO || kind > WHACK_REPLY_END)
		return NULL;
	return whack_reply_kinds[kind];
}

static bool line_kind(unsigned kind)
{
	return kind == WHACK_REPLY_INFO || kind == WHACK_REPLY_WARN || kind == WHACK_REPLY_ERROR;
}

/* What a line may hold: printable ASCII and tab, so that no line can
 * drive the operator's terminal. */
static bool line_char_ok(uint8_t c)
{
	return c == '\t' || (c >= 0x20 && c < 0x7f);
}

bool whack_reply_put_line(struct wire_out *out, enum whack_reply_kind kind, const char *text)
{
	static const char ellipsis[] = "...";
	if (!line_kind(kind))
		return false;
	size_t len = strnlen(text, WHACK_LINE_MAX + 1);
	bool cut = len > WHACK_LINE_MAX;
	if (cut)
		len = WHACK_LINE_MAX - (sizeof(ellipsis) - 1);
	size_t text_len = cut ? WHACK_LINE_MAX : len;
	/* all or nothing: never leave half a record in the buffer */
	if (out->overflow || out->cap - out->len < WHACK_RECORD_HEADER_SIZE + text_len)
		return false;
	wire_put_u8(out, (uint8_t)kind);
	wire_put_u16(out, (uint16_t)text_len);
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)text[i];
		wire_put_u8(out, line_char_ok(c) ? c : '?');
	}
	if (cut)
		wire_put_bytes(out, BYTES(ellipsis, sizeof(ellipsis) - 1));
	return !out->overflow;
}

bool whack_reply_put_end(struct wire_out *out, uint8_t status)
{
	if (status > WHACK_STATUS_MAX)
		status = WHACK_STATUS_FAILED;
	if (out->overflow || out->cap - out->len < WHACK_RECORD_HEADER_SIZE + 1)
		return false;
	wire_put_u8(out, WHACK_REPLY_END);
	wire_put_u16(out, 1);
	wire_put_u8(out, status);
	return !out->overflow;
}

/* Decodes one whole record from `in` (a copy the caller may discard). */
static enum whack_frame reply_read(struct wire_in *in, struct whack_reply *reply,
				   struct whack_error *err)
{
	uint8_t kind;
	uint16_t len;
	if (!wire_get_u8(in, &kind) || !wire_get_u16(in, &len))
		return WHACK_FRAME_INCOMPLETE;
	/* judge the header before waiting for a body it may never get */
	if (kind == WHACK_REPLY_END) {
		if (len != 1) {
			fail(err, WHACK_ERR_STATUS, "end record of length %u (expected 1)", len);
			return WHACK_FRAME_BAD;
		}
	} else if (!line_kind(kind)) {
		fail(err, WHACK_ERR_KIND, "unknown reply record kind %u", kind);
		return WHACK_FRAME_BAD;
	} else if (len > WHACK_LINE_MAX) {
		fail(err, WHACK_ERR_TOO_LONG, "reply line of %u bytes exceeds the maximum of %d",
		     len, WHACK_LINE_MAX);
		return WHACK_FRAME_BAD;
	}
	struct bytes body;
	if (!wire_get_bytes(in, len, &body))
		return WHACK_FRAME_INCOMPLETE;
	reply->kind = (enum whack_reply_kind)kind;
	reply->status = 0;
	reply->text[0] = '\0';
	if (kind == WHACK_REPLY_END) {
		if (body.ptr[0] > WHACK_STATUS_MAX) {
			fail(err, WHACK_ERR_STATUS, "exit status %u exceeds the maximum of %d",
			     body.ptr[0], WHACK_STATUS_MAX);
			return WHACK_FRAME_BAD;
		}
		reply->status = body.ptr[0];
		return WHACK_FRAME_COMPLETE;
	}
	for (size_t i = 0; i < body.len; i++) {
		if (!line_char_ok(body.ptr[i])) {
			fail(err, WHACK_ERR_TEXT,
			     "reply line has control byte 0x%02x at offset %zu", body.ptr[i], i);
			return WHACK_FRAME_BAD;
		}
	}
	memcpy(reply->text, body.ptr, body.len);
	reply->text[body.len] = '\0';
	return WHACK_FRAME_COMPLETE;
}

enum whack_frame whack_reply_next(struct wire_in *in, struct whack_reply *reply,
				  struct whack_error *err)
{
	clear_error(err);
	struct wire_in peek = *in;
	enum whack_frame f = reply_read(&peek, reply, err);
	if (f == WHACK_FRAME_COMPLETE)
		in->off = peek.off;
	return f;
}
