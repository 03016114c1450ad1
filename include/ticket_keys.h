/*
 * The responder's ticket key ring (RFC 5723 section 9.5).
 *
 * One current key seals new tickets; previous keys only unseal.  Each
 * key has a random 8-byte id that every ticket it seals carries in the
 * clear, so a gateway finds the key without trying them all.
 *
 * Lifecycle of a key, in wall-clock seconds (keys are shared by gateways
 * through the key file and survive restarts):
 *   created          it becomes current
 *   retire           scheduled as created + rotation interval; when the
 *                    ring rotates it is set to the actual time the key
 *                    stopped sealing (rotation may run late)
 *   retire + L       every ticket it sealed has expired (L is the ring's
 *                    maximum ticket lifetime, which ticket_seal enforces),
 *                    so the key is dropped
 *
 * The ring is persisted as a text file written by the daemon (mode 0600,
 * atomically); two gateways loading the same file unseal each other's
 * tickets.  Only one of them should rotate and distribute the file: two
 * members rotating on their own would each make a different current key
 * (still correct, as long as each reloads the other's file).
 *
 * Errors are returned as reason strings (NULL on success); functions
 * that format a reason take a caller buffer `why`.
 */
#ifndef TICKET_KEYS_H
#define TICKET_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_ticket.h"

#define TICKET_KEY_LEN 32		/* AES-256 */
#define TICKET_KEYS_MAX 64		/* keys in one ring, current included */
/*
 * Tickets one process seals with one key.  Random 96-bit GCM IVs stay
 * safe up to 2^32 messages per key (NIST SP 800-38D 8.3); a quarter of
 * that per process leaves the rest for other gateways sharing the key.
 */
#define TICKET_KEY_MAX_SEALS (UINT64_C(1) << 30)
#define TICKET_KEYS_FILE_MAX 16384	/* a full ring is about 7 KiB */
#define TICKET_KEYS_FILE_MAGIC "ikev2-ticket-keys 1"

/* NSS's PK11SymKey, without pulling NSS headers into every user. */
struct PK11SymKeyStr;

struct ticket_key {
	uint8_t id[TICKET_KEY_ID_LEN];	/* random, public: names the key in tickets */
	struct secret key;		/* TICKET_KEY_LEN bytes of AES key */
	uint64_t created;		/* when it became current */
	uint64_t retire;		/* when it stops (stopped) being current */
	uint64_t seals;			/* tickets this process sealed with it (not
					   persisted) */
	struct PK11SymKeyStr *nss;	/* NSS copy of key, made on first use by
					   ticket_key_nss(); owned by the ring */
};

struct ticket_keys;

/*
 * A ring with no keys yet (ticket_keys_rotate() makes the first one, or
 * ticket_keys_load() reads them).  Both durations are in seconds and
 * must be > 0; NULL otherwise.
 */
struct ticket_keys *ticket_keys_new(uint64_t rotation_interval, uint64_t max_ticket_lifetime);
void ticket_keys_free(struct ticket_keys **ring);
/* For a configuration reload; NULL or why the values are refused. */
const char *ticket_keys_set_policy(struct ticket_keys *ring, uint64_t rotation_interval,
				   uint64_t max_ticket_lifetime);
uint64_t ticket_keys_rotation_interval(const struct ticket_keys *ring);
uint64_t ticket_keys_max_lifetime(const struct ticket_keys *ring);

/*
 * Brings the ring up to date at now: a new random current key when there
 * is none or the current one reached its retire time, and retired keys
 * whose tickets have all expired dropped.  When the ring is full the
 * oldest previous key is dropped early (its tickets are then refused,
 * which only costs those clients a full exchange).  *changed tells the
 * caller to save the file.  Fails only when NSS cannot make random bytes.
 */
const char *ticket_keys_rotate(struct ticket_keys *ring, uint64_t now, bool *changed);

/*
 * Adds a key as given (used by the file parser and by tests that need
 * fixed keys).  The key with the latest creation time (the later one on
 * a tie) becomes current.  Refuses a duplicate id, a key that is not
 * TICKET_KEY_LEN bytes, retire < created, and a full ring.
 */
const char *ticket_keys_add(struct ticket_keys *ring, const uint8_t id[TICKET_KEY_ID_LEN],
			    struct bytes key, uint64_t created, uint64_t retire);

/*
 * Access.  Pointers stay valid until the next call that changes the
 * ring (rotate, add, parse, load, free).
 */
size_t ticket_keys_count(const struct ticket_keys *ring);
const struct ticket_key *ticket_keys_at(const struct ticket_keys *ring, size_t i);	/* in the order added */
struct ticket_key *ticket_keys_current(struct ticket_keys *ring);	/* NULL when empty */
/* Compares id against every key without stopping at a match. */
struct ticket_key *ticket_keys_find(struct ticket_keys *ring, const uint8_t id[TICKET_KEY_ID_LEN]);
/* The NSS key for AES-GCM, imported once; NULL when NSS fails. */
struct PK11SymKeyStr *ticket_key_nss(struct ticket_key *key);

/*
 * The key file, text:
 *   ikev2-ticket-keys 1
 *   # comment lines and empty lines are ignored
 *   <id: 16 hex> <key: 64 hex> <created> <retire>     (one line per key)
 * serialize returns the whole text as a secret (it holds the keys).
 * parse is strict (exact field widths, decimal numbers without signs,
 * no duplicate ids); it replaces the ring's keys only on success.
 */
struct secret ticket_keys_serialize(const struct ticket_keys *ring);
const char *ticket_keys_parse(struct ticket_keys *ring, struct bytes text, char *why, size_t whylen);

/*
 * save: a mode 0600 temporary file next to path, written, fsync'd, then
 * renamed over path, and the directory fsync'd.
 * load: refuses anything but a regular file owned by the effective user
 * with no group or other permission bits (anyone else who can write it
 * can forge tickets; anyone who can read it can decrypt them).
 */
const char *ticket_keys_save(const struct ticket_keys *ring, const char *path, char *why, size_t whylen);
const char *ticket_keys_load(struct ticket_keys *ring, const char *path, char *why, size_t whylen);

#endif
