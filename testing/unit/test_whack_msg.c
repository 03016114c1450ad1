/* The whack codec: round trips, and hostile requests and replies. */
#include <stdio.h>

#include "unit.h"
#include "whack_msg.h"

/* Encodes req into buf; returns the frame. */
static struct bytes encode(const struct whack_request *req, uint8_t *buf, size_t cap)
{
	struct wire_out out = wire_out_buf(buf, cap);
	struct whack_error err;
	bool ok = whack_request_encode(req, &out, &err);
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "encode: %s\n", err.text);
	return wire_out_bytes(&out);
}

/* Decoding must fail with this class and a reason containing `why`. */
static void refused(struct bytes frame, enum whack_error_code code, const char *why)
{
	struct whack_request req;
	struct whack_error err;
	bool ok = whack_request_decode(frame, &req, &err);
	CHECK(!ok);
	CHECK(err.code == code);
	CHECK(strstr(err.text, why) != NULL);
	if (ok || err.code != code || strstr(err.text, why) == NULL)
		fprintf(stderr, "  wanted %d \"%s\", got %s %d \"%s\"\n", code, why,
			ok ? "ok" : "error", err.code, err.text);
}

static bool same_request(const struct whack_request *a, const struct whack_request *b)
{
	return a->command == b->command && a->flags == b->flags &&
	       strcmp(a->name, b->name) == 0 && a->debug_set == b->debug_set &&
	       a->debug_clear == b->debug_clear && a->impair == b->impair &&
	       a->impair_on == b->impair_on;
}

static void test_round_trip_every_command(void)
{
	for (unsigned c = WHACK_COMMAND_FIRST; c <= WHACK_COMMAND_LAST; c++) {
		struct whack_request req, back;
		whack_request_init(&req, c);
		CHECK(whack_command_name(c) != NULL);
		switch (whack_command_arg(c)) {
		case WHACK_ARG_NAME:
			strcpy(req.name, "west-east");
			req.flags = WHACK_FLAG_ASYNC;
			break;
		case WHACK_ARG_DEBUG:
			req.debug_set = WHACK_DEBUG_BASE;
			req.debug_clear = WHACK_DEBUG_PRIVATE;
			break;
		case WHACK_ARG_IMPAIR:
			req.impair = WHACK_IMPAIR_TICKET_REPLAY;
			req.impair_on = true;
			break;
		case WHACK_ARG_NONE:
			break;
		}
		uint8_t buf[WHACK_REQUEST_MAX];
		struct bytes frame = encode(&req, buf, sizeof(buf));
		size_t frame_len;
		struct whack_error err;
		CHECK(whack_request_frame(frame, &frame_len, &err) == WHACK_FRAME_COMPLETE);
		CHECK(frame_len == frame.len);
		CHECK(whack_request_decode(frame, &back, &err));
		CHECK(same_request(&req, &back));
		CHECK(err.code == WHACK_ERR_NONE);
	}
	CHECK(whack_command_name(0) == NULL);
	CHECK(whack_command_name(WHACK_COMMAND_LAST + 1) == NULL);
}

static void test_exact_layout(void)
{
	struct whack_request req;
	whack_request_init(&req, WHACK_RESUME);
	strcpy(req.name, "road");
	uint8_t buf[64];
	struct bytes frame = encode(&req, buf, sizeof(buf));
	CHECK_EQ_BYTES(frame, unit_hex("5748414b 0001 0009 0004 0000 04 726f6164"));
	/* a name longest of all still fits, with room to spare */
	memset(req.name, 'n', WHACK_NAME_MAX);
	req.name[WHACK_NAME_MAX] = '\0';
	uint8_t big[WHACK_REQUEST_MAX];
	frame = encode(&req, big, sizeof(big));
	CHECK(frame.len == WHACK_HEADER_SIZE + 4 + 1 + WHACK_NAME_MAX);
	struct whack_request back;
	CHECK(whack_request_decode(frame, &back, NULL) && same_request(&req, &back));
}

static void test_encoder_refuses_bad_requests(void)
{
	uint8_t buf[WHACK_REQUEST_MAX];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct whack_request req;
	struct whack_error err;

	whack_request_init(&req, 99);
	CHECK(!whack_request_encode(&req, &out, &err) && err.code == WHACK_ERR_COMMAND);
	whack_request_init(&req, WHACK_STATUS);
	req.flags = 0x8000;
	CHECK(!whack_request_encode(&req, &out, &err) && err.code == WHACK_ERR_FLAGS);
	whack_request_init(&req, WHACK_INITIATE);
	CHECK(!whack_request_encode(&req, &out, &err) && err.code == WHACK_ERR_NAME);
	CHECK(strstr(err.text, "empty") != NULL);
	strcpy(req.name, "west east");
	CHECK(!whack_request_encode(&req, &out, &err) && err.code == WHACK_ERR_NAME);
	CHECK(strstr(err.text, "0x20 at offset 4") != NULL);
	memset(req.name, 'x', sizeof(req.name));	/* no NUL */
	CHECK(!whack_request_encode(&req, &out, &err) && err.code == WHACK_ERR_NAME);
	whack_request_init(&req, WHACK_DEBUG);
	req.debug_set = req.debug_clear = WHACK_DEBUG_BASE;
	CHECK(!whack_request_encode(&req, &out, &err) && err.code == WHACK_ERR_DEBUG);
	req.debug_clear = 0x80;
	CHECK(!whack_request_encode(&req, &out, &err) && err.code == WHACK_ERR_DEBUG);
	CHECK(out.len == 0 && !out.overflow);

	whack_request_init(&req, WHACK_TERMINATE);
	strcpy(req.name, "a-rather-long-name");
	struct wire_out small = wire_out_buf(buf, 12);
	CHECK(!whack_request_encode(&req, &small, &err) && err.code == WHACK_ERR_OVERFLOW);
	CHECK(wire_out_bytes(&small).len == 0);
}

static void test_framing(void)
{
	struct whack_request req;
	whack_request_init(&req, WHACK_ADD);
	strcpy(req.name, "conn1");
	uint8_t buf[64];
	struct bytes frame = encode(&req, buf, sizeof(buf));
	size_t len;
	struct whack_error err;
	for (size_t n = 0; n < WHACK_HEADER_SIZE; n++) {
		CHECK(whack_request_frame(BYTES(frame.ptr, n), &len, &err) == WHACK_FRAME_INCOMPLETE);
		CHECK(len == 0 && err.code == WHACK_ERR_NONE);
	}
	for (size_t n = WHACK_HEADER_SIZE; n < frame.len; n++) {
		CHECK(whack_request_frame(BYTES(frame.ptr, n), &len, &err) == WHACK_FRAME_INCOMPLETE);
		CHECK(len == frame.len);
	}
	CHECK(whack_request_frame(frame, &len, &err) == WHACK_FRAME_COMPLETE && len == frame.len);
	static const char http[] = "GET / HTTP/1.0\r\n";
	CHECK(whack_request_frame(BYTES(http, sizeof(http) - 1), &len, &err) == WHACK_FRAME_BAD);
	CHECK(err.code == WHACK_ERR_MAGIC);
	struct bytes huge = unit_hex("5748414b 0001 ffff");
	CHECK(whack_request_frame(huge, &len, &err) == WHACK_FRAME_BAD);
	CHECK(err.code == WHACK_ERR_TOO_LONG && strstr(err.text, "65535") != NULL);
}

static void test_truncated_at_every_length(void)
{
	struct whack_request req;
	whack_request_init(&req, WHACK_SUSPEND);
	strcpy(req.name, "laptop");
	uint8_t buf[64];
	struct bytes frame = encode(&req, buf, sizeof(buf));
	for (size_t n = 0; n < frame.len; n++)
		refused(BYTES(frame.ptr, n), WHACK_ERR_TRUNCATED, n < WHACK_HEADER_SIZE ?
			"shorter than the 8-byte header" : "request truncated");
	/* header and body agree, the body is what is short */
	refused(unit_hex("5748414b 0001 0003 0001 00"), WHACK_ERR_TRUNCATED,
		"too short for command and flags");
	refused(unit_hex("5748414b 0001 0004 0001 0000"), WHACK_ERR_TRUNCATED,
		"'initiate' request ends before its name length");
	refused(unit_hex("5748414b 0001 0007 0001 0000 0a 4142"), WHACK_ERR_TRUNCATED,
		"name length 10 exceeds the 2 bytes left");
	refused(unit_hex("5748414b 0001 0005 000d 0000 01"), WHACK_ERR_TRUNCATED,
		"before its two mask bytes");
}

static void test_hostile_requests(void)
{
	refused(unit_hex("5748414c 0001 0004 0008 0000"), WHACK_ERR_MAGIC,
		"bad magic 0x5748414c");
	refused(unit_hex("5748414b 0002 0004 0008 0000"), WHACK_ERR_VERSION,
		"version 2 is not supported");
	refused(unit_hex("5748414b 0001 0201 0008 0000"), WHACK_ERR_TOO_LONG,
		"body length 513 exceeds the maximum of 512");
	refused(unit_hex("5748414b 0001 0004 0000 0000"), WHACK_ERR_COMMAND, "unknown command 0");
	refused(unit_hex("5748414b 0001 0004 0011 0000"), WHACK_ERR_COMMAND, "unknown command 17");
	refused(unit_hex("5748414b 0001 0004 ffff 0000"), WHACK_ERR_COMMAND, "unknown command 65535");
	refused(unit_hex("5748414b 0001 0004 0008 0002"), WHACK_ERR_FLAGS,
		"unknown flags 0x0002 in 'status'");
	refused(unit_hex("5748414b 0001 0005 0001 0000 00"), WHACK_ERR_NAME, "empty connection name");
	refused(unit_hex("5748414b 0001 0008 0001 0000 03 610762"), WHACK_ERR_NAME,
		"non-printable byte 0x07 at offset 1");
	refused(unit_hex("5748414b 0001 0008 0002 0000 03 6162e9"), WHACK_ERR_NAME,
		"non-printable byte 0xe9 at offset 2");
	refused(unit_hex("5748414b 0001 0008 0003 0000 03 612062"), WHACK_ERR_NAME,
		"non-printable byte 0x20 at offset 1");
	refused(unit_hex("5748414b 0001 0008 0004 0000 03 61627f"), WHACK_ERR_NAME, "0x7f");
	refused(unit_hex("5748414b 0001 0008 0004 0000 03 610062"), WHACK_ERR_NAME, "0x00");
	refused(unit_hex("5748414b 0001 0006 000d 0000 04 00"), WHACK_ERR_DEBUG,
		"unknown debug bits 0x04");
	refused(unit_hex("5748414b 0001 0006 000d 0000 03 01"), WHACK_ERR_DEBUG,
		"debug bits 0x01 both set and cleared");
	refused(unit_hex("5748414b 0001 0005 0008 0000 00"), WHACK_ERR_TRAILING,
		"1 unexpected bytes after the arguments of the 'status' request");
	refused(unit_hex("5748414b 0001 0009 0006 0000 02 6161 4242"), WHACK_ERR_TRAILING,
		"2 unexpected bytes after the arguments of the 'delete' request");
	refused(unit_hex("5748414b 0001 0004 0008 0000 00"), WHACK_ERR_TRAILING,
		"1 bytes after the end of the request");
	/* a request the decoder accepts is exactly what the encoder writes */
	struct whack_request req;
	CHECK(whack_request_decode(unit_hex("5748414b 0001 0006 000d 0000 02 01"), &req, NULL));
	CHECK(req.command == WHACK_DEBUG && req.debug_set == WHACK_DEBUG_PRIVATE &&
	      req.debug_clear == WHACK_DEBUG_BASE);
}

/* Every single-bit flip is either refused with a reason or decodes to
 * a request that re-encodes to exactly the flipped bytes. */
static void test_bit_flips(void)
{
	struct whack_request req;
	whack_request_init(&req, WHACK_REPLACE);
	strcpy(req.name, "gw");
	uint8_t buf[64], again[WHACK_REQUEST_MAX];
	struct bytes frame = encode(&req, buf, sizeof(buf));
	uint8_t m[64];
	unsigned accepted = 0;
	for (size_t bit = 0; bit < frame.len * 8; bit++) {
		memcpy(m, frame.ptr, frame.len);
		m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		struct whack_request back;
		struct whack_error err;
		if (whack_request_decode(BYTES(m, frame.len), &back, &err)) {
			accepted++;
			struct wire_out out = wire_out_buf(again, sizeof(again));
			CHECK(whack_request_encode(&back, &out, NULL));
			CHECK_EQ_BYTES(wire_out_bytes(&out), BYTES(m, frame.len));
		} else {
			CHECK(err.code != WHACK_ERR_NONE && err.text[0] != '\0');
		}
	}
	CHECK(accepted > 0);	/* e.g. other name letters, other name commands */
}

/* --impair: every impairment both ways, its exact bytes, and what is refused. */
static void test_impair_requests(void)
{
	for (unsigned i = 0; i <= WHACK_IMPAIR_LAST; i++) {
		const char *name = whack_impair_name(i);
		uint8_t back_id;
		CHECK(name != NULL && whack_impair_help(i) != NULL);
		CHECK(whack_impair_by_name(name, &back_id) && back_id == i);
		for (int on = 0; on <= 1; on++) {
			struct whack_request req, back;
			whack_request_init(&req, WHACK_IMPAIR);
			req.impair = (uint8_t)i;
			req.impair_on = on;
			uint8_t buf[64];
			struct wire_out out = wire_out_buf(buf, sizeof(buf));
			struct whack_error err;
			bool ok = whack_request_encode(&req, &out, &err);
			/* "none" only clears */
			CHECK(ok == (i != WHACK_IMPAIR_NONE || !on));
			if (!ok) {
				CHECK(err.code == WHACK_ERR_IMPAIR);
				continue;
			}
			CHECK(whack_request_decode(wire_out_bytes(&out), &back, NULL));
			CHECK(same_request(&req, &back));
		}
	}
	CHECK(whack_impair_name(WHACK_IMPAIR_LAST + 1) == NULL);
	uint8_t id = 42;
	CHECK(!whack_impair_by_name("ticket", &id) && id == 42);
	CHECK(!whack_impair_by_name("", &id));

	struct whack_request req;
	whack_request_init(&req, WHACK_IMPAIR);
	req.impair = WHACK_IMPAIR_TICKET_TAMPER;
	req.impair_on = true;
	uint8_t buf[64];
	CHECK_EQ_BYTES(encode(&req, buf, sizeof(buf)), unit_hex("5748414b 0001 0006 000e 0000 01 01"));
	CHECK(whack_request_decode(unit_hex("5748414b 0001 0006 000e 0000 00 00"), &req, NULL));
	CHECK(req.impair == WHACK_IMPAIR_NONE && !req.impair_on);

	refused(unit_hex("5748414b 0001 0006 000e 0000 06 01"), WHACK_ERR_IMPAIR, "unknown impairment 6");
	refused(unit_hex("5748414b 0001 0006 000e 0000 ff 00"), WHACK_ERR_IMPAIR, "unknown impairment 255");
	refused(unit_hex("5748414b 0001 0006 000e 0000 01 02"), WHACK_ERR_IMPAIR,
		"switch 2 is neither 0 (off) nor 1 (on)");
	refused(unit_hex("5748414b 0001 0006 000e 0000 00 01"), WHACK_ERR_IMPAIR,
		"'none' can only be switched off");
	refused(unit_hex("5748414b 0001 0005 000e 0000 01"), WHACK_ERR_TRUNCATED,
		"'impair' request ends before");
	refused(unit_hex("5748414b 0001 0004 000e 0000"), WHACK_ERR_TRUNCATED,
		"'impair' request ends before");
	refused(unit_hex("5748414b 0001 0007 000e 0000 01 01 00"), WHACK_ERR_TRAILING,
		"1 unexpected bytes after the arguments of the 'impair' request");
}

static void test_reply_round_trip(void)
{
	uint8_t buf[3 * WHACK_RECORD_MAX];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	CHECK(whack_reply_put_line(&out, WHACK_REPLY_INFO, "\"west\": established IKE SA"));
	CHECK(whack_reply_put_line(&out, WHACK_REPLY_WARN, ""));
	CHECK(whack_reply_put_line(&out, WHACK_REPLY_ERROR, "bad\x1b[31m\ttab\n"));
	CHECK(whack_reply_put_end(&out, WHACK_STATUS_NO_CONNECTION));
	CHECK(!whack_reply_put_line(&out, WHACK_REPLY_END, "no"));

	struct wire_in in = wire_in_bytes(wire_out_bytes(&out));
	struct whack_reply r;
	struct whack_error err;
	CHECK(whack_reply_next(&in, &r, &err) == WHACK_FRAME_COMPLETE);
	CHECK(r.kind == WHACK_REPLY_INFO && strcmp(r.text, "\"west\": established IKE SA") == 0);
	CHECK(whack_reply_next(&in, &r, &err) == WHACK_FRAME_COMPLETE);
	CHECK(r.kind == WHACK_REPLY_WARN && r.text[0] == '\0');
	CHECK(whack_reply_next(&in, &r, &err) == WHACK_FRAME_COMPLETE);
	CHECK(r.kind == WHACK_REPLY_ERROR && strcmp(r.text, "bad?[31m\ttab?") == 0);
	CHECK(whack_reply_next(&in, &r, &err) == WHACK_FRAME_COMPLETE);
	CHECK(r.kind == WHACK_REPLY_END && r.status == WHACK_STATUS_NO_CONNECTION);
	CHECK(whack_reply_next(&in, &r, &err) == WHACK_FRAME_INCOMPLETE);
	CHECK(wire_in_left(&in) == 0);
	CHECK(strcmp(whack_reply_kind_name(WHACK_REPLY_END), "end") == 0);
	CHECK(whack_reply_kind_name(0) == NULL && whack_reply_kind_name(5) == NULL);
}

static void test_reply_long_line_and_room(void)
{
	static char text[WHACK_LINE_MAX + 100];
	memset(text, 'a', sizeof(text) - 1);
	uint8_t buf[WHACK_RECORD_MAX];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	CHECK(whack_reply_put_line(&out, WHACK_REPLY_INFO, text));
	CHECK(out.len == WHACK_RECORD_MAX);
	struct wire_in in = wire_in_bytes(wire_out_bytes(&out));
	static struct whack_reply r;
	CHECK(whack_reply_next(&in, &r, NULL) == WHACK_FRAME_COMPLETE);
	CHECK(strlen(r.text) == WHACK_LINE_MAX);
	CHECK(strcmp(r.text + WHACK_LINE_MAX - 4, "a...") == 0);
	/* a record that does not fit leaves the buffer as it was */
	out = wire_out_buf(buf, 10);
	CHECK(!whack_reply_put_line(&out, WHACK_REPLY_INFO, "12345678"));
	CHECK(out.len == 0 && !out.overflow);
	CHECK(whack_reply_put_line(&out, WHACK_REPLY_INFO, "1234567"));
	CHECK(!whack_reply_put_end(&out, 0) && out.len == 10);
	out = wire_out_buf(buf, 4);
	CHECK(whack_reply_put_end(&out, 200));	/* out of range: becomes FAILED */
	CHECK_EQ_BYTES(wire_out_bytes(&out), unit_hex("04 0001 01"));
}

static void test_reply_incomplete_consumes_nothing(void)
{
	uint8_t buf[64];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	whack_reply_put_line(&out, WHACK_REPLY_INFO, "hello");
	whack_reply_put_end(&out, 0);
	struct bytes all = wire_out_bytes(&out);
	struct whack_reply r;
	for (size_t n = 0; n < 8; n++) {
		struct wire_in in = wire_in_bytes(BYTES(all.ptr, n));
		CHECK(whack_reply_next(&in, &r, NULL) == WHACK_FRAME_INCOMPLETE && in.off == 0);
	}
	struct wire_in in = wire_in_bytes(BYTES(all.ptr, 9));
	CHECK(whack_reply_next(&in, &r, NULL) == WHACK_FRAME_COMPLETE && in.off == 8);
	CHECK(whack_reply_next(&in, &r, NULL) == WHACK_FRAME_INCOMPLETE && in.off == 8);
}

static void reply_refused(struct bytes b, enum whack_error_code code, const char *why)
{
	struct wire_in in = wire_in_bytes(b);
	struct whack_reply r;
	struct whack_error err;
	CHECK(whack_reply_next(&in, &r, &err) == WHACK_FRAME_BAD);
	CHECK(err.code == code && strstr(err.text, why) != NULL);
	CHECK(in.off == 0);
	if (err.code != code || strstr(err.text, why) == NULL)
		fprintf(stderr, "  wanted %d \"%s\", got %d \"%s\"\n", code, why, err.code, err.text);
}

static void test_hostile_replies(void)
{
	/* judged from the header alone, before any body arrives */
	reply_refused(unit_hex("00 0001"), WHACK_ERR_KIND, "unknown reply record kind 0");
	reply_refused(unit_hex("05 0001"), WHACK_ERR_KIND, "unknown reply record kind 5");
	reply_refused(unit_hex("01 1001"), WHACK_ERR_TOO_LONG,
		      "reply line of 4097 bytes exceeds the maximum of 4096");
	reply_refused(unit_hex("04 0002"), WHACK_ERR_STATUS, "end record of length 2");
	reply_refused(unit_hex("04 0000"), WHACK_ERR_STATUS, "end record of length 0");
	reply_refused(unit_hex("04 0001 7e"), WHACK_ERR_STATUS, "exit status 126 exceeds");
	reply_refused(unit_hex("01 0003 61 1b 62"), WHACK_ERR_TEXT,
		      "control byte 0x1b at offset 1");
	reply_refused(unit_hex("03 0002 61 9b"), WHACK_ERR_TEXT, "control byte 0x9b at offset 1");
}

UNIT_MAIN(UNIT(test_round_trip_every_command), UNIT(test_exact_layout),
	  UNIT(test_encoder_refuses_bad_requests), UNIT(test_framing),
	  UNIT(test_truncated_at_every_length), UNIT(test_hostile_requests),
	  UNIT(test_bit_flips), UNIT(test_impair_requests), UNIT(test_reply_round_trip),
	  UNIT(test_reply_long_line_and_room), UNIT(test_reply_incomplete_consumes_nothing),
	  UNIT(test_hostile_replies))
