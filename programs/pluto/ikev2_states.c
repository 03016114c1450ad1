/* The state-transition table (ikev2_states.h). */
#include <stddef.h>

#include "ikev2_exchanges.h"
#include "ikev2_numbers.h"
#include "ikev2_states.h"

static const struct transition transitions[] = {
	/* Responder: messages that create an IKE SA (state NONE). */
	{ IKE_STATE_NONE, IKEV2_EXCH_IKE_SA_INIT, false, false,
	  ikev2_sa_init_request, IKE_SA_INIT_R, "respond to IKE_SA_INIT" },
	{ IKE_STATE_NONE, IKEV2_EXCH_IKE_SESSION_RESUME, false, false,
	  ikev2_resume_request, IKE_RESUME_R, "respond to IKE_SESSION_RESUME" },

	/* Initiator of the IKE SA. */
	{ IKE_SA_INIT_I, IKEV2_EXCH_IKE_SA_INIT, true, false,
	  ikev2_sa_init_response, IKE_AUTH_I, "process IKE_SA_INIT response, send IKE_AUTH" },
	{ IKE_RESUME_I, IKEV2_EXCH_IKE_SESSION_RESUME, true, false,
	  ikev2_resume_response, IKE_AUTH_I, "process IKE_SESSION_RESUME response, send IKE_AUTH" },
	{ IKE_AUTH_I, IKEV2_EXCH_IKE_AUTH, true, true,
	  ikev2_auth_response, IKE_ESTABLISHED, "process IKE_AUTH response" },

	/* Responder of the IKE SA. */
	{ IKE_SA_INIT_R, IKEV2_EXCH_IKE_AUTH, false, true,
	  ikev2_auth_request, IKE_ESTABLISHED, "respond to IKE_AUTH" },
	{ IKE_RESUME_R, IKEV2_EXCH_IKE_AUTH, false, true,
	  ikev2_auth_request, IKE_ESTABLISHED, "respond to IKE_AUTH after resume" },

	/* Either side of an established IKE SA. */
	{ IKE_ESTABLISHED, IKEV2_EXCH_INFORMATIONAL, false, true,
	  ikev2_informational_request, IKE_ESTABLISHED, "respond to INFORMATIONAL" },
	{ IKE_ESTABLISHED, IKEV2_EXCH_INFORMATIONAL, true, true,
	  ikev2_informational_response, IKE_ESTABLISHED, "process INFORMATIONAL response" },
	{ IKE_ESTABLISHED, IKEV2_EXCH_CREATE_CHILD_SA, false, true,
	  ikev2_create_child_request, IKE_ESTABLISHED, "respond to CREATE_CHILD_SA" },
	{ IKE_ESTABLISHED, IKEV2_EXCH_CREATE_CHILD_SA, true, true,
	  ikev2_create_child_response, IKE_ESTABLISHED, "process CREATE_CHILD_SA response" },
	{ IKE_DELETING, IKEV2_EXCH_INFORMATIONAL, false, true,
	  ikev2_informational_request, IKE_DELETING, "respond to INFORMATIONAL while deleting" },
	{ IKE_DELETING, IKEV2_EXCH_INFORMATIONAL, true, true,
	  ikev2_delete_response, IKE_STATE_NONE, "IKE SA delete acknowledged" },
	/* RFC 7296 §2.25.2: answered with TEMPORARY_FAILURE */
	{ IKE_DELETING, IKEV2_EXCH_CREATE_CHILD_SA, false, true,
	  ikev2_create_child_request, IKE_DELETING, "refuse CREATE_CHILD_SA while deleting" },
};

static const struct state_timeout timeouts[IKE_STATE_ROOF] = {
	/* half-open responder SAs die unless IKE_AUTH arrives (DoS bound) */
	[IKE_SA_INIT_R] = { 30, "IKE_AUTH request" },
	[IKE_RESUME_R] = { 30, "IKE_AUTH request after resume" },
};

const struct transition *ikev2_find_transition(enum ike_state from, uint8_t exchange, bool response)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
		const struct transition *t = &transitions[i];
		if (t->from == from && t->exchange == exchange && t->response == response)
			return t;
	}
	return NULL;
}

const struct transition *ikev2_find_initial_transition(uint8_t exchange)
{
	return ikev2_find_transition(IKE_STATE_NONE, exchange, false);
}

const struct state_timeout *ikev2_state_timeout(enum ike_state s)
{
	static const struct state_timeout none = { 0, NULL };
	return s < IKE_STATE_ROOF && timeouts[s].seconds > 0 ? &timeouts[s] : &none;
}
