/*
 * Hostile messages from the scripted peer (pluto_peer.h): a valid message
 * with one thing changed, described by a spec so that a test table reads
 * as the list of what is wrong.
 *
 * Unprotected: IKE_SA_INIT and IKE_SESSION_RESUME requests whose payloads
 * are left out, repeated, replaced by raw bodies or joined by extra raw
 * payloads.  Protected: an inner chain of raw payloads (hex bodies) sealed
 * with the peer's keys, so the damage is *inside* a verified SK payload;
 * the IKE_AUTH variant starts from the valid chain.  After sealing, the
 * datagram itself can be damaged (craft_damage).
 */
#ifndef PLUTO_CRAFT_H
#define PLUTO_CRAFT_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "pluto_peer.h"

#define CRAFT_MAX_RAW 6

/* A payload written as is: type, critical bit, body in hex (spaces ok). */
struct raw_payload {
	uint8_t type;
	bool critical;
	const char *hex;
	unsigned repeat;	/* written 1 + repeat times */
};

struct init_spec {
	bool no_sa, no_ke, no_ni, two_ni;
	const char *sa_hex;		/* SA body instead of the standard proposal */
	bool ke_group_set;
	uint16_t ke_group;		/* with ke_group_set: this group number */
	const char *ke_data_hex;	/* KE data instead of our public value */
	const char *nonce_hex;		/* Ni instead of ours */
	const char *cookie_hex;		/* N(COOKIE) first */
	struct raw_payload raw[CRAFT_MAX_RAW];	/* appended, up to type 0 */
};
struct bytes craft_sa_init(struct peer *p, const struct init_spec *s);

struct resume_spec {
	bool no_ni, two_ni, with_sa, with_ke, no_ticket;
	const char *ticket_hex;		/* TICKET_OPAQUE data; NULL: the held ticket */
	unsigned ticket_len;		/* >0 with ticket_hex NULL: that many 0x5a octets */
};
struct bytes craft_resume(struct peer *p, const struct resume_spec *s);

/* IKE_AUTH: the valid chain minus `omit` (PEER_OMIT_*), then the raw
 * payloads; id_hex / ts_hex / sa_hex replace IDi / both TS / the SA body,
 * auth_method a non-zero value replaces PSK. */
struct auth_spec {
	unsigned omit;
	const char *id_hex, *ts_hex, *sa_hex;
	bool two_idi;
	uint8_t auth_method;
	struct raw_payload raw[CRAFT_MAX_RAW];
};
struct bytes craft_auth(struct peer *p, const struct auth_spec *s);

/* Any exchange: only the raw payloads, sealed (message ID p->next_msgid
 * plus msgid_delta). */
struct sealed_spec {
	uint8_t exchange;
	int msgid_delta;
	struct raw_payload raw[CRAFT_MAX_RAW];
	const char *plain_hex;		/* instead of raw: the whole inner chain as is */
	uint8_t first;			/* with plain_hex: SK's Next Payload */
};
struct bytes craft_sealed(struct peer *p, const struct sealed_spec *s);

/* Damage a built datagram in place (it lives in p->msg). */
enum damage {
	DAMAGE_ICV,		/* flip the last octet (ICV / tag) */
	DAMAGE_LENGTH_LONG,	/* header length + 1 */
	DAMAGE_LENGTH_SHORT,	/* header length - 1 */
	DAMAGE_TRUNCATE_SK,	/* cut the SK body to 8 octets, lengths adjusted */
	DAMAGE_CIPHERTEXT,	/* flip an octet in the middle of the SK body */
};
struct bytes craft_damage(struct bytes msg, enum damage d);

#endif
