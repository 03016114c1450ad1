/* The IKE header and the non-ESP marker (see ikev2_header.h). */
#include <inttypes.h>

#include "ikev2_header.h"
#include "ikev2_numbers.h"

/* Requests that open a new IKE SA: the responder has no SPI yet. */
static bool opens_ike_sa(const struct ikev2_header *h)
{
	return !ikev2_header_is_response(h) &&
		(h->exchange == IKEV2_EXCH_IKE_SA_INIT ||
		 h->exchange == IKEV2_EXCH_IKE_SESSION_RESUME);
}

bool ikev2_header_decode(struct bytes msg, struct ikev2_header *hdr, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(msg);
	uint8_t version, flags;
	if (!wire_get_u64(&in, &hdr->spi_i) || !wire_get_u64(&in, &hdr->spi_r) ||
	    !wire_get_u8(&in, &hdr->next_payload) || !wire_get_u8(&in, &version) ||
	    !wire_get_u8(&in, &hdr->exchange) || !wire_get_u8(&in, &flags) ||
	    !wire_get_u32(&in, &hdr->message_id) || !wire_get_u32(&in, &hdr->length))
		return ikev2_drop(err, "IKE header: message of %zu octets is shorter than the %d-octet header",
				  msg.len, IKEV2_HEADER_SIZE);
	hdr->major = version >> 4;
	hdr->minor = version & 0x0f;
	hdr->flags = flags & IKEV2_FLAGS_DEFINED;
	hdr->reserved_flags = flags & ~IKEV2_FLAGS_DEFINED;

	/* RFC 7296 §2.5: drop, and SHOULD answer INVALID_MAJOR_VERSION. */
	if (hdr->major > IKEV2_MAJOR_VERSION)
		return ikev2_notify_error(err, IKEV2_N_INVALID_MAJOR_VERSION,
					  "IKE header: major version %u, only %d is supported",
					  hdr->major, IKEV2_MAJOR_VERSION);
	if (hdr->major < IKEV2_MAJOR_VERSION)
		return ikev2_drop(err, "IKE header: major version %u (IKEv1 or older) is not supported",
				  hdr->major);
	if (hdr->length != msg.len)
		return ikev2_drop(err, "IKE header: length field %" PRIu32 " but the message is %zu octets",
				  hdr->length, msg.len);
	if (hdr->spi_i == 0)
		return ikev2_drop(err, "IKE header: initiator SPI is zero");
	if (opens_ike_sa(hdr) && hdr->spi_r != 0)
		return ikev2_drop(err, "IKE header: %s request with non-zero responder SPI %016" PRIx64,
				  ikev2_exchange_name(hdr->exchange), hdr->spi_r);
	return true;
}

void ikev2_header_encode(struct wire_out *out, const struct ikev2_header *hdr)
{
	wire_put_u64(out, hdr->spi_i);
	wire_put_u64(out, hdr->spi_r);
	wire_put_u8(out, hdr->next_payload);
	wire_put_u8(out, (uint8_t)(hdr->major << 4 | (hdr->minor & 0x0f)));
	wire_put_u8(out, hdr->exchange);
	wire_put_u8(out, hdr->flags & IKEV2_FLAGS_DEFINED);
	wire_put_u32(out, hdr->message_id);
	wire_put_u32(out, hdr->length);
}

enum ikev2_udp_encap ikev2_non_esp_marker(struct bytes datagram, struct bytes *ike)
{
	struct wire_in in = wire_in_bytes(datagram);
	uint32_t marker;
	uint8_t keepalive;
	if (datagram.len == 1 && wire_get_u8(&in, &keepalive) && keepalive == 0xff)
		return IKEV2_ENCAP_KEEPALIVE;
	if (!wire_get_u32(&in, &marker))
		return IKEV2_ENCAP_RUNT;
	if (marker != 0)
		return IKEV2_ENCAP_ESP;
	*ike = wire_in_rest(&in);
	return IKEV2_ENCAP_IKE;
}
