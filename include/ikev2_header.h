/*
 * The IKE header (RFC 7296 §3.1) and the port-4500 non-ESP marker
 * (RFC 3948 §2.2, RFC 7296 §2.23).
 */
#ifndef IKEV2_HEADER_H
#define IKEV2_HEADER_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_error.h"
#include "ikev2_numbers.h"
#include "wire.h"

#define IKEV2_HEADER_SIZE 28
#define IKEV2_NON_ESP_MARKER_SIZE 4

struct ikev2_header {
	uint64_t spi_i;		/* initiator's SPI, the 8 octets read big-endian */
	uint64_t spi_r;		/* responder's SPI; 0 in an IKE_SA_INIT / IKE_SESSION_RESUME request */
	uint8_t next_payload;	/* type of the first payload */
	uint8_t major;		/* 2 (decode refuses anything else) */
	uint8_t minor;		/* ignored on receipt (RFC 7296 §3.1) */
	uint8_t exchange;	/* enum ikev2_exchange; unknown values are passed through */
	uint8_t flags;		/* I, V, R bits (IKEV2_FLAGS_DEFINED) only */
	uint8_t reserved_flags;	/* the X bits as received: ignored, kept for logging */
	uint32_t message_id;
	uint32_t length;	/* whole message, header included */
};

/*
 * Decodes and checks the header of a whole IKE message (marker already
 * stripped): at least 28 octets, major version 2, length field equal to
 * the message length, SPIi non-zero, SPIr zero in an IKE_SA_INIT or
 * IKE_SESSION_RESUME request.  A higher major version asks for
 * INVALID_MAJOR_VERSION; everything else here is a silent drop.
 */
bool ikev2_header_decode(struct bytes msg, struct ikev2_header *hdr, struct ikev2_error *err);
/* Writes the 28 octets as given (the builder patches the length later). */
void ikev2_header_encode(struct wire_out *out, const struct ikev2_header *hdr);

static inline bool ikev2_header_is_response(const struct ikev2_header *h)
{
	return (h->flags & IKEV2_FLAG_RESPONSE) != 0;
}

static inline bool ikev2_header_is_initiator(const struct ikev2_header *h)
{
	return (h->flags & IKEV2_FLAG_INITIATOR) != 0;
}

/* What a datagram on UDP port 4500 is. */
enum ikev2_udp_encap {
	IKEV2_ENCAP_IKE,	/* non-ESP marker present; *ike is the message after it */
	IKEV2_ENCAP_ESP,	/* first 4 octets non-zero: an ESP SPI, for the kernel */
	IKEV2_ENCAP_KEEPALIVE,	/* the one-octet 0xFF NAT-keepalive (RFC 3948 §2.3) */
	IKEV2_ENCAP_RUNT,	/* too short to be any of these */
};

enum ikev2_udp_encap ikev2_non_esp_marker(struct bytes datagram, struct bytes *ike);

#endif
