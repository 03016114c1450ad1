/*
 * Half-open IKE SAs: responder SAs that answered IKE_SA_INIT (or
 * IKE_SESSION_RESUME) and wait for the peer's IKE_AUTH.  They cost the
 * gateway a DH computation and memory before the peer has proved
 * anything, so they are counted in all (the cookie threshold, RFC 7296
 * §2.6) and per peer address (max-halfopen-ike-per-peer=): one host may
 * not hold more than its share however many SPIs it invents.
 */
#ifndef HALFOPEN_H
#define HALFOPEN_H

#include <stdbool.h>

#include "ip_address.h"

struct ike_sa;

/* The SA becomes / stops being half-open (state.c calls these). */
void halfopen_enter(struct ike_sa *ike);
void halfopen_leave(struct ike_sa *ike);

unsigned halfopen_count(void);
unsigned halfopen_peer_count(const ip_address *peer);

/* max-halfopen-ike-per-peer=; 0: no limit. */
void halfopen_set_peer_limit(unsigned limit);
/* Has this address reached the limit?  Logs (at most once a second)
 * when it has.  The caller then demands a cookie from it rather than
 * dropping its requests: the address is not verified yet, and a spoofer
 * filling a victim's share must not lock the victim out. */
bool halfopen_peer_over_limit(const ip_address *peer);

/* Frees the per-peer table (shutdown; every SA is gone by then). */
void halfopen_shutdown(void);

#endif
