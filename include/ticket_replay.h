/*
 * One-time use of resumption tickets (RFC 5723 sections 4.3.1, 9.10).
 *
 * A set of the digests (ticket_digest()) of tickets already presented,
 * each kept until its ticket's own expiry: after that the ticket is
 * refused as expired anyway, so purging loses nothing.
 *
 * The set is bounded.  When it is full of unexpired entries a new ticket
 * is refused rather than an old entry evicted: refusing costs one client
 * a full exchange (TICKET_NACK), forgetting a used ticket would let it be
 * replayed.
 *
 * Pure: no I/O, no clock (times are passed in), no crypto.
 */
#ifndef TICKET_REPLAY_H
#define TICKET_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev2_ticket.h"

/* The largest bound ticket_replay_new() accepts (about 1.3 GB of table). */
#define TICKET_REPLAY_MAX_ENTRIES ((size_t)1 << 24)

struct ticket_replay;

enum ticket_replay_result {
	TICKET_REPLAY_ADDED,	/* first presentation: now recorded */
	TICKET_REPLAY_USED,	/* presented before: refuse the resumption */
	TICKET_REPLAY_FULL,	/* no room even after purging: refuse (NACK) */
};

struct ticket_replay_stats {
	size_t entries;		/* digests held now */
	size_t max_entries;	/* the bound */
	size_t slots;		/* hash table size (grows up to 2 * bound) */
	size_t bytes;		/* heap held by the cache */
	uint64_t added;		/* TICKET_REPLAY_ADDED answers, since creation */
	uint64_t duplicates;	/* TICKET_REPLAY_USED answers */
	uint64_t refused_full;	/* TICKET_REPLAY_FULL answers */
	uint64_t purged;	/* entries dropped because they expired */
};

/* max_entries in 1..TICKET_REPLAY_MAX_ENTRIES, else NULL. */
struct ticket_replay *ticket_replay_new(size_t max_entries);
void ticket_replay_free(struct ticket_replay **cache);

/*
 * Records a ticket's digest until expiry (seconds, same clock as now).
 * When full, expired entries are purged first (only when some may have
 * expired, so a full cache under load does not rescan on every call).
 */
enum ticket_replay_result ticket_replay_add(struct ticket_replay *cache,
					    const uint8_t digest[TICKET_DIGEST_LEN],
					    uint64_t expiry, uint64_t now);
bool ticket_replay_contains(const struct ticket_replay *cache,
			    const uint8_t digest[TICKET_DIGEST_LEN]);
/*
 * Forgets one digest: for a responder that records a ticket when it is
 * presented and the resumption then fails before an IKE SA exists (RFC
 * 5723: a ticket counts as used only once an IKE SA is established).
 */
bool ticket_replay_remove(struct ticket_replay *cache, const uint8_t digest[TICKET_DIGEST_LEN]);
/* Drops entries with expiry <= now; returns how many. */
size_t ticket_replay_purge(struct ticket_replay *cache, uint64_t now);

void ticket_replay_stats(const struct ticket_replay *cache, struct ticket_replay_stats *stats);
const char *ticket_replay_result_name(enum ticket_replay_result r);

#endif
