/*
 * Stateless cookies (RFC 7296 §2.6) for IKE_SA_INIT and
 * IKE_SESSION_RESUME (RFC 5723 §4.3.2): once the half-open IKE SAs pass
 * a threshold, a request without a valid cookie is answered with
 * N(COOKIE) and creates no state.
 *
 *   cookie = <secret version> | HMAC-SHA256(secret, Ni | IPi | SPIi)
 *
 * The secret changes regularly; cookies made with the previous one stay
 * valid, so a client caught by a change does not lose a round trip.
 */
#ifndef COOKIE_H
#define COOKIE_H

#include <stdbool.h>

#include "ipsec_conf.h"

struct msg_digest;

/* Half-open SAs from which cookies are demanded (0: always). */
void cookie_set_threshold(unsigned threshold);
/* ddos-mode=: busy demands them always, unlimited never, auto by the
 * threshold.  cookie_threshold() is the threshold in effect (UINT_MAX:
 * never). */
void cookie_set_mode(enum ddos_mode mode);
unsigned cookie_threshold(void);
/* true: go on; false: a COOKIE was demanded or the cookie is wrong. */
bool cookie_check_or_demand(const struct msg_digest *md);
void cookie_shutdown(void);

#endif
