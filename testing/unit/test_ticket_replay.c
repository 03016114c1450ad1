/* The one-time-use ticket cache (ticket_replay.h). */
#include <stdio.h>
#include <stdlib.h>

#include "ticket_replay.h"
#include "unit.h"

#define NOW UINT64_C(1700000000)

/* A digest from a number: distinct numbers give distinct digests. */
static void digest_of(uint8_t d[TICKET_DIGEST_LEN], uint64_t n)
{
	uint64_t x = n * UINT64_C(0x9e3779b97f4a7c15) + 1;
	for (int i = 0; i < TICKET_DIGEST_LEN; i++) {
		x ^= x >> 29;
		x *= UINT64_C(0xbf58476d1ce4e5b9);
		d[i] = (uint8_t)(x >> 56);
	}
	memcpy(d + TICKET_DIGEST_LEN - 8, &n, 8);
}

/* All with one hash home: the first 8 bytes equal, the rest differ. */
static void colliding_digest(uint8_t d[TICKET_DIGEST_LEN], uint8_t home, uint64_t n)
{
	memset(d, 0, TICKET_DIGEST_LEN);
	d[7] = home;
	memcpy(d + 8, &n, sizeof(n));
}

static void test_new_bounds(void)
{
	struct ticket_replay *c = ticket_replay_new(0);
	CHECK(c == NULL);
	CHECK(ticket_replay_new(TICKET_REPLAY_MAX_ENTRIES + 1) == NULL);
	c = ticket_replay_new(1);
	CHECK(c != NULL);
	ticket_replay_free(&c);
	CHECK(c == NULL);
	ticket_replay_free(&c);
}

static void test_add_duplicate(void)
{
	struct ticket_replay *c = ticket_replay_new(100);
	uint8_t a[TICKET_DIGEST_LEN], b[TICKET_DIGEST_LEN];
	digest_of(a, 1);
	digest_of(b, 2);
	CHECK(!ticket_replay_contains(c, a));
	CHECK(ticket_replay_add(c, a, NOW + 60, NOW) == TICKET_REPLAY_ADDED);
	CHECK(ticket_replay_contains(c, a));
	CHECK(!ticket_replay_contains(c, b));
	CHECK(ticket_replay_add(c, a, NOW + 60, NOW) == TICKET_REPLAY_USED);
	CHECK(ticket_replay_add(c, a, NOW + 999, NOW + 30) == TICKET_REPLAY_USED);
	CHECK(ticket_replay_add(c, b, NOW + 60, NOW) == TICKET_REPLAY_ADDED);
	struct ticket_replay_stats s;
	ticket_replay_stats(c, &s);
	CHECK(s.entries == 2 && s.added == 2 && s.duplicates == 2 && s.refused_full == 0);
	CHECK(strcmp(ticket_replay_result_name(TICKET_REPLAY_USED), "already used") == 0);
	CHECK(strcmp(ticket_replay_result_name(TICKET_REPLAY_ADDED), "added") == 0);
	CHECK(strcmp(ticket_replay_result_name(TICKET_REPLAY_FULL), "cache full") == 0);
	/* expiry 0 cannot be confused with an empty slot */
	uint8_t z[TICKET_DIGEST_LEN];
	digest_of(z, 3);
	CHECK(ticket_replay_add(c, z, 0, NOW) == TICKET_REPLAY_ADDED);
	CHECK(ticket_replay_contains(c, z));
	CHECK(ticket_replay_add(c, z, 0, NOW) == TICKET_REPLAY_USED);
	ticket_replay_free(&c);
}

static void test_purge(void)
{
	struct ticket_replay *c = ticket_replay_new(1000);
	uint8_t d[TICKET_DIGEST_LEN];
	for (uint64_t i = 0; i < 300; i++) {
		digest_of(d, i);
		CHECK(ticket_replay_add(c, d, NOW + 1 + i % 3, NOW) == TICKET_REPLAY_ADDED);
	}
	CHECK(ticket_replay_purge(c, NOW) == 0);
	CHECK(ticket_replay_purge(c, NOW + 1) == 100);	/* expiry <= now goes */
	struct ticket_replay_stats s;
	ticket_replay_stats(c, &s);
	CHECK(s.entries == 200 && s.purged == 100);
	for (uint64_t i = 0; i < 300; i++) {
		digest_of(d, i);
		CHECK(ticket_replay_contains(c, d) == (i % 3 != 0));
	}
	/* a purged (expired) digest is just unknown again */
	digest_of(d, 0);
	CHECK(ticket_replay_add(c, d, NOW + 10, NOW + 1) == TICKET_REPLAY_ADDED);
	CHECK(ticket_replay_purge(c, NOW + 3) == 200);
	ticket_replay_stats(c, &s);
	CHECK(s.entries == 1 && s.purged == 300);
	CHECK(ticket_replay_contains(c, d));
	CHECK(ticket_replay_purge(c, UINT64_MAX) == 1);
	ticket_replay_stats(c, &s);
	CHECK(s.entries == 0);
	ticket_replay_free(&c);
}

/* Full of unexpired entries: refuse, never evict. */
static void test_limit(void)
{
	struct ticket_replay *c = ticket_replay_new(10);
	uint8_t d[TICKET_DIGEST_LEN];
	for (uint64_t i = 0; i < 10; i++) {
		digest_of(d, i);
		CHECK(ticket_replay_add(c, d, NOW + 100 + i, NOW) == TICKET_REPLAY_ADDED);
	}
	digest_of(d, 10);
	CHECK(ticket_replay_add(c, d, NOW + 100, NOW) == TICKET_REPLAY_FULL);
	CHECK(ticket_replay_add(c, d, NOW + 100, NOW + 99) == TICKET_REPLAY_FULL);
	CHECK(!ticket_replay_contains(c, d));
	/* a known digest is still reported as used when full */
	digest_of(d, 3);
	CHECK(ticket_replay_add(c, d, NOW + 100, NOW) == TICKET_REPLAY_USED);
	for (uint64_t i = 0; i < 10; i++) {
		digest_of(d, i);
		CHECK(ticket_replay_contains(c, d));
	}
	struct ticket_replay_stats s;
	ticket_replay_stats(c, &s);
	CHECK(s.entries == 10 && s.max_entries == 10 && s.refused_full == 2 && s.purged == 0);
	/* once some have expired, adding makes room by itself */
	digest_of(d, 10);
	CHECK(ticket_replay_add(c, d, NOW + 500, NOW + 101) == TICKET_REPLAY_ADDED);
	ticket_replay_stats(c, &s);
	CHECK(s.entries == 9 && s.purged == 2);
	/* removing one makes room too */
	digest_of(d, 5);
	CHECK(ticket_replay_remove(c, d));
	CHECK(!ticket_replay_remove(c, d));
	CHECK(!ticket_replay_contains(c, d));
	ticket_replay_free(&c);
}

/* Memory accounting follows growth and shrinks after a purge. */
static void test_memory_accounting(void)
{
	struct ticket_replay *c = ticket_replay_new(100000);
	struct ticket_replay_stats s0, s1, s2;
	ticket_replay_stats(c, &s0);
	CHECK(s0.entries == 0 && s0.slots >= 64 && s0.bytes >= s0.slots * (TICKET_DIGEST_LEN + 8));
	uint8_t d[TICKET_DIGEST_LEN];
	for (uint64_t i = 0; i < 50000; i++) {
		digest_of(d, i);
		CHECK(ticket_replay_add(c, d, i < 49000 ? NOW + 1 : NOW + 2, NOW) == TICKET_REPLAY_ADDED);
	}
	ticket_replay_stats(c, &s1);
	CHECK(s1.entries == 50000);
	CHECK(s1.slots >= 2 * s1.entries && s1.slots <= 4 * s1.entries);
	CHECK(s1.bytes > s0.bytes && s1.bytes >= s1.slots * (TICKET_DIGEST_LEN + 8));
	CHECK(s1.bytes < 50000 * 200);	/* about 80 bytes per entry at most */
	CHECK(ticket_replay_purge(c, NOW + 1) == 49000);
	ticket_replay_stats(c, &s2);
	CHECK(s2.entries == 1000 && s2.slots < s1.slots && s2.bytes < s1.bytes);
	CHECK(s2.slots >= 2 * s2.entries);
	for (uint64_t i = 49000; i < 50000; i++) {
		digest_of(d, i);
		CHECK(ticket_replay_contains(c, d));
	}
	ticket_replay_free(&c);
}

/*
 * Removal inside long probe chains, including chains that wrap past the
 * end of the table: everything else stays findable.
 */
static void test_remove_in_chains(void)
{
	struct ticket_replay *c = ticket_replay_new(20);	/* 64 slots, never grows */
	uint8_t d[TICKET_DIGEST_LEN];
	/* 8 homed at slot 62 (wrapping), 8 homed at slot 1 (displaced by them) */
	for (uint64_t i = 0; i < 8; i++) {
		colliding_digest(d, 62, i);
		CHECK(ticket_replay_add(c, d, NOW + 10, NOW) == TICKET_REPLAY_ADDED);
		colliding_digest(d, 1, i);
		CHECK(ticket_replay_add(c, d, NOW + 10, NOW) == TICKET_REPLAY_ADDED);
	}
	struct ticket_replay_stats s;
	ticket_replay_stats(c, &s);
	CHECK(s.slots == 64);
	static const struct { uint8_t home; uint64_t n; } gone[] = { { 62, 0 }, { 1, 3 }, { 62, 5 }, { 1, 7 }, { 62, 2 } };
	for (size_t g = 0; g < sizeof(gone) / sizeof(gone[0]); g++) {
		colliding_digest(d, gone[g].home, gone[g].n);
		CHECK(ticket_replay_remove(c, d));
		for (uint64_t i = 0; i < 8; i++) {
			for (int h = 0; h < 2; h++) {
				uint8_t home = h ? 62 : 1;
				bool removed = false;
				for (size_t k = 0; k <= g; k++)
					removed |= gone[k].home == home && gone[k].n == i;
				colliding_digest(d, home, i);
				CHECK(ticket_replay_contains(c, d) == !removed);
			}
		}
	}
	ticket_replay_stats(c, &s);
	CHECK(s.entries == 11);
	ticket_replay_free(&c);
}

/* Random operations against a plain array model. */
static void test_against_model(void)
{
	enum { UNIVERSE = 600, OPS = 40000, MAX = 256 };
	struct ticket_replay *c = ticket_replay_new(MAX);
	static uint64_t model[UNIVERSE];	/* expiry, 0 = absent */
	memset(model, 0, sizeof(model));
	size_t in_model = 0;
	uint64_t now = NOW, rng = 42;
	uint8_t d[TICKET_DIGEST_LEN];
	int mismatches = 0;
	for (int op = 0; op < OPS; op++) {
		rng = rng * 6364136223846793005u + 1442695040888963407u;
		uint64_t r = rng >> 33;
		size_t k = (size_t)(r % UNIVERSE);
		/* a quarter of the digests share 4 homes, to make long chains */
		if (k % 4 == 0)
			colliding_digest(d, (uint8_t)(k % 16), k);
		else
			digest_of(d, k);
		switch ((r >> 20) % 8) {
		case 0: case 1: case 2: case 3: {
			uint64_t exp = now + 1 + (r >> 12) % 400;
			enum ticket_replay_result got = ticket_replay_add(c, d, exp, now);
			enum ticket_replay_result want;
			if (model[k] != 0) {
				want = TICKET_REPLAY_USED;
			} else {
				if (in_model >= MAX) {	/* the cache purges when full */
					for (size_t i = 0; i < UNIVERSE; i++)
						if (model[i] != 0 && model[i] <= now) {
							model[i] = 0;
							in_model--;
						}
				}
				want = in_model >= MAX ? TICKET_REPLAY_FULL : TICKET_REPLAY_ADDED;
				if (want == TICKET_REPLAY_ADDED) {
					model[k] = exp;
					in_model++;
				}
			}
			mismatches += got != want;
			break;
		}
		case 4:
			mismatches += ticket_replay_remove(c, d) != (model[k] != 0);
			if (model[k] != 0)
				in_model--;
			model[k] = 0;
			break;
		case 5: {
			size_t dropped = 0;
			for (size_t i = 0; i < UNIVERSE; i++)
				if (model[i] != 0 && model[i] <= now) {
					model[i] = 0;
					dropped++;
				}
			in_model -= dropped;
			mismatches += ticket_replay_purge(c, now) != dropped;
			break;
		}
		case 6:
			now += (r >> 8) % 4;
			break;
		default:
			mismatches += ticket_replay_contains(c, d) != (model[k] != 0);
			break;
		}
		struct ticket_replay_stats s;
		ticket_replay_stats(c, &s);
		mismatches += s.entries != in_model;
		if (mismatches > 0) {
			fprintf(stderr, "  diverged at op %d\n", op);
			break;
		}
	}
	CHECK(mismatches == 0);
	for (size_t k = 0; k < UNIVERSE; k++) {
		if (k % 4 == 0)
			colliding_digest(d, (uint8_t)(k % 16), k);
		else
			digest_of(d, k);
		CHECK(ticket_replay_contains(c, d) == (model[k] != 0));
	}
	ticket_replay_free(&c);
}

UNIT_MAIN(UNIT(test_new_bounds), UNIT(test_add_duplicate), UNIT(test_purge), UNIT(test_limit),
	  UNIT(test_memory_accounting), UNIT(test_remove_in_chains), UNIT(test_against_model))
