/*
 * Netlink messages over the bounds-checked buffers of wire.h.
 *
 * Netlink is host byte order with every header, fixed part and attribute
 * padded to 4 bytes.  A builder writes a whole message into a struct
 * wire_out and checks `overflow` once at the end, as with IKE messages;
 * a reader walks a received datagram message by message and a message's
 * attributes one by one, never past their stated lengths.
 */
#ifndef KERNEL_NETLINK_H
#define KERNEL_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define NL_ALIGN(n) (((size_t)(n) + 3u) & ~(size_t)3u)

/* Starts a message (struct nlmsghdr, pid 0); returns its offset for
 * nl_msg_end, which writes the final length. */
size_t nl_msg_begin(struct wire_out *out, uint16_t type, uint16_t flags, uint32_t seq);
void nl_msg_end(struct wire_out *out, size_t start);
/* A fixed part (a C struct, host order), padded. */
void nl_put_fixed(struct wire_out *out, const void *fixed, size_t len);
/* A whole attribute. */
void nl_put_attr(struct wire_out *out, uint16_t type, struct bytes payload);
/* An attribute written in pieces (struct + key): begin, nl_put_raw..., end. */
size_t nl_attr_begin(struct wire_out *out, uint16_t type);
void nl_put_raw(struct wire_out *out, struct bytes b);
void nl_attr_end(struct wire_out *out, size_t start);

/* One received message: header fields and a reader over its body. */
struct nl_msg {
	uint16_t type;
	uint16_t flags;
	uint32_t seq;
	uint32_t pid;
	struct wire_in body;	/* after the header, up to nlmsg_len */
};

/* The next message of a datagram; false at the end, and also on a
 * malformed header (then wire_in_left(dgram) is not 0). */
bool nl_msg_next(struct wire_in *dgram, struct nl_msg *msg);
/* The next attribute; false at the end or when malformed (left != 0). */
bool nl_attr_next(struct wire_in *attrs, uint16_t *type, struct wire_in *payload);

/* An NLMSG_ERROR body: errno (positive; 0 for an ack) and the kernel's
 * extended-ack text, if any, copied into msg (NUL-terminated). */
bool nl_parse_error(const struct nl_msg *m, int *errnum, char *msg, size_t msg_len);

#endif
