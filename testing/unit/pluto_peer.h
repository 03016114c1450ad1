/*
 * A scripted IKEv2 initiator for the in-process responder
 * (pluto_harness.h), built on libikev2's builder and crypto.
 *
 * It builds valid messages (IKE_SA_INIT, IKE_AUTH with PSK, INFORMATIONAL,
 * IKE_SESSION_RESUME) and gives tests the pieces to break them: an inner
 * payload chain of the test's own making sealed with the peer's SK keys
 * (peer_seal), so malformed payloads reach the responder *inside* a
 * verified SK payload, and the raw messages to corrupt after sealing.
 *
 * Messages returned as struct bytes point into the peer and stay valid
 * until the next build.
 */
#ifndef PLUTO_PEER_H
#define PLUTO_PEER_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_builder.h"
#include "ikev2_digest.h"
#include "ikev2_keys.h"

struct dh_keypair;
struct sk_cipher;

#define PEER_MSG_MAX 65535

struct peer {
	uint64_t spi_i, spi_r;
	uint16_t group;			/* DH group of the KE payload (19) */
	struct chunk ni, nr, cookie;
	struct dh_keypair *dh;
	struct ike_algs algs;
	struct ike_keys keys;
	struct sk_cipher *sk_out, *sk_in;
	struct chunk first_i, first_r;	/* the first messages, for AUTH */
	uint32_t next_msgid;		/* of our next request */
	uint64_t iv_counter;
	bool resumed;			/* keys come from a ticket (AUTH keyed by SK_pi) */
	bool fragmentation;		/* offer N(IKEV2_FRAGMENTATION_SUPPORTED) in IKE_SA_INIT
					   and IKE_SESSION_RESUME */
	uint32_t child_spi;		/* the ESP SPI we proposed */
	struct chunk ticket;		/* TICKET_LT_OPAQUE's ticket, after IKE_AUTH */
	struct secret ticket_sk_d;
	uint8_t msg[PEER_MSG_MAX];	/* the last message built */
	uint8_t plain[PEER_MSG_MAX];	/* the last inner chain built */
};

bool peer_init(struct peer *p);
void peer_free(struct peer *p);
/* A new IKE SA attempt (fresh SPIi and nonce); the ticket is kept. */
bool peer_restart(struct peer *p);

/* A request header with our SPIs and the I flag. */
struct ikev2_header peer_header(const struct peer *p, uint8_t exchange, uint32_t msgid);
/* Finish an unprotected first request and keep it for AUTH. */
struct bytes peer_keep_first(struct peer *p, struct ikev2_builder *b);

/* IKE_SA_INIT request: N(COOKIE) when p->cookie is set, SA, KE, Ni, NAT-D. */
struct bytes peer_sa_init(struct peer *p);
/* Processes the response: SPIr, Nr, DH, keys.  false when it is not a
 * good IKE_SA_INIT response. */
bool peer_sa_init_response(struct peer *p, struct bytes msg);

/* The standard IKE_AUTH inner chain: IDi, AUTH, SA(ESP), TSi, TSr,
 * N(TICKET_REQUEST).  omit: a mask of PEER_OMIT_* to leave payloads out. */
#define PEER_OMIT_ID 1u
#define PEER_OMIT_AUTH 2u
#define PEER_OMIT_SA 4u
#define PEER_OMIT_TS 8u
#define PEER_BAD_AUTH 16u
void peer_auth_chain(struct peer *p, struct ikev2_builder *ib, struct wire_out *plain, unsigned omit);
/* A Child SA's payloads in a CREATE_CHILD_SA request or response: SA
 * (ESP, AES-GCM-16/256, no ESN, and ke's D-H group when ke is given),
 * the nonce, KE when ke is given, TSi 10.tsi_b.0.0/16 and TSr
 * 10.tsr_b.0.0/16 (every protocol and port). */
void peer_child_payloads(struct ikev2_builder *ib, const uint8_t spi[4], struct bytes nonce,
			 const struct ikev2_ke *ke, uint8_t tsi_b, uint8_t tsr_b);
/* The AUTH value for an IDi body, over our first message. */
bool peer_auth_value(struct peer *p, struct bytes id_body, struct chunk *auth);
struct bytes peer_id_body(void);

/* Seal an inner chain (first payload type `first`) into a request of
 * `exchange` with message ID msgid. */
struct bytes peer_seal(struct peer *p, uint8_t exchange, uint32_t msgid, uint8_t first,
		       struct bytes plain);
/* The same as the answer to a request the responder sent (R flag). */
struct bytes peer_seal_response(struct peer *p, uint8_t exchange, uint32_t msgid, uint8_t first,
				struct bytes plain);
/* One SKF message (RFC 7383): content sealed as fragment number/total,
 * `first` named only in fragment 1.  Built in p->msg, where a test may
 * corrupt it before sending. */
struct bytes peer_seal_fragment(struct peer *p, uint8_t exchange, uint32_t msgid, uint8_t first,
				uint16_t number, uint16_t total, struct bytes content);
/* Finish a chain begun with ikev2_chain_start() on p->plain and seal it. */
struct bytes peer_seal_chain(struct peer *p, uint8_t exchange, uint32_t msgid,
			     struct ikev2_builder *ib);
/* The complete valid IKE_AUTH request (message ID 1). */
struct bytes peer_auth(struct peer *p, unsigned omit);
/* Checks the IKE_AUTH response: AUTH verifies, keeps the ticket. */
bool peer_auth_response(struct peer *p, struct bytes msg);

/* Open a protected response; *plain owns the inner payloads that *inner
 * points into.  false: not decodable or the ICV does not verify. */
bool peer_open(struct peer *p, struct bytes msg, struct ikev2_digest *inner, struct chunk *plain);

/* IKE_SESSION_RESUME request with the held ticket (or `ticket` when set). */
struct bytes peer_resume(struct peer *p, const struct bytes *ticket);
bool peer_resume_response(struct peer *p, struct bytes msg);

/* The whole exchange through the harness: IKE_SA_INIT then IKE_AUTH. */
bool peer_establish(struct peer *p);
/* IKE_SESSION_RESUME then IKE_AUTH with the held ticket. */
bool peer_establish_resumed(struct peer *p);

/* What a protected message from pluto carries (the first of each). */
struct peer_seen {
	uint32_t msgid;
	uint8_t exchange;
	bool response;
	uint8_t spi[4];		/* the SA payload's ESP SPI */
	uint8_t nonce[256];
	size_t nonce_len;
	uint16_t error;		/* the first error notify, 0: none */
	unsigned ndeleted;	/* ESP SPIs in the Delete payload */
	uint8_t deleted[4];	/* the first of them */
};
/* false: not decodable, or its ICV does not verify with our keys. */
bool peer_read_sent(struct peer *p, struct bytes msg, struct peer_seen *s);

/* The Notify types in a digest (first error, or a given type present). */
uint16_t peer_first_error(const struct ikev2_digest *d);
bool peer_has_notify(const struct ikev2_digest *d, uint16_t type, struct bytes *data);
/* An unprotected answer: its header and outer payloads. */
bool peer_decode(struct bytes msg, struct ikev2_header *hdr, struct ikev2_digest *outer);

#endif
