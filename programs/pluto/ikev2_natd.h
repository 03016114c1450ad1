/*
 * NAT detection (RFC 7296 §2.23): NAT_DETECTION_SOURCE_IP and
 * NAT_DETECTION_DESTINATION_IP in IKE_SA_INIT and IKE_SESSION_RESUME.
 * A mismatch means a NAT between the peers.
 */
#ifndef IKEV2_NATD_H
#define IKEV2_NATD_H

struct ike_sa;
struct msg_builder;
struct msg_digest;

void ikev2_emit_natd(struct msg_builder *mb, const struct ike_sa *ike);
/* Records in ike whether either side is behind a NAT; an initiator then
 * moves to the NAT-T port. */
void ikev2_check_natd(struct ike_sa *ike, const struct msg_digest *md);
/* After an authenticated message: follow the peer's (NATed) address. */
void ikev2_nat_follow(struct ike_sa *ike, const struct msg_digest *md);

#endif
