/*
 * The SA payload: proposals and transforms (RFC 7296 §3.3).
 *
 * Proposals and transforms are walked by their length fields; the
 * "Last Substruc" markers and the counts are then checked against what
 * was actually found, so that each inconsistency gets its own reason.
 */
#include <stdio.h>
#include <string.h>

#include "ikev2_payloads.h"

#define PROPOSAL_LAST 0
#define PROPOSAL_MORE 2
#define TRANSFORM_LAST 0
#define TRANSFORM_MORE 3
#define PROPOSAL_HEADER_SIZE 8
#define TRANSFORM_HEADER_SIZE 8
#define ATTR_FORMAT_TV 0x8000	/* AF bit: value in the header (TV), else TLV */
#define ATTR_TYPE_MASK 0x7fff

static bool spi_size_ok(uint8_t protocol, uint8_t size)
{
	switch (protocol) {
	case IKEV2_PROTO_IKE:
		return size == 0 || size == 8;	/* 8 when rekeying the IKE SA */
	case IKEV2_PROTO_AH:
	case IKEV2_PROTO_ESP:
		return size == 4;
	default:
		return false;
	}
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* A "Last Substruc" octet against whether anything follows it. */
static bool last_ok(uint8_t last, uint8_t more_value, bool more_follow)
{
	return last == (more_follow ? more_value : 0);
}

static bool decode_attribute(struct wire_in *attrs, struct ikev2_transform *t,
			     const char *where, struct ikev2_error *err)
{
	size_t left = wire_in_left(attrs);
	uint16_t af_type, value;
	if (!wire_get_u16(attrs, &af_type) || !wire_get_u16(attrs, &value))
		return ikev2_syntax_error(err, "%sattribute needs 4 octets but %zu are left in the transform",
					  where, left);
	uint16_t type = af_type & ATTR_TYPE_MASK;
	if ((af_type & ATTR_FORMAT_TV) == 0) {
		if (type == IKEV2_TRANSFORM_ATTR_KEY_LENGTH)
			return ikev2_syntax_error(err, "%sKey Length attribute in TLV format, it must be TV",
						  where);
		if (!wire_skip(attrs, value))
			return ikev2_syntax_error(err, "%sattribute type %u has length %u but only %zu octets are left in the transform",
						  where, type, value, wire_in_left(attrs));
		t->unknown_attribute = true;
		return true;
	}
	if (type != IKEV2_TRANSFORM_ATTR_KEY_LENGTH) {
		t->unknown_attribute = true;
		return true;
	}
	if (t->key_length != 0)
		return ikev2_syntax_error(err, "%sKey Length attribute repeated", where);
	if (value == 0 || value % 8 != 0)
		return ikev2_syntax_error(err, "%sKey Length %u bits is not a positive multiple of 8",
					  where, value);
	t->key_length = value;
	return true;
}

static bool decode_transform(struct wire_in *in, struct ikev2_transform *t,
			     const char *where, struct ikev2_error *err)
{
	size_t left = wire_in_left(in);
	uint8_t last, reserved, type;
	uint16_t length, id;
	if (left < TRANSFORM_HEADER_SIZE ||
	    !wire_get_u8(in, &last) || !wire_get_u8(in, &reserved) || !wire_get_u16(in, &length))
		return ikev2_syntax_error(err, "%s%zu octets left, less than the %d-octet transform header",
					  where, left, TRANSFORM_HEADER_SIZE);
	if (length < TRANSFORM_HEADER_SIZE)
		return ikev2_syntax_error(err, "%slength %u is less than the %d-octet transform header",
					  where, length, TRANSFORM_HEADER_SIZE);
	struct wire_in body;
	if (!wire_get_sub(in, length - 4u, &body))
		return ikev2_syntax_error(err, "%slength %u but only %zu octets are left in the proposal",
					  where, length, left);
	if (!last_ok(last, TRANSFORM_MORE, wire_in_left(in) > 0))
		return ikev2_syntax_error(err, "%sLast Substruc is %u but %zu octets follow in the proposal",
					  where, last, wire_in_left(in));
	/* length >= 8 guarantees these four octets */
	if (!wire_get_u8(&body, &type) || !wire_get_u8(&body, &reserved) || !wire_get_u16(&body, &id))
		return ikev2_syntax_error(err, "%struncated", where);
	*t = (struct ikev2_transform){ .type = type, .id = id };
	while (wire_in_left(&body) > 0)
		if (!decode_attribute(&body, t, where, err))
			return false;
	return true;
}

static bool decode_transforms(struct wire_in *in, struct ikev2_sa *sa, struct ikev2_proposal *p,
			      unsigned declared, unsigned pos, struct ikev2_error *err)
{
	p->first = sa->ntransforms;
	p->ntransforms = 0;
	while (wire_in_left(in) > 0) {
		char where[64];	/* "SA proposal 2 transform 3: " */
		snprintf(where, sizeof(where), "SA proposal %u transform %u: ", pos, p->ntransforms + 1);
		if (p->ntransforms == declared)
			return ikev2_syntax_error(err, "%sbeyond the %u transforms the proposal declares (%zu octets left)",
						  where, declared, wire_in_left(in));
		if (sa->ntransforms == IKEV2_SA_MAX_TRANSFORMS)
			return ikev2_syntax_error(err, "%smore than %d transforms in the SA payload",
						  where, IKEV2_SA_MAX_TRANSFORMS);
		if (!decode_transform(in, &sa->transforms[sa->ntransforms], where, err))
			return false;
		sa->ntransforms++;
		p->ntransforms++;
	}
	if (p->ntransforms != declared)
		return ikev2_syntax_error(err, "SA proposal %u: declares %u transforms but holds %u",
					  pos, declared, p->ntransforms);
	return true;
}

/* The SPI of a proposal: sized per protocol, and never the reserved 0. */
static bool decode_spi(struct wire_in *in, struct ikev2_proposal *p, unsigned pos,
		       struct ikev2_error *err)
{
	if (!spi_size_ok(p->protocol, p->spi_size))
		return ikev2_syntax_error(err, "SA proposal %u: SPI size %u is invalid for protocol %s",
					  pos, p->spi_size, ikev2_protocol_name(p->protocol));
	if (!wire_get_copy(in, p->spi, p->spi_size))
		return ikev2_syntax_error(err, "SA proposal %u: SPI of %u octets but only %zu are left in the proposal",
					  pos, p->spi_size, wire_in_left(in));
	if (p->spi_size > 0 && all_zero(p->spi, p->spi_size))
		return ikev2_syntax_error(err, "SA proposal %u: SPI is zero", pos);
	return true;
}

static bool decode_proposal(struct wire_in *in, struct ikev2_sa *sa, struct ikev2_error *err)
{
	unsigned pos = sa->nproposals + 1;
	size_t left = wire_in_left(in);
	uint8_t last, reserved, ntransforms;
	uint16_t length;
	if (left < PROPOSAL_HEADER_SIZE ||
	    !wire_get_u8(in, &last) || !wire_get_u8(in, &reserved) || !wire_get_u16(in, &length))
		return ikev2_syntax_error(err, "SA proposal %u: %zu octets left, less than the %d-octet proposal header",
					  pos, left, PROPOSAL_HEADER_SIZE);
	if (length < PROPOSAL_HEADER_SIZE)
		return ikev2_syntax_error(err, "SA proposal %u: length %u is less than the %d-octet proposal header",
					  pos, length, PROPOSAL_HEADER_SIZE);
	struct wire_in body;
	if (!wire_get_sub(in, length - 4u, &body))
		return ikev2_syntax_error(err, "SA proposal %u: length %u but only %zu octets are left in the payload",
					  pos, length, left);
	if (!last_ok(last, PROPOSAL_MORE, wire_in_left(in) > 0))
		return ikev2_syntax_error(err, "SA proposal %u: Last Substruc is %u but %zu octets follow in the payload",
					  pos, last, wire_in_left(in));
	if (sa->nproposals == IKEV2_SA_MAX_PROPOSALS)
		return ikev2_syntax_error(err, "SA proposal %u: more than %d proposals",
					  pos, IKEV2_SA_MAX_PROPOSALS);
	struct ikev2_proposal *p = &sa->proposals[sa->nproposals];
	*p = (struct ikev2_proposal){ .number = 0 };
	if (!wire_get_u8(&body, &p->number) || !wire_get_u8(&body, &p->protocol) ||
	    !wire_get_u8(&body, &p->spi_size) || !wire_get_u8(&body, &ntransforms))
		return ikev2_syntax_error(err, "SA proposal %u: truncated", pos);
	/* RFC 7296 §3.3.1: 1, 2, 3...; a lone proposal may echo any number. */
	unsigned expected = pos == 1 ? p->number : sa->proposals[pos - 2].number + 1u;
	if (p->number == 0 || p->number != expected)
		return ikev2_syntax_error(err, "SA proposal %u: Proposal Num %u, expected %u",
					  pos, p->number, p->number == 0 && pos == 1 ? 1 : expected);
	if (p->protocol < IKEV2_PROTO_IKE || p->protocol > IKEV2_PROTO_ESP)
		return ikev2_syntax_error(err, "SA proposal %u: unknown protocol ID %u", pos, p->protocol);
	if (ntransforms == 0)
		return ikev2_syntax_error(err, "SA proposal %u: Num Transforms is 0", pos);
	if (!decode_spi(&body, p, pos, err))
		return false;
	if (!decode_transforms(&body, sa, p, ntransforms, pos, err))
		return false;
	sa->nproposals++;
	return true;
}

bool ikev2_sa_decode(struct bytes body, struct ikev2_sa *sa, struct ikev2_error *err)
{
	sa->nproposals = 0;
	sa->ntransforms = 0;
	struct wire_in in = wire_in_bytes(body);
	if (wire_in_left(&in) == 0)
		return ikev2_syntax_error(err, "SA payload holds no proposal");
	while (wire_in_left(&in) > 0)
		if (!decode_proposal(&in, sa, err))
			return false;
	if (sa->nproposals > 1 && sa->proposals[0].number != 1)
		return ikev2_syntax_error(err, "SA proposal 1: Proposal Num %u, the first of several must be 1",
					  sa->proposals[0].number);
	return true;
}

const struct ikev2_transform *ikev2_proposal_transform(const struct ikev2_sa *sa,
							const struct ikev2_proposal *p, unsigned i)
{
	if (i >= p->ntransforms || p->first + i >= sa->ntransforms)
		return NULL;
	return &sa->transforms[p->first + i];
}

static void encode_transform(struct wire_out *out, const struct ikev2_transform *t, bool more)
{
	size_t start = out->len;
	wire_put_u8(out, more ? TRANSFORM_MORE : TRANSFORM_LAST);
	wire_put_u8(out, 0);
	size_t length_at = wire_reserve(out, 2);
	wire_put_u8(out, t->type);
	wire_put_u8(out, 0);
	wire_put_u16(out, t->id);
	if (t->key_length != 0) {
		wire_put_u16(out, ATTR_FORMAT_TV | IKEV2_TRANSFORM_ATTR_KEY_LENGTH);
		wire_put_u16(out, t->key_length);
	}
	wire_patch_u16(out, length_at, (uint16_t)(out->len - start));
}

static void encode_proposal(struct wire_out *out, const struct ikev2_sa *sa,
			    const struct ikev2_proposal *p, bool more)
{
	size_t start = out->len;
	wire_put_u8(out, more ? PROPOSAL_MORE : PROPOSAL_LAST);
	wire_put_u8(out, 0);
	size_t length_at = wire_reserve(out, 2);
	wire_put_u8(out, p->number);
	wire_put_u8(out, p->protocol);
	wire_put_u8(out, p->spi_size);
	wire_put_u8(out, (uint8_t)p->ntransforms);
	wire_put_bytes(out, BYTES(p->spi, p->spi_size <= sizeof(p->spi) ? p->spi_size : 0));
	for (unsigned i = 0; i < p->ntransforms; i++) {
		const struct ikev2_transform *t = ikev2_proposal_transform(sa, p, i);
		if (t != NULL)
			encode_transform(out, t, i + 1 < p->ntransforms);
	}
	wire_patch_u16(out, length_at, (uint16_t)(out->len - start));
}

void ikev2_sa_encode(struct wire_out *out, const struct ikev2_sa *sa)
{
	for (unsigned i = 0; i < sa->nproposals && i < IKEV2_SA_MAX_PROPOSALS; i++)
		encode_proposal(out, sa, &sa->proposals[i], i + 1 < sa->nproposals);
}

bool ikev2_sa_add_proposal(struct ikev2_sa *sa, uint8_t protocol, struct bytes spi)
{
	if (sa->nproposals >= IKEV2_SA_MAX_PROPOSALS || spi.len > sizeof(sa->proposals[0].spi))
		return false;
	struct ikev2_proposal *p = &sa->proposals[sa->nproposals];
	*p = (struct ikev2_proposal){
		.number = (uint8_t)(sa->nproposals + 1),
		.protocol = protocol,
		.spi_size = (uint8_t)spi.len,
		.first = sa->ntransforms,
	};
	if (spi.len > 0)
		memcpy(p->spi, spi.ptr, spi.len);
	sa->nproposals++;
	return true;
}

bool ikev2_sa_add_transform(struct ikev2_sa *sa, uint8_t type, uint16_t id, uint16_t key_length)
{
	if (sa->nproposals == 0 || sa->ntransforms >= IKEV2_SA_MAX_TRANSFORMS)
		return false;
	struct ikev2_proposal *p = &sa->proposals[sa->nproposals - 1];
	if (p->ntransforms >= 255 || p->first + p->ntransforms != sa->ntransforms)
		return false;
	sa->transforms[sa->ntransforms++] = (struct ikev2_transform){
		.type = type, .id = id, .key_length = key_length,
	};
	p->ntransforms++;
	return true;
}
