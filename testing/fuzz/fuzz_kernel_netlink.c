/* libFuzzer: kernel_xfrm's netlink reader on arbitrary datagrams (as an
 * answer from the kernel would arrive), and the builder on arbitrary
 * payloads into a small buffer. */
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../programs/pluto/kernel_netlink.c"

static void read_answer(struct bytes data)
{
	struct wire_in dgram = wire_in_bytes(data);
	struct nl_msg m;
	while (nl_msg_next(&dgram, &m)) {
		if (m.type == NLMSG_ERROR) {
			int e;
			char text[64];
			if (nl_parse_error(&m, &e, text, sizeof(text)) && strlen(text) >= sizeof(text))
				abort();
			continue;
		}
		/* a GETSA answer: fixed part, then attributes */
		struct xfrm_usersa_info info;
		if (!wire_get_copy(&m.body, &info, sizeof(info)))
			continue;
		uint16_t type;
		struct wire_in payload;
		size_t before = wire_in_left(&m.body);
		while (nl_attr_next(&m.body, &type, &payload)) {
			if (wire_in_left(&m.body) >= before)
				abort();	/* must make progress */
			before = wire_in_left(&m.body);
		}
	}
}

static void build(struct bytes data)
{
	uint8_t buf[256];
	struct wire_out out = wire_out_buf(buf, data.len > 0 ? data.ptr[0] : 0);
	size_t s = nl_msg_begin(&out, XFRM_MSG_NEWSA, NLM_F_REQUEST, 1);
	nl_put_attr(&out, XFRMA_ALG_AEAD, data);
	size_t a = nl_attr_begin(&out, XFRMA_ENCAP);
	nl_put_raw(&out, data);
	nl_attr_end(&out, a);
	nl_msg_end(&out, s);
	if (!out.overflow && out.len > out.cap)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_answer(BYTES(data, size));
	build(BYTES(data, size));
	return 0;
}
