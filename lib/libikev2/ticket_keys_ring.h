/* The ring's layout, shared by ticket_keys.c and ticket_keys_file.c only. */
#ifndef TICKET_KEYS_RING_H
#define TICKET_KEYS_RING_H

#include "ticket_keys.h"

struct ticket_keys {
	uint64_t rotation_interval;	/* seconds a key stays current */
	uint64_t max_lifetime;		/* seconds, the longest ticket sealed */
	size_t n;			/* keys in use, in the order added */
	size_t current;			/* index of the sealing key, when n > 0 */
	struct ticket_key keys[TICKET_KEYS_MAX];
};

/* Drops every key (wiped); the policy stays. */
void ticket_keys_ring_clear(struct ticket_keys *ring);

#endif
