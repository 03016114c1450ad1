/* The chained hash table of lib/libswan (hash_table.h). */
#include <stdlib.h>

#include "hash_table.h"
#include "unit.h"

struct item {
	unsigned key;
	struct hash_link link;
};

static uint64_t key_hash(unsigned key)
{
	return hash_fnv1a(HASH_FNV1A_BASIS, &key, sizeof(key));
}

static struct item *find(const struct hash_table *t, unsigned key)
{
	for (struct hash_link *l = hash_table_chain(t, key_hash(key)); l != NULL; l = l->next) {
		struct item *it = HASH_ENTRY(l, struct item, link);
		if (it->key == key)
			return it;
	}
	return NULL;
}

static size_t chain_len(const struct hash_table *t, uint64_t hash)
{
	size_t n = 0;
	for (struct hash_link *l = hash_table_chain(t, hash); l != NULL; l = l->next)
		n++;
	return n;
}

/* FNV-1a's published test vectors (64-bit). */
static void test_fnv1a_vectors(void)
{
	CHECK(hash_fnv1a(HASH_FNV1A_BASIS, "", 0) == 0xcbf29ce484222325ull);
	CHECK(hash_fnv1a(HASH_FNV1A_BASIS, "a", 1) == 0xaf63dc4c8601ec8cull);
	CHECK(hash_fnv1a(HASH_FNV1A_BASIS, "foobar", 6) == 0x85944171f73967e8ull);
	/* chained calls hash the concatenation */
	CHECK(hash_fnv1a(hash_fnv1a(HASH_FNV1A_BASIS, "foo", 3), "bar", 3) == 0x85944171f73967e8ull);
}

static void test_insert_find_remove(void)
{
	static struct hash_link *heads[64];
	struct hash_table t = HASH_TABLE_INIT(heads);
	CHECK(t.nr_buckets == 64);
	struct item items[100] = { { 0 } };
	for (unsigned i = 0; i < 100; i++) {
		items[i].key = i * 7919;
		CHECK(!hash_linked(&items[i].link));
		hash_table_add(&t, &items[i].link, key_hash(items[i].key));
		CHECK(hash_linked(&items[i].link));
	}
	CHECK(t.count == 100);
	for (unsigned i = 0; i < 100; i++)
		CHECK(find(&t, i * 7919) == &items[i]);
	CHECK(find(&t, 1) == NULL);
	/* remove every other one: the rest are still found */
	for (unsigned i = 0; i < 100; i += 2)
		hash_table_del(&t, &items[i].link);
	CHECK(t.count == 50);
	for (unsigned i = 0; i < 100; i++)
		CHECK(find(&t, i * 7919) == (i % 2 == 0 ? NULL : &items[i]));
	/* removing what is in no table does nothing */
	hash_table_del(&t, &items[0].link);
	CHECK(t.count == 50 && !hash_linked(&items[0].link));
	hash_table_clear(&t, NULL);
	CHECK(t.count == 0);
	for (size_t b = 0; b < t.nr_buckets; b++)
		CHECK(heads[b] == NULL);
	for (unsigned i = 0; i < 100; i++)
		CHECK(!hash_linked(&items[i].link));
}

/* One bucket: every key collides; chains keep newest first and any
 * entry (first, middle, last) comes out without breaking the chain. */
static void test_collisions(void)
{
	static struct hash_link *heads[1];
	struct hash_table t = HASH_TABLE_INIT(heads);
	struct item a = { .key = 1 }, b = { .key = 2 }, c = { .key = 3 };
	hash_table_add(&t, &a.link, key_hash(1));
	hash_table_add(&t, &b.link, key_hash(2));
	hash_table_add(&t, &c.link, key_hash(3));
	CHECK(chain_len(&t, 0) == 3);
	CHECK(hash_table_chain(&t, 12345) == &c.link);	/* newest first */
	CHECK(c.link.next == &b.link && b.link.next == &a.link && a.link.next == NULL);
	CHECK(find(&t, 1) == &a && find(&t, 2) == &b && find(&t, 3) == &c);

	hash_table_del(&t, &b.link);	/* middle */
	CHECK(chain_len(&t, 0) == 2 && find(&t, 2) == NULL && find(&t, 1) == &a);
	hash_table_del(&t, &c.link);	/* head */
	CHECK(heads[0] == &a.link && a.link.pprev == &heads[0]);
	hash_table_add(&t, &b.link, key_hash(2));
	hash_table_del(&t, &a.link);	/* tail */
	CHECK(chain_len(&t, 0) == 1 && find(&t, 2) == &b);
	hash_table_del(&t, &b.link);
	CHECK(t.count == 0 && heads[0] == NULL);
}

/* Two entries with one key: the newer is found first (the daemon's
 * lookups return the first match, as they did before this table). */
static void test_duplicate_keys_newest_first(void)
{
	static struct hash_link *heads[2];
	struct hash_table t = HASH_TABLE_INIT(heads);
	struct item old = { .key = 5 }, young = { .key = 5 };
	hash_table_add(&t, &old.link, key_hash(5));
	hash_table_add(&t, &young.link, key_hash(5));
	CHECK(find(&t, 5) == &young);
	hash_table_del(&t, &young.link);
	CHECK(find(&t, 5) == &old);
	hash_table_clear(&t, NULL);
}

/* Adding what is linked moves it (a rehash after its key changed); its
 * removal needs no key, so a stale hash cannot leave it behind. */
static void test_rehash_and_stale_key(void)
{
	static struct hash_link *heads[16];
	struct hash_table t = HASH_TABLE_INIT(heads);
	struct item it = { .key = 10 };
	hash_table_add(&t, &it.link, key_hash(10));
	it.key = 11;
	hash_table_add(&t, &it.link, key_hash(11));
	CHECK(t.count == 1 && find(&t, 11) == &it);
	it.key = 12;	/* changed without a rehash */
	hash_table_del(&t, &it.link);
	CHECK(t.count == 0 && !hash_linked(&it.link));
	for (size_t b = 0; b < t.nr_buckets; b++)
		CHECK(heads[b] == NULL);
}

/* The multiplier picks the buckets: a secret one spreads the same keys
 * differently, and is refused once entries are in. */
static void test_keyed_buckets(void)
{
	static struct hash_link *h1[1024], *h2[1024];
	struct hash_table plain = HASH_TABLE_INIT(h1), keyed = HASH_TABLE_INIT(h2);
	hash_table_set_key(&keyed, 0x1234567890abcdeeull);
	CHECK(keyed.key == 0x1234567890abcdefull);	/* made odd */
	struct item a[64] = { { 0 } }, b[64] = { { 0 } };
	unsigned same = 0;
	for (unsigned i = 0; i < 64; i++) {
		a[i].key = b[i].key = i;
		hash_table_add(&plain, &a[i].link, i);
		hash_table_add(&keyed, &b[i].link, i);
		same += a[i].link.pprev - h1 == b[i].link.pprev - h2;
	}
	CHECK(same < 64);
	/* consecutive hashes land in distinct buckets (Fibonacci hashing) */
	for (unsigned i = 0; i < 64; i++)
		CHECK(chain_len(&plain, i) == 1);
	uint64_t before = keyed.key;
	hash_table_set_key(&keyed, 3);
	CHECK(keyed.key == before);
	hash_table_clear(&plain, NULL);
	hash_table_clear(&keyed, NULL);
}

static unsigned dropped;

static void drop_item(struct hash_link *l)
{
	struct item *it = HASH_ENTRY(l, struct item, link);
	CHECK(!hash_linked(l));
	dropped += it->key;
	free(it);
}

/* Clearing hands over every entry, unlinked, and may free it. */
static void test_clear_frees(void)
{
	static struct hash_link *heads[4];
	struct hash_table t = HASH_TABLE_INIT(heads);
	unsigned sum = 0;
	for (unsigned i = 1; i <= 50; i++) {
		struct item *it = calloc(1, sizeof(*it));
		CHECK(it != NULL);
		it->key = i;
		sum += i;
		hash_table_add(&t, &it->link, key_hash(i));
	}
	dropped = 0;
	hash_table_clear(&t, drop_item);
	CHECK(dropped == sum && t.count == 0);
	for (size_t b = 0; b < t.nr_buckets; b++)
		CHECK(heads[b] == NULL);
}

UNIT_MAIN(UNIT(test_fnv1a_vectors), UNIT(test_insert_find_remove), UNIT(test_collisions),
	  UNIT(test_duplicate_keys_newest_first), UNIT(test_rehash_and_stale_key),
	  UNIT(test_keyed_buckets), UNIT(test_clear_frees))
