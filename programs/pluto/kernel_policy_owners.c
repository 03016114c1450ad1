/* The owners of the kernel policies (kernel_policy_owners.h). */
#include <stdint.h>

#include "hash_table.h"
#include "ikev2_child_sa.h"
#include "kernel_policy_owners.h"
#include "state.h"

static struct hash_link *owner_heads[4096];
static struct hash_table owners = HASH_TABLE_INIT(owner_heads);

static uint64_t hash_subnet(uint64_t h, const ip_subnet *s)
{
	h = hash_fnv1a(h, &s->addr.family, 1);
	h = hash_fnv1a(h, s->addr.bytes, sizeof(s->addr.bytes));
	return hash_fnv1a(h, &s->prefix, 1);
}

static uint64_t selectors_hash(const struct child_sa *c)
{
	uint8_t tail[6] = { c->transport, c->ts_proto, (uint8_t)(c->ts_lport >> 8), (uint8_t)c->ts_lport,
			    (uint8_t)(c->ts_rport >> 8), (uint8_t)c->ts_rport };
	uint64_t h = hash_subnet(hash_subnet(HASH_FNV1A_BASIS, &c->ts_local), &c->ts_remote);
	return hash_fnv1a(h, tail, sizeof(tail));
}

bool policy_selectors_equal(const struct child_sa *a, const struct child_sa *b)
{
	return a->transport == b->transport && a->ts_proto == b->ts_proto &&
	       a->ts_lport == b->ts_lport && a->ts_rport == b->ts_rport &&
	       subnet_eq(&a->ts_local, &b->ts_local) && subnet_eq(&a->ts_remote, &b->ts_remote);
}

void policy_owner_set(struct child_sa *child, bool owns)
{
	if (child->owns_policies == owns)
		return;
	child->owns_policies = owns;
	if (owns)
		hash_table_add(&owners, &child->policy_link, selectors_hash(child));
	else	/* wherever it is: its selectors may have changed since */
		hash_table_del(&owners, &child->policy_link);
}

void policy_owner_forget(struct child_sa *child)
{
	hash_table_del(&owners, &child->policy_link);
	child->owns_policies = false;
}

struct child_sa *policy_owner_find(const struct child_sa *like)
{
	for (struct hash_link *l = hash_table_chain(&owners, selectors_hash(like)); l != NULL; l = l->next) {
		struct child_sa *o = HASH_ENTRY(l, struct child_sa, policy_link);
		if (o != like && policy_selectors_equal(o, like))
			return o;
	}
	return NULL;
}

void policy_owners_shutdown(void)
{
	/* the Child SAs are gone by now; none may be left pointing here */
	hash_table_clear(&owners, NULL);
}
