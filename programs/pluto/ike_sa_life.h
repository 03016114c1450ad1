/*
 * The life of an IKE SA outside any one exchange: becoming established
 * (and replacing older SAs of the same peer), timers (half-open limit,
 * lifetime), an exchange that times out, and being dropped locally.
 */
#ifndef IKE_SA_LIFE_H
#define IKE_SA_LIFE_H

#include <stdbool.h>

struct ike_sa;

void ikev2_ike_sa_established(struct ike_sa *ike);
void ikev2_replace_older(struct ike_sa *ike);
/* Called after every state change (arms the state's timer). */
void ikev2_state_entered(struct ike_sa *ike);
/* Our request ran out of retransmissions. */
void ikev2_request_timeout(struct ike_sa *ike);
/* Remove the SA and its children here, kernel state included, without a
 * message to the peer. */
void ike_sa_drop(struct ike_sa *ike);
bool ikev2_send_liveness(struct ike_sa *ike);
struct connection;
bool ike_sa_should_rekey(const struct ike_sa *ike);
/* (Re)arm the SA's one timer: what expiry means depends on the state. */
void ike_sa_schedule(struct ike_sa *ike, double seconds);
double rekey_lead(const struct connection *c, double lifetime);

#endif
