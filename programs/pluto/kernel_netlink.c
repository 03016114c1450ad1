/* Netlink message building and reading (see kernel_netlink.h). */
#include <errno.h>
#include <linux/netlink.h>
#include <string.h>

#include "kernel_netlink.h"

/* Host-order fields cannot use wire_patch_u32 (network order): patch a
 * reserved field in place, within what was written. */
static void patch_host(struct wire_out *out, size_t off, const void *v, size_t n)
{
	if (out->overflow || off > out->len || n > out->len - off)
		return;
	memcpy(out->ptr + off, v, n);
}

static void pad(struct wire_out *out)
{
	wire_put_zeros(out, NL_ALIGN(out->len) - out->len);
}

size_t nl_msg_begin(struct wire_out *out, uint16_t type, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr h = { .nlmsg_len = 0, .nlmsg_type = type, .nlmsg_flags = flags, .nlmsg_seq = seq };
	size_t start = out->len;
	wire_put_bytes(out, BYTES(&h, sizeof(h)));
	return start;
}

void nl_msg_end(struct wire_out *out, size_t start)
{
	pad(out);
	uint32_t len = (uint32_t)(out->len - start);
	patch_host(out, start + offsetof(struct nlmsghdr, nlmsg_len), &len, sizeof(len));
}

void nl_put_fixed(struct wire_out *out, const void *fixed, size_t len)
{
	wire_put_bytes(out, BYTES(fixed, len));
	pad(out);
}

size_t nl_attr_begin(struct wire_out *out, uint16_t type)
{
	struct nlattr a = { .nla_len = 0, .nla_type = type };
	size_t start = out->len;
	wire_put_bytes(out, BYTES(&a, sizeof(a)));
	return start;
}

void nl_put_raw(struct wire_out *out, struct bytes b)
{
	wire_put_bytes(out, b);
}

void nl_attr_end(struct wire_out *out, size_t start)
{
	size_t len = out->len - start;	/* unpadded, as netlink wants */
	if (len > UINT16_MAX) {
		out->overflow = true;
		return;
	}
	uint16_t len16 = (uint16_t)len;
	patch_host(out, start + offsetof(struct nlattr, nla_len), &len16, sizeof(len16));
	pad(out);
}

void nl_put_attr(struct wire_out *out, uint16_t type, struct bytes payload)
{
	size_t start = nl_attr_begin(out, type);
	wire_put_bytes(out, payload);
	nl_attr_end(out, start);
}

/* Skip the padding after an item, tolerating a last item without it. */
static void skip_pad(struct wire_in *in, size_t item_len)
{
	size_t p = NL_ALIGN(item_len) - item_len;
	if (!wire_skip(in, p))
		wire_skip(in, wire_in_left(in));
}

bool nl_msg_next(struct wire_in *dgram, struct nl_msg *msg)
{
	struct wire_in save = *dgram;
	struct nlmsghdr h;
	if (!wire_get_copy(dgram, &h, sizeof(h)))
		return false;
	if (h.nlmsg_len < sizeof(h) ||
	    !wire_get_sub(dgram, h.nlmsg_len - sizeof(h), &msg->body)) {
		*dgram = save;	/* leaves the malformed bytes unconsumed */
		return false;
	}
	skip_pad(dgram, h.nlmsg_len);
	msg->type = h.nlmsg_type;
	msg->flags = h.nlmsg_flags;
	msg->seq = h.nlmsg_seq;
	msg->pid = h.nlmsg_pid;
	return true;
}

bool nl_attr_next(struct wire_in *attrs, uint16_t *type, struct wire_in *payload)
{
	struct wire_in save = *attrs;
	struct nlattr a;
	if (!wire_get_copy(attrs, &a, sizeof(a)))
		return false;
	if (a.nla_len < sizeof(a) || !wire_get_sub(attrs, a.nla_len - sizeof(a), payload)) {
		*attrs = save;
		return false;
	}
	skip_pad(attrs, a.nla_len);
	*type = a.nla_type & NLA_TYPE_MASK;
	return true;
}

bool nl_parse_error(const struct nl_msg *m, int *errnum, char *msg, size_t msg_len)
{
	struct wire_in in = m->body;
	int error;
	struct nlmsghdr orig;
	if (msg_len > 0)
		msg[0] = '\0';
	if (!wire_get_copy(&in, &error, sizeof(error)) || !wire_get_copy(&in, &orig, sizeof(orig)))
		return false;
	/* The kernel sends -errno; anything else is not an errno we can name. */
	*errnum = error == 0 ? 0 : error < 0 && error > -4096 ? -error : EPROTO;
	/* Without NETLINK_CAP_ACK the kernel echoes the whole request. */
	if (!(m->flags & NLM_F_CAPPED) && orig.nlmsg_len >= sizeof(orig) &&
	    !wire_skip(&in, NL_ALIGN(orig.nlmsg_len) - sizeof(orig)))
		return true;
	if (!(m->flags & NLM_F_ACK_TLVS))
		return true;
	uint16_t type;
	struct wire_in payload;
	while (nl_attr_next(&in, &type, &payload)) {
		if (type != NLMSGERR_ATTR_MSG || msg_len == 0)
			continue;
		size_t n = wire_in_left(&payload) < msg_len - 1 ? wire_in_left(&payload) : msg_len - 1;
		wire_get_copy(&payload, msg, n);
		msg[n] = '\0';
		msg[strnlen(msg, n)] = '\0';
	}
	return true;
}
