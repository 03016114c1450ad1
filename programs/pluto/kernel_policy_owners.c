/* The owners of the kernel policies (kernel_policy_owners.h). */
#include <stdint.h>
#include <stdlib.h>

#include "chunk.h"
#include "ikev2_child_sa.h"
#include "kernel_policy_owners.h"
#include "state.h"

#define OWNER_BUCKETS 4096	/* power of two */

struct owner {
	struct child_sa *child;
	struct owner *next;
};

static struct owner *buckets[OWNER_BUCKETS];

static uint32_t fnv(uint32_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static uint32_t hash_subnet(uint32_t h, const ip_subnet *s)
{
	h = fnv(h, &s->addr.family, 1);
	h = fnv(h, s->addr.bytes, sizeof(s->addr.bytes));
	return fnv(h, &s->prefix, 1);
}

static size_t bucket_of(const struct child_sa *c)
{
	uint8_t tail[6] = { c->transport, c->ts_proto, (uint8_t)(c->ts_lport >> 8), (uint8_t)c->ts_lport,
			    (uint8_t)(c->ts_rport >> 8), (uint8_t)c->ts_rport };
	uint32_t h = hash_subnet(hash_subnet(2166136261u, &c->ts_local), &c->ts_remote);
	return fnv(h, tail, sizeof(tail)) & (OWNER_BUCKETS - 1);
}

bool policy_selectors_equal(const struct child_sa *a, const struct child_sa *b)
{
	return a->transport == b->transport && a->ts_proto == b->ts_proto &&
	       a->ts_lport == b->ts_lport && a->ts_rport == b->ts_rport &&
	       subnet_eq(&a->ts_local, &b->ts_local) && subnet_eq(&a->ts_remote, &b->ts_remote);
}

static bool unlink_from(struct owner **pp, const struct child_sa *child)
{
	for (; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->child == child) {
			struct owner *gone = *pp;
			*pp = gone->next;
			free(gone);
			return true;
		}
	}
	return false;
}

void policy_owner_set(struct child_sa *child, bool owns)
{
	if (child->owns_policies == owns)
		return;
	child->owns_policies = owns;
	struct owner **pp = &buckets[bucket_of(child)];
	if (owns) {
		struct owner *o = xzalloc(sizeof(*o));
		o->child = child;
		o->next = *pp;
		*pp = o;
		return;
	}
	if (unlink_from(pp, child))
		return;
	/* its selectors changed while it owned policies: never leave a
	 * pointer to a Child SA that is about to be freed */
	for (size_t i = 0; i < OWNER_BUCKETS; i++)
		if (unlink_from(&buckets[i], child))
			return;
}

void policy_owner_forget(struct child_sa *child)
{
	if (!unlink_from(&buckets[bucket_of(child)], child) && child->owns_policies)
		policy_owner_set(child, false);	/* searches every bucket */
	child->owns_policies = false;
}

struct child_sa *policy_owner_find(const struct child_sa *like)
{
	for (struct owner *o = buckets[bucket_of(like)]; o != NULL; o = o->next)
		if (o->child != like && policy_selectors_equal(o->child, like))
			return o->child;
	return NULL;
}

void policy_owners_shutdown(void)
{
	for (size_t i = 0; i < OWNER_BUCKETS; i++) {
		while (buckets[i] != NULL) {
			struct owner *next = buckets[i]->next;
			free(buckets[i]);
			buckets[i] = next;
		}
	}
}
