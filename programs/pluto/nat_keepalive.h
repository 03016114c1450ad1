/*
 * NAT-keepalives (RFC 3948 §2.3 and §4; RFC 7296 §2.23): an end behind a
 * NAT sends the one-octet 0xff datagram to the peer's NAT-T port every
 * keep-alive= seconds, so that the NAT keeps the UDP mapping that both
 * IKE and the UDP-encapsulated ESP of its SAs use, even when no traffic
 * flows for a while.  Only the end behind the NAT needs to; a peer that
 * is not behind one sends nothing.
 */
#ifndef NAT_KEEPALIVE_H
#define NAT_KEEPALIVE_H

struct ike_sa;

/* Start (or keep) the keepalives of an established IKE SA when it is
 * behind a NAT, nat-keepalive=yes and keep-alive= is not 0. */
void nat_keepalive_start(struct ike_sa *ike);

#endif
