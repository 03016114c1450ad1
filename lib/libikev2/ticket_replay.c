/*
 * The one-time-use ticket cache (see ticket_replay.h): an open-addressing
 * hash set with linear probing, at most half full.
 *
 * The hash is the first 8 bytes of the digest itself.  Only tickets that
 * unsealed (so were issued by us) are ever added, and their digests are
 * SHA-256 outputs: an attacker cannot steer them into one probe chain.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket_replay.h"

#define MIN_SLOTS 64

struct replay_slot {
	uint8_t digest[TICKET_DIGEST_LEN];
	uint64_t expiry;	/* 0: the slot is empty */
};

struct ticket_replay {
	struct replay_slot *slots;
	size_t nslots;		/* a power of two */
	size_t max_slots;	/* the power of two >= 2 * max_entries */
	size_t entries;
	size_t max_entries;
	/* no entry expires before this (a lower bound, exact after a purge) */
	uint64_t next_expiry;
	uint64_t added, duplicates, refused_full, purged;
};

static size_t pow2_at_least(size_t n)
{
	size_t p = MIN_SLOTS;
	while (p < n)
		p <<= 1;
	return p;
}

static size_t home_slot(const struct ticket_replay *c, const uint8_t *digest)
{
	uint64_t h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | digest[i];
	return (size_t)h & (c->nslots - 1);
}

/* The slot holding digest, or the empty slot where it would go. */
static size_t probe(const struct ticket_replay *c, const uint8_t *digest)
{
	size_t i = home_slot(c, digest);
	while (c->slots[i].expiry != 0 &&
	       memcmp(c->slots[i].digest, digest, TICKET_DIGEST_LEN) != 0)
		i = (i + 1) & (c->nslots - 1);
	return i;
}

struct ticket_replay *ticket_replay_new(size_t max_entries)
{
	if (max_entries == 0 || max_entries > TICKET_REPLAY_MAX_ENTRIES)
		return NULL;
	struct ticket_replay *c = xzalloc(sizeof(*c));
	c->max_entries = max_entries;
	c->max_slots = pow2_at_least(2 * max_entries);
	c->nslots = MIN_SLOTS;
	c->slots = xzalloc(c->nslots * sizeof(c->slots[0]));
	c->next_expiry = UINT64_MAX;
	return c;
}

void ticket_replay_free(struct ticket_replay **cache)
{
	if (*cache == NULL)
		return;
	free((*cache)->slots);
	free(*cache);
	*cache = NULL;
}

/*
 * Rebuilds the table with nslots slots, keeping the entries that expire
 * after now (all of them with now == 0); returns how many were dropped.
 */
static size_t rebuild(struct ticket_replay *c, size_t nslots, uint64_t now)
{
	struct replay_slot *old = c->slots;
	size_t old_n = c->nslots, dropped = 0;
	c->slots = xzalloc(nslots * sizeof(c->slots[0]));
	c->nslots = nslots;
	c->entries = 0;
	c->next_expiry = UINT64_MAX;
	for (size_t i = 0; i < old_n; i++) {
		if (old[i].expiry == 0)
			continue;
		if (old[i].expiry <= now) {
			dropped++;
			continue;
		}
		c->slots[probe(c, old[i].digest)] = old[i];
		c->entries++;
		if (old[i].expiry < c->next_expiry)
			c->next_expiry = old[i].expiry;
	}
	free(old);
	return dropped;
}

size_t ticket_replay_purge(struct ticket_replay *c, uint64_t now)
{
	if (now < c->next_expiry)
		return 0;	/* nothing can have expired yet */
	size_t live = 0;
	for (size_t i = 0; i < c->nslots; i++)
		live += c->slots[i].expiry > now;
	/* give memory back once most entries are gone, leaving room to grow */
	size_t nslots = c->nslots;
	if (pow2_at_least(4 * live) < nslots)
		nslots = pow2_at_least(4 * live);
	size_t dropped = rebuild(c, nslots, now);
	c->purged += dropped;
	return dropped;
}

enum ticket_replay_result ticket_replay_add(struct ticket_replay *c,
					    const uint8_t digest[TICKET_DIGEST_LEN],
					    uint64_t expiry, uint64_t now)
{
	if (expiry == 0)
		expiry = 1;	/* 0 marks empty slots; such a ticket is long expired */
	if (c->slots[probe(c, digest)].expiry != 0) {
		c->duplicates++;
		return TICKET_REPLAY_USED;
	}
	if (c->entries >= c->max_entries)
		ticket_replay_purge(c, now);
	if (c->entries >= c->max_entries) {
		c->refused_full++;
		return TICKET_REPLAY_FULL;
	}
	/* grow before passing half full */
	if (2 * (c->entries + 1) > c->nslots && c->nslots < c->max_slots)
		rebuild(c, 2 * c->nslots, 0);
	size_t i = probe(c, digest);
	memcpy(c->slots[i].digest, digest, TICKET_DIGEST_LEN);
	c->slots[i].expiry = expiry;
	c->entries++;
	if (expiry < c->next_expiry)
		c->next_expiry = expiry;
	c->added++;
	return TICKET_REPLAY_ADDED;
}

bool ticket_replay_contains(const struct ticket_replay *c, const uint8_t digest[TICKET_DIGEST_LEN])
{
	return c->slots[probe(c, digest)].expiry != 0;
}

/* Is k cyclically within (i, j]? */
static bool in_cyclic_range(size_t i, size_t k, size_t j)
{
	return i <= j ? (i < k && k <= j) : (i < k || k <= j);
}

/*
 * Backward-shift deletion: later members of the probe chain move up into
 * the hole unless their home slot lies after it, so lookups never need
 * tombstones.
 */
bool ticket_replay_remove(struct ticket_replay *c, const uint8_t digest[TICKET_DIGEST_LEN])
{
	size_t hole = probe(c, digest);
	if (c->slots[hole].expiry == 0)
		return false;
	size_t mask = c->nslots - 1;
	for (size_t j = (hole + 1) & mask; c->slots[j].expiry != 0; j = (j + 1) & mask) {
		if (in_cyclic_range(hole, home_slot(c, c->slots[j].digest), j))
			continue;
		c->slots[hole] = c->slots[j];
		hole = j;
	}
	memset(&c->slots[hole], 0, sizeof(c->slots[hole]));
	c->entries--;
	return true;
}

void ticket_replay_stats(const struct ticket_replay *c, struct ticket_replay_stats *s)
{
	*s = (struct ticket_replay_stats){
		.entries = c->entries,
		.max_entries = c->max_entries,
		.slots = c->nslots,
		.bytes = sizeof(*c) + c->nslots * sizeof(c->slots[0]),
		.added = c->added,
		.duplicates = c->duplicates,
		.refused_full = c->refused_full,
		.purged = c->purged,
	};
}

const char *ticket_replay_result_name(enum ticket_replay_result r)
{
	switch (r) {
	case TICKET_REPLAY_ADDED: return "added";
	case TICKET_REPLAY_USED: return "already used";
	case TICKET_REPLAY_FULL: return "cache full";
	}
	return "unknown";
}
