/* IKE SA and Child SA tables (state.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <pk11pub.h>

#include "connections.h"
#include "ikev2_dh.h"
#include "ikev2_fragment.h"
#include "ikev2_random.h"
#include "ikev2_sk.h"
#include "log.h"
#include "pluto.h"
#include "resume_ticket.h"
#include "halfopen.h"
#include "kernel_policy_owners.h"
#include "state.h"

#define SPI_BUCKETS 16384	/* power of two */

static struct ike_sa *all_sas;
static struct hash_link *spi_i_heads[SPI_BUCKETS], *spis_heads[SPI_BUCKETS], *peer_heads[SPI_BUCKETS];
static struct hash_table by_spi_i = HASH_TABLE_INIT(spi_i_heads);
static struct hash_table by_spis = HASH_TABLE_INIT(spis_heads);
static struct hash_table by_peer = HASH_TABLE_INIT(peer_heads);
static unsigned next_serialno = 1;
static unsigned sa_count;

static const char *const state_names[IKE_STATE_ROOF] = {
	[IKE_STATE_NONE] = "NONE",
	[IKE_SA_INIT_I] = "IKE_SA_INIT_I",
	[IKE_SA_INIT_R] = "IKE_SA_INIT_R",
	[IKE_RESUME_I] = "IKE_RESUME_I",
	[IKE_RESUME_R] = "IKE_RESUME_R",
	[IKE_AUTH_I] = "IKE_AUTH_I",
	[IKE_ESTABLISHED] = "ESTABLISHED",
	[IKE_DELETING] = "DELETING",
};

const char *ike_state_name(enum ike_state s)
{
	return s < IKE_STATE_ROOF && state_names[s] != NULL ? state_names[s] : "?";
}

uint64_t ike_spi_u64(const ike_spi_t *spi)
{
	uint64_t v = 0;
	for (size_t i = 0; i < IKE_SPI_SIZE; i++)
		v = v << 8 | spi->bytes[i];
	return v;
}

ike_spi_t ike_spi_from_u64(uint64_t v)
{
	ike_spi_t spi;
	for (size_t i = 0; i < IKE_SPI_SIZE; i++)
		spi.bytes[i] = (uint8_t)(v >> (8 * (IKE_SPI_SIZE - 1 - i)));
	return spi;
}

static bool is_half_open(enum ike_state s)
{
	return s == IKE_SA_INIT_R || s == IKE_RESUME_R;
}

void ike_sa_set_state(struct ike_sa *ike, enum ike_state s)
{
	if (is_half_open(ike->state) && !is_half_open(s))
		halfopen_leave(ike);
	else if (!is_half_open(ike->state) && is_half_open(s))
		halfopen_enter(ike);
	ike->state = s;
}

/* Initiators choose SPIi and peers their IDs, so the tables pick
 * buckets with a secret multiplier, to stop a peer from filling one
 * chain on purpose.  Drawn at the first use of any table and never
 * changed, or the SAs already hashed would be lost. */
static struct hash_table *keyed(struct hash_table *t)
{
	static bool done;
	if (!done) {
		uint64_t key;
		if (random_bytes(&key, sizeof(key))) {
			hash_table_set_key(&by_spi_i, key);
			hash_table_set_key(&by_spis, key);
			hash_table_set_key(&by_peer, key);
		} else {
			log_warn("SA table: the random number generator failed; hashing with a fixed key");
		}
		done = true;
	}
	return t;
}

bool ike_spi_is_zero(const ike_spi_t *spi)
{
	return ike_spi_u64(spi) == 0;
}

/* A zero SPI means "not chosen yet", so draw again; an RNG that fails
 * (or keeps giving zeros) gives up instead of spinning forever. */
bool ike_spi_random(ike_spi_t *spi)
{
	for (int tries = 0; tries < 4; tries++) {
		memset(spi->bytes, 0, sizeof(spi->bytes));
		if (!random_bytes(spi->bytes, sizeof(spi->bytes)))
			break;
		if (!ike_spi_is_zero(spi))
			return true;
	}
	memset(spi->bytes, 0, sizeof(spi->bytes));
	return false;
}

const char *ike_spi_str(const ike_spi_t *spi, char buf[17])
{
	return hex_encode(BYTES(spi->bytes, IKE_SPI_SIZE), buf, 17);
}

static uint64_t spis_hash(const ike_spi_t *spi_i, const ike_spi_t *spi_r)
{
	return ike_spi_u64(spi_i) ^ (ike_spi_u64(spi_r) * HASH_GOLDEN_RATIO);
}

static void unhash(struct ike_sa *ike)
{
	hash_table_del(&by_spi_i, &ike->spi_i_link);
	hash_table_del(&by_spis, &ike->spis_link);
}

static void hash(struct ike_sa *ike)
{
	hash_table_add(keyed(&by_spi_i), &ike->spi_i_link, ike_spi_u64(&ike->spi_i));
	if (!ike_spi_is_zero(&ike->spi_r))
		hash_table_add(keyed(&by_spis), &ike->spis_link, spis_hash(&ike->spi_i, &ike->spi_r));
}

void ike_sa_rehash(struct ike_sa *ike)
{
	unhash(ike);
	hash(ike);
}

struct ike_sa *ike_sa_new(struct connection *c, bool initiator)
{
	ike_spi_t spi;
	if (!ike_spi_random(&spi)) {
		log_error("\"%s\": no IKE SA: the random number generator failed", c->name);
		return NULL;
	}
	struct ike_sa *ike = xzalloc(sizeof(*ike));
	ike->serialno = next_serialno++;
	ike->conn = c;
	ike->original_initiator = initiator;
	ike->created = pluto_now();
	if (initiator)
		ike->spi_i = spi;
	else
		ike->spi_r = spi;
	ike->next = all_sas;
	if (all_sas != NULL)
		all_sas->prev = ike;
	all_sas = ike;
	sa_count++;
	/* a responder hashes once SPIi is known (ike_sa_rehash) */
	if (initiator)
		hash(ike);
	return ike;
}

void ike_sa_wipe_keys(struct ike_sa *ike)
{
	ike_keys_free(&ike->keys);
	dh_keypair_free(&ike->dh);
	dh_keypair_free(&ike->cc_dh);
	sk_cipher_free(&ike->sk_out);
	sk_cipher_free(&ike->sk_in);
}

void ike_sa_set_rekey(struct ike_sa *ike, struct ike_sa *next)
{
	if (ike->rekeyed_by != NULL)
		ike->rekeyed_by->rekey_of = NULL;
	ike->rekeyed_by = next;
	if (next != NULL)
		next->rekey_of = ike;
}

void ike_sa_free(struct ike_sa *ike)
{
	/* the half-negotiated SA of a rekey may go first: shutdown drops the
	 * newest SA first, and that is the new one */
	if (ike->rekey_of != NULL)
		ike_sa_set_rekey(ike->rekey_of, NULL);
	while (ike->children != NULL)
		child_sa_free(ike->children);
	if (ike->pending_child != NULL) {
		chunk_free(&ike->pending_child->crossed_low);
		free(ike->pending_child);
		ike->pending_child = NULL;
	}
	ike_sa_set_state(ike, IKE_STATE_NONE);
	unhash(ike);
	hash_table_del(&by_peer, &ike->peer_link);
	if (ike->prev != NULL)
		ike->prev->next = ike->next;
	else
		all_sas = ike->next;
	if (ike->next != NULL)
		ike->next->prev = ike->prev;
	sa_count--;
	ike_sa_wipe_keys(ike);
	resume_ticket_free(ike->resume);
	msgid_free(&ike->window);
	ikev2_frag_discard(ike);
	if (ike->window.retransmit_timer != NULL)
		event_free(ike->window.retransmit_timer);
	if (ike->lifetime_timer != NULL)
		event_free(ike->lifetime_timer);
	if (ike->liveness_timer != NULL)
		event_free(ike->liveness_timer);
	if (ike->keepalive_timer != NULL)
		event_free(ike->keepalive_timer);
	if (ike->ticket_timer != NULL)
		event_free(ike->ticket_timer);
	if (ike->rekeyed_by != NULL)
		ike_sa_free(ike->rekeyed_by);	/* half-negotiated: dies with its parent (and unlinks) */
	struct chunk *chunks[] = { &ike->ni, &ike->nr, &ike->first_msg_i, &ike->first_msg_r,
				   &ike->cookie, &ike->id_local, &ike->id_remote, &ike->cc_nonce,
				   &ike->crossed_low };
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++)
		chunk_free(chunks[i]);
	free(ike);
}

struct ike_sa *ike_sa_by_spis(const ike_spi_t *spi_i, const ike_spi_t *spi_r)
{
	for (struct hash_link *l = hash_table_chain(keyed(&by_spis), spis_hash(spi_i, spi_r)); l != NULL;
	     l = l->next) {
		struct ike_sa *ike = HASH_ENTRY(l, struct ike_sa, spis_link);
		if (memcmp(&ike->spi_i, spi_i, IKE_SPI_SIZE) == 0 &&
		    memcmp(&ike->spi_r, spi_r, IKE_SPI_SIZE) == 0)
			return ike;
	}
	return NULL;
}

struct ike_sa *ike_sa_by_spi_i(const ike_spi_t *spi_i, const ip_endpoint *remote, bool we_initiated)
{
	for (struct hash_link *l = hash_table_chain(keyed(&by_spi_i), ike_spi_u64(spi_i)); l != NULL;
	     l = l->next) {
		struct ike_sa *ike = HASH_ENTRY(l, struct ike_sa, spi_i_link);
		if (memcmp(&ike->spi_i, spi_i, IKE_SPI_SIZE) != 0 ||
		    ike->original_initiator != we_initiated)
			continue;
		/* a responder's half-open SA is specific to the peer's address */
		if (!we_initiated && (!address_eq(&ike->remote.addr, &remote->addr) ||
				      ike->remote.port != remote->port))
			continue;
		return ike;
	}
	return NULL;
}

/* FNV-1a over the ID body, mixed with the connection; the table is
 * keyed (keyed()) so a peer cannot aim its IDs at one chain. */
static uint64_t peer_hash(const struct ike_sa *ike)
{
	return hash_fnv1a(HASH_FNV1A_BASIS ^ (uint64_t)(uintptr_t)ike->conn, ike->id_remote.ptr,
			  ike->id_remote.len);
}

void ike_sa_index_peer(struct ike_sa *ike)
{
	hash_table_add(keyed(&by_peer), &ike->peer_link, peer_hash(ike));
}

bool ike_sa_peer_indexed(const struct ike_sa *ike)
{
	return hash_linked(&ike->peer_link);
}

struct ike_sa *ike_sa_same_peer(const struct ike_sa *ike)
{
	for (struct hash_link *l = hash_table_chain(keyed(&by_peer), peer_hash(ike)); l != NULL; l = l->next) {
		struct ike_sa *o = HASH_ENTRY(l, struct ike_sa, peer_link);
		if (o != ike && o->conn == ike->conn &&
		    bytes_eq(chunk_bytes(o->id_remote), chunk_bytes(ike->id_remote)))
			return o;
	}
	return NULL;
}

struct ike_sa *ike_sa_by_serial(unsigned serialno)
{
	for (struct ike_sa *ike = all_sas; ike != NULL; ike = ike->next)
		if (ike->serialno == serialno)
			return ike;
	return NULL;
}

struct ike_sa *ike_sa_first(void)
{
	return all_sas;
}

unsigned ike_sa_count(void)
{
	return sa_count;
}

unsigned ike_sa_half_open_count(void)
{
	return halfopen_count();
}

struct child_sa *child_sa_new(struct ike_sa *ike)
{
	struct child_sa *child = xzalloc(sizeof(*child));
	child->serialno = next_serialno++;
	child->ike = ike;
	return child;
}

void child_sa_free(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	if (ike != NULL) {
		for (struct child_sa **pp = &ike->children; *pp != NULL; pp = &(*pp)->next) {
			if (*pp == child) {
				*pp = child->next;
				break;
			}
		}
		if (ike->pending_child == child) {
			ike->pending_child = NULL;
			/* an additional Child SA (RFC 7296 §1.3.1) that never
			 * came: its whack --up waits no longer */
			if (child->conn != NULL)
				conn_done(child->conn, false);
		}
	}
	policy_owner_forget(child);	/* normally done by uninstalling it */
	if (child->lifetime_timer != NULL)
		event_free(child->lifetime_timer);
	chunk_free(&child->crossed_low);
	secret_free(&child->out_keymat);
	free(child);
}
