/* The responder's ticket key ring: rotation, lookup (see ticket_keys.h). */
#include <string.h>

#include <pk11pub.h>

#include "ticket_keys.h"
#include "ticket_keys_ring.h"

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static const char *policy_check(uint64_t rotation_interval, uint64_t max_ticket_lifetime)
{
	if (rotation_interval == 0)
		return "ticket key rotation interval must be > 0";
	if (max_ticket_lifetime == 0)
		return "maximum ticket lifetime must be > 0";
	return NULL;
}

struct ticket_keys *ticket_keys_new(uint64_t rotation_interval, uint64_t max_ticket_lifetime)
{
	if (policy_check(rotation_interval, max_ticket_lifetime) != NULL)
		return NULL;
	struct ticket_keys *ring = xzalloc(sizeof(*ring));
	ring->rotation_interval = rotation_interval;
	ring->max_lifetime = max_ticket_lifetime;
	return ring;
}

static void key_clear(struct ticket_key *k)
{
	secret_free(&k->key);
	if (k->nss != NULL)
		PK11_FreeSymKey(k->nss);
	memset(k, 0, sizeof(*k));
}

void ticket_keys_ring_clear(struct ticket_keys *ring)
{
	for (size_t i = 0; i < ring->n; i++)
		key_clear(&ring->keys[i]);
	ring->n = 0;
	ring->current = 0;
}

void ticket_keys_free(struct ticket_keys **ring)
{
	if (*ring == NULL)
		return;
	ticket_keys_ring_clear(*ring);
	free(*ring);
	*ring = NULL;
}

const char *ticket_keys_set_policy(struct ticket_keys *ring, uint64_t rotation_interval,
				   uint64_t max_ticket_lifetime)
{
	const char *why = policy_check(rotation_interval, max_ticket_lifetime);
	if (why != NULL)
		return why;
	ring->rotation_interval = rotation_interval;
	ring->max_lifetime = max_ticket_lifetime;
	return NULL;
}

uint64_t ticket_keys_rotation_interval(const struct ticket_keys *ring)
{
	return ring->rotation_interval;
}

uint64_t ticket_keys_max_lifetime(const struct ticket_keys *ring)
{
	return ring->max_lifetime;
}

size_t ticket_keys_count(const struct ticket_keys *ring)
{
	return ring->n;
}

const struct ticket_key *ticket_keys_at(const struct ticket_keys *ring, size_t i)
{
	return i < ring->n ? &ring->keys[i] : NULL;
}

struct ticket_key *ticket_keys_current(struct ticket_keys *ring)
{
	return ring->n > 0 ? &ring->keys[ring->current] : NULL;
}

/* Newest created wins; on a tie the later one (the one added last). */
static void pick_current(struct ticket_keys *ring)
{
	ring->current = 0;
	for (size_t i = 1; i < ring->n; i++)
		if (ring->keys[i].created >= ring->keys[ring->current].created)
			ring->current = i;
}

static void remove_key(struct ticket_keys *ring, size_t i)
{
	key_clear(&ring->keys[i]);
	memmove(&ring->keys[i], &ring->keys[i + 1], (ring->n - i - 1) * sizeof(ring->keys[0]));
	memset(&ring->keys[ring->n - 1], 0, sizeof(ring->keys[0]));
	ring->n--;
	pick_current(ring);
}

/*
 * Every id is compared in full and the match is selected with a mask, so
 * the time taken does not depend on which key (if any) matches.
 */
struct ticket_key *ticket_keys_find(struct ticket_keys *ring, const uint8_t id[TICKET_KEY_ID_LEN])
{
	size_t found = ring->n;
	for (size_t i = 0; i < ring->n; i++) {
		size_t mask = (size_t)0 - (size_t)secret_eq(BYTES(ring->keys[i].id, TICKET_KEY_ID_LEN),
							    BYTES(id, TICKET_KEY_ID_LEN));
		found = (found & ~mask) | (i & mask);
	}
	return found < ring->n ? &ring->keys[found] : NULL;
}

const char *ticket_keys_add(struct ticket_keys *ring, const uint8_t id[TICKET_KEY_ID_LEN],
			    struct bytes key, uint64_t created, uint64_t retire)
{
	if (key.len != TICKET_KEY_LEN)
		return "ticket key must be 32 bytes (AES-256)";
	if (retire < created)
		return "ticket key retires before it is created";
	if (ring->n >= TICKET_KEYS_MAX)
		return "ticket key ring is full";
	if (ticket_keys_find(ring, id) != NULL)
		return "duplicate ticket key id";
	struct ticket_key *k = &ring->keys[ring->n++];
	memcpy(k->id, id, TICKET_KEY_ID_LEN);
	k->key = secret_clone(key);
	k->created = created;
	k->retire = retire;
	pick_current(ring);
	return NULL;
}

/* A fresh random key current from now; the caller made room. */
static const char *make_key(struct ticket_keys *ring, uint64_t now)
{
	uint8_t id[TICKET_KEY_ID_LEN];
	struct secret key = secret_alloc(TICKET_KEY_LEN);
	const char *why = NULL;
	/* a (vanishingly unlikely) id collision just draws again */
	for (int tries = 0; why == NULL && tries < 4; tries++) {
		if (PK11_GenerateRandom(id, sizeof(id)) != SECSuccess ||
		    PK11_GenerateRandom(key.ptr, (int)key.len) != SECSuccess) {
			why = "NSS could not generate a ticket key";
			break;
		}
		if (ticket_keys_find(ring, id) == NULL)
			break;
		if (tries == 3)
			why = "could not draw an unused ticket key id";
	}
	if (why == NULL)
		why = ticket_keys_add(ring, id, secret_bytes(key),
				      now, add_sat(now, ring->rotation_interval));
	secret_free(&key);
	return why;
}

/* Retired keys whose every ticket has expired. */
static bool drop_expired(struct ticket_keys *ring, uint64_t now)
{
	bool dropped = false;
	for (size_t i = 0; i < ring->n;) {
		const struct ticket_key *k = &ring->keys[i];
		if (i != ring->current && add_sat(k->retire, ring->max_lifetime) <= now) {
			remove_key(ring, i);
			dropped = true;
		} else {
			i++;
		}
	}
	return dropped;
}

/* Room for one more key: the oldest previous key goes first. */
static void make_room(struct ticket_keys *ring)
{
	if (ring->n < TICKET_KEYS_MAX)
		return;
	size_t oldest = ring->current == 0 ? 1 : 0;
	for (size_t i = 0; i < ring->n; i++)
		if (i != ring->current && ring->keys[i].retire < ring->keys[oldest].retire)
			oldest = i;
	remove_key(ring, oldest);
}

const char *ticket_keys_rotate(struct ticket_keys *ring, uint64_t now, bool *changed)
{
	*changed = drop_expired(ring, now);
	struct ticket_key *cur = ticket_keys_current(ring);
	if (cur != NULL && now < cur->retire)
		return NULL;
	uint8_t old_id[TICKET_KEY_ID_LEN];
	if (cur != NULL)
		memcpy(old_id, cur->id, sizeof(old_id));
	make_room(ring);
	const char *why = make_key(ring, now);
	if (why != NULL)
		return why;	/* the old key goes on sealing */
	*changed = true;
	struct ticket_key *old = cur != NULL ? ticket_keys_find(ring, old_id) : NULL;
	if (old != NULL && old->retire < now)
		old->retire = now;	/* when it actually stopped sealing */
	return NULL;
}

struct PK11SymKeyStr *ticket_key_nss(struct ticket_key *key)
{
	if (key->nss != NULL)
		return key->nss;
	PK11SlotInfo *slot = PK11_GetBestSlot(CKM_AES_GCM, NULL);
	if (slot == NULL)
		return NULL;
	SECItem item = { .type = siBuffer, .data = key->key.ptr, .len = (unsigned)key->key.len };
	/* one handle both seals and unseals */
	key->nss = PK11_ImportSymKeyWithFlags(slot, CKM_AES_GCM, PK11_OriginUnwrap, CKA_FLAGS_ONLY,
					      &item, CKF_ENCRYPT | CKF_DECRYPT, PR_FALSE, NULL);
	PK11_FreeSlot(slot);
	return key->nss;
}
