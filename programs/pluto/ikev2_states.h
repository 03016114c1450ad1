/*
 * The one state-transition table of pluto.  Every message that reaches an
 * IKE SA is matched against it by (state, exchange, request or response);
 * the row names the handler, the state after success, and whether the
 * message must have arrived inside an SK payload.  A new exchange adds
 * rows here, never an if-chain elsewhere.
 */
#ifndef IKEV2_STATES_H
#define IKEV2_STATES_H

#include <stdbool.h>
#include <stdint.h>

#include "state.h"

struct msg_digest;

enum handler_result {
	HANDLER_OK,		/* move to the row's next state */
	HANDLER_IGNORE,		/* drop the message; the state is unchanged */
	HANDLER_FAIL,		/* the negotiation failed: delete the SA (answer already sent) */
	HANDLER_DONE,		/* the handler moved or freed the SA itself */
};

typedef enum handler_result ikev2_handler(struct ike_sa *ike, struct msg_digest *md);

struct transition {
	enum ike_state from;
	uint8_t exchange;
	bool response;		/* matches a response (else a request) */
	bool encrypted;		/* must arrive in SK */
	ikev2_handler *handler;
	enum ike_state to;
	const char *story;	/* for debug logs */
};

/* The row for a message, or NULL (drop it, with a log line). */
const struct transition *ikev2_find_transition(enum ike_state from, uint8_t exchange, bool response);
/* Rows that create a new IKE SA (responder, no SA yet). */
const struct transition *ikev2_find_initial_transition(uint8_t exchange);

/* How long a state may live without progress, and what expiry means. */
struct state_timeout {
	double seconds;		/* 0: no timeout of its own */
	const char *what;	/* for the log line */
};
const struct state_timeout *ikev2_state_timeout(enum ike_state s);

#endif
