/* Half-open IKE SA accounting (halfopen.h). */
#include <stdlib.h>
#include <string.h>

#include "halfopen.h"
#include "hash_table.h"
#include "log.h"
#include "pluto.h"
#include "state.h"
#include "chunk.h"

struct peer_count {
	ip_address addr;
	unsigned count;
	struct hash_link link;
};

/* chains stay short below ~10^5 peers; unkeyed: an attacker choosing
 * its own addresses gains nothing from collisions but a longer walk */
static struct hash_link *peer_heads[4096];
static struct hash_table peers = HASH_TABLE_INIT(peer_heads);
static unsigned total;
static unsigned peer_limit = 50;

static uint64_t peer_hash(const ip_address *a)
{
	return hash_fnv1a(HASH_FNV1A_BASIS, a->bytes, address_len(a));
}

static struct peer_count *find(const ip_address *a)
{
	for (struct hash_link *l = hash_table_chain(&peers, peer_hash(a)); l != NULL; l = l->next) {
		struct peer_count *pc = HASH_ENTRY(l, struct peer_count, link);
		if (address_eq(&pc->addr, a))
			return pc;
	}
	return NULL;
}

void halfopen_enter(struct ike_sa *ike)
{
	/* counted against the address the SA had when it became half-open:
	 * NAT-T may move ike->remote before it leaves */
	ike->halfopen_peer = ike->remote.addr;
	total++;
	struct peer_count *pc = find(&ike->halfopen_peer);
	if (pc == NULL) {
		pc = xzalloc(sizeof(*pc));
		pc->addr = ike->halfopen_peer;
		hash_table_add(&peers, &pc->link, peer_hash(&pc->addr));
	}
	pc->count++;
}

void halfopen_leave(struct ike_sa *ike)
{
	total--;
	struct peer_count *pc = find(&ike->halfopen_peer);
	if (pc == NULL)
		return;
	if (--pc->count == 0) {
		hash_table_del(&peers, &pc->link);
		free(pc);
	}
}

unsigned halfopen_count(void) { return total; }

unsigned halfopen_peer_count(const ip_address *peer)
{
	struct peer_count *pc = find(peer);
	return pc != NULL ? pc->count : 0;
}

void halfopen_set_peer_limit(unsigned limit) { peer_limit = limit; }

bool halfopen_peer_over_limit(const ip_address *peer)
{
	if (peer_limit == 0 || halfopen_peer_count(peer) < peer_limit)
		return false;
	static double logged = -1;
	if (logged < 0 || pluto_now() - logged >= 1) {
		logged = pluto_now();
		char b[ADDRESS_STR_LEN];
		log_info("%s has %u half-open IKE SAs (max-halfopen-ike-per-peer=%u): demanding cookies from it",
			 address_str(peer, b, sizeof(b)), peer_limit, peer_limit);
	}
	return true;
}

static void free_peer(struct hash_link *l)
{
	free(HASH_ENTRY(l, struct peer_count, link));
}

void halfopen_shutdown(void)
{
	hash_table_clear(&peers, free_peer);
}
