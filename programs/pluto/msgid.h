/*
 * The message-ID window of one IKE SA (RFC 7296 §2.1, §2.2), window size 1
 * in each direction, and the two caches it needs: the last response we
 * sent (answered again, byte for byte, when the peer retransmits its
 * request) and our outstanding request (retransmitted with exponential
 * backoff until answered or until the exchange gives up).
 */
#ifndef MSGID_H
#define MSGID_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "ip_address.h"

struct event;
struct ike_sa;

struct msgid_window {
	/* Our side as requester. */
	uint32_t next_request;		/* message ID of our next request */
	bool request_outstanding;	/* sent, not yet answered */
	uint32_t outstanding_msgid;
	uint8_t outstanding_exchange;	/* exchange type of the request */
	struct chunk outstanding;	/* the request, for retransmission */
	unsigned retransmits;		/* how often it was re-sent */
	double first_sent;		/* pluto_now() of the first send */
	double next_delay;		/* seconds until the next re-send */
	struct event *retransmit_timer;

	/* Our side as responder. */
	uint32_t peer_next;		/* message ID expected in the peer's next request */
	bool have_response;		/* last_response is valid */
	uint32_t last_response_msgid;
	struct chunk last_response;
};

/* Retransmission policy (retransmit-interval=, retransmit-timeout=). */
struct retransmit_policy {
	double interval;	/* first delay, seconds (0.5) */
	double max_delay;	/* cap on the doubled delay (32) */
	double timeout;		/* give up this long after the first send (60) */
};

enum msgid_verdict {
	MSGID_NEW_REQUEST,	/* process it */
	MSGID_RETRANSMIT,	/* the peer re-sent its last request: resend our response */
	MSGID_EXPECTED_RESPONSE,/* answers our outstanding request */
	MSGID_DROP,		/* old, future or unsolicited: ignore silently */
};

enum msgid_verdict msgid_classify(const struct msgid_window *w, bool is_response, uint32_t msgid);

/* Record our response to the peer's request msgid (kept for retransmits). */
void msgid_record_response(struct msgid_window *w, uint32_t msgid, struct bytes response);
/* Record our new request (msgid = w->next_request, which advances). */
uint32_t msgid_start_request(struct msgid_window *w, uint8_t exchange, struct bytes request,
			     double now, const struct retransmit_policy *p);
/* The outstanding request was answered. */
void msgid_request_done(struct msgid_window *w);
/* Reset for a new IKE SA after a resume (message IDs restart at 0). */
void msgid_reset(struct msgid_window *w);
void msgid_free(struct msgid_window *w);

/* Retransmission timing: the delay before the next re-send, or a negative
 * value when the exchange has run out of time. */
double msgid_next_retransmit(struct msgid_window *w, double now, const struct retransmit_policy *p);

#endif
