/* Resumption tickets held by pluto (resume_ticket.h). */
#include <stdlib.h>

#include "resume_ticket.h"

void resume_ticket_free(struct resume_ticket *t)
{
	if (t == NULL)
		return;
	chunk_free(&t->opaque);
	secret_free(&t->sk_d);
	chunk_free(&t->idi);
	chunk_free(&t->idr);
	free(t);
}

struct resume_ticket *resume_ticket_clone(const struct resume_ticket *t)
{
	struct resume_ticket *c = xzalloc(sizeof(*c));
	*c = *t;
	c->opaque = chunk_clone(chunk_bytes(t->opaque));
	c->sk_d = secret_clone(secret_bytes(t->sk_d));
	c->idi = chunk_clone(chunk_bytes(t->idi));
	c->idr = chunk_clone(chunk_bytes(t->idr));
	return c;
}

bool resume_ticket_valid(const struct resume_ticket *t, uint64_t now)
{
	/* a margin so a ticket does not expire in flight */
	return t != NULL && t->opaque.len > 0 && t->expiry > now + 5;
}
