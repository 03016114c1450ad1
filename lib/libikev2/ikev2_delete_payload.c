/* The Delete payload (RFC 7296 §3.11). */
#include <stdio.h>

#include "ikev2_payloads.h"

#define DELETE_FIXED_SIZE 4	/* Protocol ID, SPI Size, Num of SPIs */
#define CHILD_SPI_SIZE 4

bool ikev2_delete_decode(struct bytes body, struct ikev2_delete *del, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	if (!wire_get_u8(&in, &del->protocol) || !wire_get_u8(&in, &del->spi_size) ||
	    !wire_get_u16(&in, &del->nspi))
		return ikev2_syntax_error(err, "Delete payload: body of %zu octets is shorter than its %d-octet fixed part",
					  body.len, DELETE_FIXED_SIZE);
	unsigned want;
	switch (del->protocol) {
	case IKEV2_PROTO_IKE:
		want = 0;
		break;
	case IKEV2_PROTO_AH:
	case IKEV2_PROTO_ESP:
		want = CHILD_SPI_SIZE;
		break;
	default:
		return ikev2_syntax_error(err, "Delete payload: protocol ID %u is not IKE, AH or ESP",
					  del->protocol);
	}
	if (del->spi_size != want)
		return ikev2_syntax_error(err, "Delete payload: SPI size %u for %s, must be %u",
					  del->spi_size, ikev2_protocol_name(del->protocol), want);
	del->spis = wire_in_rest(&in);
	size_t expect = (size_t)del->nspi * del->spi_size;
	if (del->spis.len != expect)
		return ikev2_syntax_error(err, "Delete payload: %u SPIs of %u octets need %zu octets, %zu present",
					  del->nspi, del->spi_size, expect, del->spis.len);
	if (del->protocol == IKEV2_PROTO_IKE && del->nspi != 0)
		return ikev2_syntax_error(err, "Delete payload: IKE SA delete with %u SPIs, must be 0",
					  del->nspi);
	return true;
}

void ikev2_delete_encode(struct wire_out *out, const struct ikev2_delete *del)
{
	wire_put_u8(out, del->protocol);
	wire_put_u8(out, del->spi_size);
	wire_put_u16(out, del->nspi);
	wire_put_bytes(out, del->spis);
}

uint32_t ikev2_delete_spi(const struct ikev2_delete *del, unsigned i)
{
	struct wire_in in = wire_in_bytes(del->spis);
	uint32_t spi = 0;
	if (del->spi_size != CHILD_SPI_SIZE || !wire_skip(&in, (size_t)i * CHILD_SPI_SIZE) ||
	    !wire_get_u32(&in, &spi))
		return 0;
	return spi;
}
