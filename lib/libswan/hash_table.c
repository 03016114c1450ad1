/* Chained hash table with intrusive links (hash_table.h). */
#include "hash_table.h"

uint64_t hash_fnv1a(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

void hash_table_set_key(struct hash_table *t, uint64_t key)
{
	if (t->count == 0)
		t->key = key | 1;
}

/* The top log2(nr_buckets) bits of the product: multiply-shift mixes
 * every bit of the hash into them (the low bits of a product only see
 * the low bits of the hash). */
static struct hash_link **head(const struct hash_table *t, uint64_t hash)
{
	if (t->nr_buckets <= 1)
		return &t->buckets[0];	/* a shift by 64 would be undefined */
	unsigned bits = (unsigned)__builtin_ctzll(t->nr_buckets);
	return &t->buckets[(hash * t->key) >> (64 - bits)];
}

struct hash_link *hash_table_chain(const struct hash_table *t, uint64_t hash)
{
	return *head(t, hash);
}

void hash_table_add(struct hash_table *t, struct hash_link *l, uint64_t hash)
{
	hash_table_del(t, l);
	struct hash_link **h = head(t, hash);
	l->next = *h;
	if (*h != NULL)
		(*h)->pprev = &l->next;
	l->pprev = h;
	*h = l;
	t->count++;
}

void hash_table_del(struct hash_table *t, struct hash_link *l)
{
	if (l->pprev == NULL)
		return;
	*l->pprev = l->next;
	if (l->next != NULL)
		l->next->pprev = l->pprev;
	l->next = NULL;
	l->pprev = NULL;
	t->count--;
}

void hash_table_clear(struct hash_table *t, void (*drop)(struct hash_link *l))
{
	for (size_t i = 0; i < t->nr_buckets; i++) {
		while (t->buckets[i] != NULL) {
			struct hash_link *l = t->buckets[i];
			hash_table_del(t, l);
			if (drop != NULL)
				drop(l);
		}
	}
}
