/* Walking the payload chain (see ikev2_digest.h). */
#include "ikev2_digest.h"
#include "ikev2_numbers.h"
#include "wire.h"

#define CRITICAL_BIT 0x80
/* "SA(33)": a payload type in reasons, known or not */
#define PL_FMT "%s(%u)"
#define PL_ARG(t) ikev2_payload_name(t), (unsigned)(t)

static bool is_encrypted(uint8_t type)
{
	return type == IKEV2_PL_SK || type == IKEV2_PL_SKF;
}

static bool unsupported_critical(struct ikev2_error *err, uint8_t type, size_t offset)
{
	ikev2_notify_error(err, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD,
			   "payload type %u at offset %zu is unknown and marked critical",
			   type, offset);
	err->data[0] = type;
	err->data_len = 1;
	return false;
}

/* Checks the rule for an SK/SKF payload just read; true when it may stand. */
static bool encrypted_is_last(const struct wire_in *in, uint8_t type, size_t offset,
			      enum ikev2_chain where, struct ikev2_error *err)
{
	if (where == IKEV2_CHAIN_INNER)
		return ikev2_syntax_error(err, "%s payload at offset %zu inside an Encrypted payload",
					  ikev2_payload_name(type), offset);
	if (wire_in_left(in) > 0)
		return ikev2_syntax_error(err, "%s payload at offset %zu is not the last payload: %zu octets follow it",
					  ikev2_payload_name(type), offset, wire_in_left(in));
	return true;
}

/* Reads one generic header and body of a payload of `type` into *p. */
static bool read_payload(struct wire_in *in, uint8_t type, struct ikev2_payload *p,
			 bool *reserved_bits, struct ikev2_error *err)
{
	size_t offset = in->off, left = wire_in_left(in);
	uint8_t next, flags;
	uint16_t length;
	if (!wire_get_u8(in, &next) || !wire_get_u8(in, &flags) || !wire_get_u16(in, &length))
		return ikev2_syntax_error(err, "payload " PL_FMT " at offset %zu: %zu octets left, less than the %d-octet generic header",
					  PL_ARG(type), offset, left, IKEV2_GENERIC_HEADER_SIZE);
	if (length < IKEV2_GENERIC_HEADER_SIZE)
		return ikev2_syntax_error(err, "payload " PL_FMT " at offset %zu: length %u is less than the %d-octet generic header",
					  PL_ARG(type), offset, length, IKEV2_GENERIC_HEADER_SIZE);
	struct bytes body;
	if (!wire_get_bytes(in, length - IKEV2_GENERIC_HEADER_SIZE, &body))
		return ikev2_syntax_error(err, "payload " PL_FMT " at offset %zu: length %u but only %zu octets left",
					  PL_ARG(type), offset, length, left);
	/* RFC 7296 §3.2: RESERVED is ignored on receipt; only noted */
	if ((flags & ~CRITICAL_BIT) != 0)
		*reserved_bits = true;
	*p = (struct ikev2_payload){
		.type = type, .next = next, .critical = (flags & CRITICAL_BIT) != 0,
		.offset = offset, .body = body,
	};
	return true;
}

bool ikev2_chain_decode(struct bytes window, size_t start, uint8_t first, enum ikev2_chain where,
			struct ikev2_digest *d, struct ikev2_error *err)
{
	*d = (struct ikev2_digest){ .count = 0 };
	struct wire_in in = wire_in_bytes(window);
	if (!wire_skip(&in, start))
		return ikev2_syntax_error(err, "payload chain starts at offset %zu past the %zu-octet message",
					  start, window.len);
	unsigned walked = 0;
	for (uint8_t type = first; type != IKEV2_PL_NONE; ) {
		if (++walked > IKEV2_MAX_PAYLOADS)
			return ikev2_syntax_error(err, "more than %d payloads (payload " PL_FMT " at offset %zu)",
						  IKEV2_MAX_PAYLOADS, PL_ARG(type), in.off);
		struct ikev2_payload p;
		if (!read_payload(&in, type, &p, &d->reserved_bits, err))
			return false;
		if (!ikev2_payload_known(type)) {
			if (p.critical)
				return unsupported_critical(err, type, p.offset);
			d->skipped++;
			type = p.next;
			continue;
		}
		if (is_encrypted(type) && !encrypted_is_last(&in, type, p.offset, where, err))
			return false;
		d->payloads[d->count++] = p;
		if (is_encrypted(type))
			return true;	/* its Next Payload names the first inner payload */
		type = p.next;
	}
	if (wire_in_left(&in) > 0)
		return ikev2_syntax_error(err, "%zu octets after the last payload, at offset %zu",
					  wire_in_left(&in), in.off);
	return true;
}

const struct ikev2_payload *ikev2_digest_next(const struct ikev2_digest *d,
					      const struct ikev2_payload *after, uint8_t type)
{
	unsigned i = after == NULL ? 0 : (unsigned)(after - d->payloads) + 1;
	for (; i < d->count; i++)
		if (d->payloads[i].type == type)
			return &d->payloads[i];
	return NULL;
}

const struct ikev2_payload *ikev2_digest_first(const struct ikev2_digest *d, uint8_t type)
{
	return ikev2_digest_next(d, NULL, type);
}

unsigned ikev2_digest_count(const struct ikev2_digest *d, uint8_t type)
{
	unsigned n = 0;
	for (unsigned i = 0; i < d->count; i++)
		n += d->payloads[i].type == type;
	return n;
}
