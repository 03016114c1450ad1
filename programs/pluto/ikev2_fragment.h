/*
 * IKEv2 message fragmentation (RFC 7383).
 *
 * Negotiation: N(IKEV2_FRAGMENTATION_SUPPORTED) in IKE_SA_INIT (and, by
 * the same rule, IKE_SESSION_RESUME) when the conn has fragmentation=yes
 * or force; the responder answers with it only when the request had it.
 *
 * Sending: a protected message (IKE_AUTH and later) that would not fit
 * the fragment size, or any protected message under fragmentation=force,
 * is sent as SKF fragments, each sealed on its own (§2.5).  The fragments
 * are stored back to back in the one buffer the message-ID layer keeps
 * (outstanding request, last response); ikev2_send_stored() sends such a
 * buffer as one datagram per IKE message, so retransmissions and answers
 * to a retransmitted request repeat the whole set.
 *
 * Receiving: fragments are collected per IKE SA for one request and one
 * response at a time (§2.6): each one's ICV is verified before it is
 * kept, duplicates are ignored, a larger Total Fragments restarts the set,
 * a smaller one is dropped, a new message ID replaces an older partial
 * set, and so does any fragment once a set has been incomplete for longer
 * than the conn's retransmit-timeout=; a set is only ever replaced by a
 * fragment whose ICV verified, so forged fragments cannot wipe one.
 * Bounds: FRAG_MAX_FRAGMENTS fragments, FRAG_MAX_REASSEMBLED octets.
 */
#ifndef IKEV2_FRAGMENT_H
#define IKEV2_FRAGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_error.h"
#include "ikev2_header.h"
#include "ip_address.h"
#include "wire.h"

struct ike_sa;
struct msg_builder;
struct msg_digest;

#define FRAG_MAX_FRAGMENTS 16		/* more in one set: the set is refused */
#define FRAG_MAX_REASSEMBLED (64 * 1024)	/* octets of decrypted content */

/* The largest IKE message (UDP payload) of one fragment: 576 (IPv4) or
 * 1280 (IPv6) octets of IP datagram (RFC 7383 §2.5.1) less the IP and UDP
 * headers and the 4-octet non-ESP marker of port 4500. */
#define FRAG_SIZE_IPV4 (576 - 20 - 8 - 4)
#define FRAG_SIZE_IPV6 (1280 - 40 - 8 - 4)

/* Negotiation. */
void ikev2_frag_emit_supported(struct msg_builder *mb, const struct ike_sa *ike);
void ikev2_frag_check_supported(struct ike_sa *ike, const struct msg_digest *md);

/* Sending. */
size_t ikev2_frag_size(const struct ike_sa *ike);
/* True when a protected message with plaintext_len octets of inner
 * payloads goes out as fragments. */
bool ikev2_frag_wanted(const struct ike_sa *ike, size_t plaintext_len);
/* Appends the SKF fragments of hdr + plaintext (first: the first inner
 * payload's type) to out, back to back; false (logged) on failure. */
bool ikev2_frag_seal(struct ike_sa *ike, const struct ikev2_header *hdr, uint8_t first,
		     struct bytes plaintext, struct wire_out *out);
/* Sends each IKE message of a stored buffer (one, or a set of fragments). */
bool ikev2_send_stored(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msgs);

/* Receiving. */
/* One message being reassembled. */
struct frag_set {
	uint32_t msgid;
	bool response;
	uint16_t total;
	unsigned count;			/* fragments held */
	size_t bytes;			/* decrypted octets held */
	uint8_t first_inner;		/* from fragment 1 */
	double started;			/* pluto_now() of the first fragment kept */
	bool have[FRAG_MAX_FRAGMENTS];		/* by Fragment Number - 1 */
	struct chunk parts[FRAG_MAX_FRAGMENTS];	/* decrypted content, by number - 1 */
};

enum frag_verdict {
	FRAG_NONE,	/* no SKF payload: open SK as usual */
	FRAG_WAIT,	/* kept, or dropped (logged): nothing more to do now */
	FRAG_COMPLETE,	/* md->plaintext and md->inner hold the whole message */
	FRAG_FAILED,	/* complete and verified, but the content is malformed (err) */
};
enum frag_verdict ikev2_frag_receive(struct ike_sa *ike, struct msg_digest *md, struct ikev2_error *err);
/* The Fragment Number of md's SKF payload, 0 without one. */
unsigned ikev2_frag_number(const struct msg_digest *md);
/* Frees a partial set (the SA dies). */
void ikev2_frag_discard(struct ike_sa *ike);

#endif
