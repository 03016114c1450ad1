/* Half-open IKE SA accounting (halfopen.h). */
#include <stdlib.h>
#include <string.h>

#include "halfopen.h"
#include "log.h"
#include "pluto.h"
#include "state.h"
#include "chunk.h"

#define PEER_BUCKETS 4096	/* power of two; chains stay short below ~10^5 peers */

struct peer_count {
	ip_address addr;
	unsigned count;
	struct peer_count *next;
};

static struct peer_count *buckets[PEER_BUCKETS];
static unsigned total;
static unsigned peer_limit = 50;

static size_t bucket_of(const ip_address *a)
{
	/* FNV-1a over the address octets: an attacker choosing its own
	 * addresses gains nothing from collisions but a longer walk */
	uint32_t h = 2166136261u;
	size_t n = address_len(a);
	for (size_t i = 0; i < n; i++)
		h = (h ^ a->bytes[i]) * 16777619u;
	return h & (PEER_BUCKETS - 1);
}

static struct peer_count **find(const ip_address *a)
{
	struct peer_count **p = &buckets[bucket_of(a)];
	while (*p != NULL && !address_eq(&(*p)->addr, a))
		p = &(*p)->next;
	return p;
}

void halfopen_enter(struct ike_sa *ike)
{
	/* counted against the address the SA had when it became half-open:
	 * NAT-T may move ike->remote before it leaves */
	ike->halfopen_peer = ike->remote.addr;
	total++;
	struct peer_count **p = find(&ike->halfopen_peer);
	if (*p == NULL) {
		*p = xzalloc(sizeof(**p));
		(*p)->addr = ike->halfopen_peer;
	}
	(*p)->count++;
}

void halfopen_leave(struct ike_sa *ike)
{
	total--;
	struct peer_count **p = find(&ike->halfopen_peer);
	if (*p == NULL)
		return;
	if (--(*p)->count == 0) {
		struct peer_count *gone = *p;
		*p = gone->next;
		free(gone);
	}
}

unsigned halfopen_count(void) { return total; }

unsigned halfopen_peer_count(const ip_address *peer)
{
	struct peer_count *pc = *find(peer);
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

void halfopen_shutdown(void)
{
	for (size_t i = 0; i < PEER_BUCKETS; i++) {
		while (buckets[i] != NULL) {
			struct peer_count *next = buckets[i]->next;
			free(buckets[i]);
			buckets[i] = next;
		}
	}
}
