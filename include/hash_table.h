/*
 * A chained hash table with intrusive links: the indexes of the daemon
 * (IKE SAs by SPI and by peer ID, half-open SAs per address, the owners
 * of kernel policies) share this one piece of chaining code.
 *
 * The table only links and unlinks.  The caller owns:
 *   - the bucket heads, a static array whose size (a power of two) is
 *     fixed where the table is declared with HASH_TABLE_INIT();
 *   - the entries, each embedding a struct hash_link (HASH_ENTRY() gets
 *     the entry back from its link), zeroed before first use;
 *   - the 64-bit hash of each key (hash_fnv1a() over its octets, or a
 *     mix of its own) and the key comparison while walking a chain.
 *
 * The bucket is the top bits of hash * multiplier (multiply-shift).  The
 * default multiplier is the 64-bit golden ratio (Fibonacci hashing); a
 * table whose keys a peer chooses (IKE SPIs, IDs) is given a secret odd
 * one by hash_table_set_key() before its first entry, so that a peer
 * cannot aim its keys at one chain.
 *
 * Links point back at whatever points at them, so removal needs neither
 * the key nor a walk, and is right even when the key changed since the
 * entry was added.  New entries go first in their chain.
 */
#ifndef HASH_TABLE_H
#define HASH_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hash_link {
	struct hash_link *next;		/* in the same bucket */
	struct hash_link **pprev;	/* what points at us; NULL: in no table */
};

struct hash_table {
	struct hash_link **buckets;	/* the caller's array of heads */
	size_t nr_buckets;		/* a power of two */
	uint64_t key;			/* odd multiplier picking the bucket */
	size_t count;			/* entries linked */
};

#define HASH_GOLDEN_RATIO 0x9e3779b97f4a7c15ull
#define HASH_FNV1A_BASIS 0xcbf29ce484222325ull

/* The number of heads in ARRAY; does not compile unless a power of two. */
#define HASH_NR_BUCKETS(ARRAY) \
	(sizeof(ARRAY) / sizeof((ARRAY)[0]) + 0 * sizeof(struct { \
		_Static_assert(((sizeof(ARRAY) / sizeof((ARRAY)[0])) & \
				(sizeof(ARRAY) / sizeof((ARRAY)[0]) - 1)) == 0, \
			       "hash table size must be a power of two"); \
		char c; }))

/* static struct hash_link *heads[1024];
 * static struct hash_table table = HASH_TABLE_INIT(heads); */
#define HASH_TABLE_INIT(HEADS) \
	{ .buckets = (HEADS), .nr_buckets = HASH_NR_BUCKETS(HEADS), .key = HASH_GOLDEN_RATIO }

/* The entry of type TYPE whose member MEMBER is LINK. */
#define HASH_ENTRY(LINK, TYPE, MEMBER) \
	((TYPE *)(void *)((char *)(LINK) - offsetof(TYPE, MEMBER)))

/* FNV-1a (64-bit) of N octets at P continuing from H: start with
 * HASH_FNV1A_BASIS, or chain calls to hash several fields. */
uint64_t hash_fnv1a(uint64_t h, const void *p, size_t n);

/* A secret multiplier (made odd).  Only while the table is empty: the
 * entries already linked would sit in the wrong buckets. */
void hash_table_set_key(struct hash_table *t, uint64_t key);

/* The first entry of the chain where keys of HASH live (entries of
 * other keys share it: compare while following ->next), or NULL. */
struct hash_link *hash_table_chain(const struct hash_table *t, uint64_t hash);

/* Links L first in the chain of HASH.  L is in no table or already in
 * T (it is moved: an entry is in one chain at a time). */
void hash_table_add(struct hash_table *t, struct hash_link *l, uint64_t hash);

/* Unlinks L from T; nothing when it is in no table. */
void hash_table_del(struct hash_table *t, struct hash_link *l);

static inline bool hash_linked(const struct hash_link *l)
{
	return l->pprev != NULL;
}

/* Unlinks every entry, handing each to DROP (which may free it; NULL:
 * only unlink).  Shutdown. */
void hash_table_clear(struct hash_table *t, void (*drop)(struct hash_link *l));

#endif
