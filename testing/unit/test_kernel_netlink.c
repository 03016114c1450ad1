/* Netlink message building and reading for kernel_xfrm, including
 * malformed and truncated answers. */
#include <errno.h>
#include <limits.h>
#include <linux/netlink.h>

#include "unit.h"
#include "../../programs/pluto/kernel_netlink.h"

static void test_build_and_read_back(void)
{
	uint8_t buf[128];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	size_t start = nl_msg_begin(&out, 16, NLM_F_REQUEST | NLM_F_ACK, 9);
	nl_put_fixed(&out, "abc", 3);
	nl_put_attr(&out, 1, BYTES("hello", 5));
	size_t a = nl_attr_begin(&out, 2);
	nl_put_raw(&out, BYTES("four", 4));
	nl_put_raw(&out, BYTES("key", 3));
	nl_attr_end(&out, a);
	nl_msg_end(&out, start);
	CHECK(!out.overflow);
	/* header 16, fixed 3+1, attr 4+5+3, attr 4+7+1 */
	CHECK(out.len == 16 + 4 + 12 + 12);

	struct nlmsghdr h;
	memcpy(&h, buf, sizeof(h));
	CHECK(h.nlmsg_len == out.len && h.nlmsg_type == 16 && h.nlmsg_seq == 9 && h.nlmsg_pid == 0);
	CHECK(h.nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK));

	struct wire_in dgram = wire_in_bytes(wire_out_bytes(&out));
	struct nl_msg m;
	CHECK(nl_msg_next(&dgram, &m));
	CHECK(m.type == 16 && m.seq == 9 && wire_in_left(&m.body) == 28);
	CHECK(wire_skip(&m.body, 4));
	uint16_t type;
	struct wire_in payload;
	struct bytes b;
	CHECK(nl_attr_next(&m.body, &type, &payload) && type == 1);
	CHECK(wire_get_bytes(&payload, wire_in_left(&payload), &b) && bytes_eq(b, BYTES("hello", 5)));
	CHECK(nl_attr_next(&m.body, &type, &payload) && type == 2);
	CHECK(wire_get_bytes(&payload, wire_in_left(&payload), &b) && bytes_eq(b, BYTES("fourkey", 7)));
	CHECK(!nl_attr_next(&m.body, &type, &payload) && wire_in_left(&m.body) == 0);
	CHECK(!nl_msg_next(&dgram, &m) && wire_in_left(&dgram) == 0);
}

static void test_overflow_is_sticky(void)
{
	uint8_t buf[24];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	size_t start = nl_msg_begin(&out, 16, 0, 1);
	nl_put_attr(&out, 1, BYTES("0123456789", 10));
	nl_msg_end(&out, start);
	CHECK(out.overflow);
	CHECK(wire_out_bytes(&out).len == 0);
}

/* A datagram of two messages; the last one is not padded. */
static void test_two_messages(void)
{
	uint8_t buf[64];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	size_t s = nl_msg_begin(&out, 1, 0, 1);
	nl_msg_end(&out, s);
	s = nl_msg_begin(&out, 2, 0, 2);
	nl_put_raw(&out, BYTES("xy", 2));
	/* no nl_msg_end padding: patch the length by hand */
	uint32_t len = 18;
	memcpy(buf + s, &len, sizeof(len));
	struct wire_in dgram = wire_in_bytes(BYTES(buf, out.len));
	struct nl_msg m;
	CHECK(nl_msg_next(&dgram, &m) && m.type == 1 && m.seq == 1 && wire_in_left(&m.body) == 0);
	CHECK(nl_msg_next(&dgram, &m) && m.type == 2 && wire_in_left(&m.body) == 2);
	CHECK(!nl_msg_next(&dgram, &m) && wire_in_left(&dgram) == 0);
}

static void test_malformed_messages(void)
{
	struct nlmsghdr h = { .nlmsg_len = 8, .nlmsg_type = 2 };
	uint8_t buf[64] = { 0 };
	struct nl_msg m;

	memcpy(buf, &h, sizeof(h));	/* length shorter than the header */
	struct wire_in dgram = wire_in_bytes(BYTES(buf, 32));
	CHECK(!nl_msg_next(&dgram, &m) && wire_in_left(&dgram) == 32);

	h.nlmsg_len = 40;		/* longer than the datagram */
	memcpy(buf, &h, sizeof(h));
	dgram = wire_in_bytes(BYTES(buf, 32));
	CHECK(!nl_msg_next(&dgram, &m) && wire_in_left(&dgram) == 32);

	h.nlmsg_len = 0xffffffff;	/* no wrap-around */
	memcpy(buf, &h, sizeof(h));
	dgram = wire_in_bytes(BYTES(buf, 32));
	CHECK(!nl_msg_next(&dgram, &m) && wire_in_left(&dgram) == 32);

	dgram = wire_in_bytes(BYTES(buf, 10));	/* truncated header */
	CHECK(!nl_msg_next(&dgram, &m) && wire_in_left(&dgram) == 10);

	struct nlattr a = { .nla_len = 2, .nla_type = 1 };
	uint16_t type;
	struct wire_in payload;
	memcpy(buf, &a, sizeof(a));
	struct wire_in attrs = wire_in_bytes(BYTES(buf, 8));
	CHECK(!nl_attr_next(&attrs, &type, &payload) && wire_in_left(&attrs) == 8);
	a.nla_len = 9;
	memcpy(buf, &a, sizeof(a));
	attrs = wire_in_bytes(BYTES(buf, 8));
	CHECK(!nl_attr_next(&attrs, &type, &payload) && wire_in_left(&attrs) == 8);
	attrs = wire_in_bytes(BYTES(buf, 3));
	CHECK(!nl_attr_next(&attrs, &type, &payload) && wire_in_left(&attrs) == 3);
	/* the nested and byte-order flags are not part of the type */
	a.nla_len = 4;
	a.nla_type = NLA_F_NESTED | 7;
	memcpy(buf, &a, sizeof(a));
	attrs = wire_in_bytes(BYTES(buf, 4));
	CHECK(nl_attr_next(&attrs, &type, &payload) && type == 7 && wire_in_left(&payload) == 0);
}

/* An NLMSG_ERROR answer: error, original header (+ request unless
 * capped), extended-ack attributes when flagged. */
static struct nl_msg error_msg(uint8_t *buf, size_t cap, int error, uint16_t flags, size_t echo,
			       const char *ext, size_t *len)
{
	struct wire_out out = wire_out_buf(buf, cap);
	size_t s = nl_msg_begin(&out, NLMSG_ERROR, flags, 5);
	nl_put_raw(&out, BYTES(&error, sizeof(error)));
	struct nlmsghdr orig = { .nlmsg_len = (uint32_t)(sizeof(orig) + echo), .nlmsg_type = 16, .nlmsg_seq = 5 };
	nl_put_raw(&out, BYTES(&orig, sizeof(orig)));
	wire_put_zeros(&out, echo);
	if (ext != NULL) {
		nl_put_attr(&out, NLMSGERR_ATTR_OFFS, BYTES("\0\0\0\0", 4));
		nl_put_attr(&out, NLMSGERR_ATTR_MSG, BYTES(ext, strlen(ext) + 1));
	}
	nl_msg_end(&out, s);
	struct wire_in dgram = wire_in_bytes(wire_out_bytes(&out));
	struct nl_msg m = { 0 };
	CHECK(nl_msg_next(&dgram, &m));
	*len = out.len;
	return m;
}

static void test_error_answers(void)
{
	uint8_t buf[256];
	char text[16];
	int e = -1;
	size_t len;

	struct nl_msg m = error_msg(buf, sizeof(buf), 0, NLM_F_CAPPED, 0, NULL, &len);
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == 0 && text[0] == '\0');

	m = error_msg(buf, sizeof(buf), -17, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0, "boom", &len);
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == 17 && strcmp(text, "boom") == 0);

	/* not capped: the echoed request is skipped */
	m = error_msg(buf, sizeof(buf), -2, NLM_F_ACK_TLVS, 24, "gone", &len);
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == 2 && strcmp(text, "gone") == 0);

	/* a long text is cut to the buffer */
	m = error_msg(buf, sizeof(buf), -22, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0,
		      "a very long extended ack message", &len);
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == 22 && strlen(text) == sizeof(text) - 1);

	/* TLVs flagged but absent, and an echo longer than the message */
	m = error_msg(buf, sizeof(buf), -1, NLM_F_ACK_TLVS, 0, NULL, &len);
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == 1 && text[0] == '\0');
	m = error_msg(buf, sizeof(buf), -1, NLM_F_ACK_TLVS, 0, "x", &len);
	struct nlmsghdr orig;
	memcpy(&orig, buf + 20, sizeof(orig));
	orig.nlmsg_len = 4000;
	memcpy(buf + 20, &orig, sizeof(orig));
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == 1 && text[0] == '\0');

	/* not an errno: positive, or too negative to negate */
	m = error_msg(buf, sizeof(buf), 5, NLM_F_CAPPED, 0, NULL, &len);
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == EPROTO);
	m = error_msg(buf, sizeof(buf), INT_MIN, NLM_F_CAPPED, 0, NULL, &len);
	CHECK(nl_parse_error(&m, &e, text, sizeof(text)) && e == EPROTO);

	/* truncated: no full original header */
	m = error_msg(buf, sizeof(buf), -1, NLM_F_CAPPED, 0, NULL, &len);
	m.body.len = 10;
	CHECK(!nl_parse_error(&m, &e, text, sizeof(text)));
}

UNIT_MAIN(UNIT(test_build_and_read_back), UNIT(test_overflow_is_sticky), UNIT(test_two_messages),
	  UNIT(test_malformed_messages), UNIT(test_error_answers))
