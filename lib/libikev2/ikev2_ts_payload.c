/* The Traffic Selector payloads TSi and TSr (RFC 7296 §3.13). */
#include <string.h>

#include "ikev2_payloads.h"

#define TS_FIXED_SIZE 4		/* Number of TSs, RESERVED */
#define SELECTOR_HEADER_SIZE 8	/* TS Type, IP Protocol ID, Selector Length, ports */
/* RFC 7296 §3.13.1: start 65535 and end 0 mean OPAQUE ports. */
#define OPAQUE_START 65535
#define OPAQUE_END 0

size_t ikev2_ts_addr_len(uint8_t type)
{
	switch (type) {
	case IKEV2_TS_IPV4_ADDR_RANGE:
		return 4;
	case IKEV2_TS_IPV6_ADDR_RANGE:
		return 16;
	default:
		return 0;
	}
}

static bool ports_ok(const struct ikev2_ts *ts)
{
	return ts->start_port <= ts->end_port ||
		(ts->start_port == OPAQUE_START && ts->end_port == OPAQUE_END);
}

static bool decode_selector(struct wire_in *in, struct ikev2_ts *ts, unsigned pos,
			    struct ikev2_error *err)
{
	size_t left = wire_in_left(in);
	uint16_t length;
	if (left < SELECTOR_HEADER_SIZE ||
	    !wire_get_u8(in, &ts->type) || !wire_get_u8(in, &ts->ipproto) ||
	    !wire_get_u16(in, &length))
		return ikev2_syntax_error(err, "TS selector %u: %zu octets left, less than the %d-octet selector header",
					  pos, left, SELECTOR_HEADER_SIZE);
	size_t alen = ikev2_ts_addr_len(ts->type);
	if (alen == 0)
		return ikev2_syntax_error(err, "TS selector %u: unknown TS type %u", pos, ts->type);
	size_t want = SELECTOR_HEADER_SIZE + 2 * alen;
	if (length != want)
		return ikev2_syntax_error(err, "TS selector %u: Selector Length %u, %s needs %zu",
					  pos, length, ikev2_ts_type_name(ts->type), want);
	memset(ts->start, 0, sizeof(ts->start));
	memset(ts->end, 0, sizeof(ts->end));
	if (!wire_get_u16(in, &ts->start_port) || !wire_get_u16(in, &ts->end_port) ||
	    !wire_get_copy(in, ts->start, alen) || !wire_get_copy(in, ts->end, alen))
		return ikev2_syntax_error(err, "TS selector %u: Selector Length %u but only %zu octets left",
					  pos, length, left);
	if (!ports_ok(ts))
		return ikev2_syntax_error(err, "TS selector %u: start port %u is greater than end port %u",
					  pos, ts->start_port, ts->end_port);
	/* network order: memcmp orders addresses numerically */
	if (memcmp(ts->start, ts->end, alen) > 0)
		return ikev2_syntax_error(err, "TS selector %u: start address is greater than end address",
					  pos);
	return true;
}

bool ikev2_ts_decode(struct bytes body, struct ikev2_ts_list *tsl, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	uint8_t count;
	if (!wire_get_u8(&in, &count) || !wire_skip(&in, 3))
		return ikev2_syntax_error(err, "TS payload: body of %zu octets is shorter than its %d-octet fixed part",
					  body.len, TS_FIXED_SIZE);
	if (count == 0)
		return ikev2_syntax_error(err, "TS payload: Number of TSs is 0");
	if (count > IKEV2_TS_MAX)
		return ikev2_syntax_error(err, "TS payload: %u selectors, more than the %d supported",
					  count, IKEV2_TS_MAX);
	tsl->count = 0;
	for (unsigned i = 0; i < count; i++) {
		if (wire_in_left(&in) == 0)
			return ikev2_syntax_error(err, "TS payload: Number of TSs is %u but only %u selectors are present",
						  count, i);
		if (!decode_selector(&in, &tsl->ts[i], i + 1, err))
			return false;
		tsl->count++;
	}
	if (wire_in_left(&in) > 0)
		return ikev2_syntax_error(err, "TS payload: %zu octets after the %u selectors",
					  wire_in_left(&in), count);
	return true;
}

void ikev2_ts_encode(struct wire_out *out, const struct ikev2_ts_list *tsl)
{
	unsigned n = tsl->count < IKEV2_TS_MAX ? tsl->count : IKEV2_TS_MAX;
	wire_put_u8(out, (uint8_t)n);
	wire_put_zeros(out, 3);
	for (unsigned i = 0; i < n; i++) {
		const struct ikev2_ts *ts = &tsl->ts[i];
		size_t alen = ikev2_ts_addr_len(ts->type);
		wire_put_u8(out, ts->type);
		wire_put_u8(out, ts->ipproto);
		wire_put_u16(out, (uint16_t)(SELECTOR_HEADER_SIZE + 2 * alen));
		wire_put_u16(out, ts->start_port);
		wire_put_u16(out, ts->end_port);
		wire_put_bytes(out, BYTES(ts->start, alen));
		wire_put_bytes(out, BYTES(ts->end, alen));
	}
}
