/* The ticket key ring: rotation, lookup, the key file (ticket_keys.h). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ikev2_ticket.h"
#include "ticket_keys.h"
#include "unit.h"

#define T0 UINT64_C(1800000000)
#define ROT UINT64_C(3600)
#define LIFE UINT64_C(7200)

static struct ticket_keys *ring_at(uint64_t now)
{
	unit_nss_init();
	struct ticket_keys *ring = ticket_keys_new(ROT, LIFE);
	bool changed = false;
	CHECK(ring != NULL);
	CHECK(ticket_keys_rotate(ring, now, &changed) == NULL && changed);
	return ring;
}

static void id_of(uint8_t id[TICKET_KEY_ID_LEN], unsigned n)
{
	memset(id, 0, TICKET_KEY_ID_LEN);
	id[0] = 0x1d;
	id[7] = (uint8_t)n;
}

static void test_policy(void)
{
	CHECK(ticket_keys_new(0, LIFE) == NULL);
	CHECK(ticket_keys_new(ROT, 0) == NULL);
	struct ticket_keys *ring = ticket_keys_new(ROT, LIFE);
	CHECK(ticket_keys_rotation_interval(ring) == ROT);
	CHECK(ticket_keys_max_lifetime(ring) == LIFE);
	CHECK(ticket_keys_count(ring) == 0);
	CHECK(ticket_keys_current(ring) == NULL);
	CHECK(ticket_keys_at(ring, 0) == NULL);
	CHECK(ticket_keys_set_policy(ring, 0, 1) != NULL);
	CHECK(ticket_keys_set_policy(ring, 1, 0) != NULL);
	CHECK(ticket_keys_rotation_interval(ring) == ROT);
	CHECK(ticket_keys_set_policy(ring, 60, 120) == NULL);
	CHECK(ticket_keys_max_lifetime(ring) == 120);
	ticket_keys_free(&ring);
	ticket_keys_free(&ring);	/* NULL is fine */
}

/* The first rotation makes a random key, current until its retire time. */
static void test_first_key(void)
{
	struct ticket_keys *ring = ring_at(T0);
	const struct ticket_key *k = ticket_keys_current(ring);
	CHECK(ticket_keys_count(ring) == 1 && k == ticket_keys_at(ring, 0));
	CHECK(k->created == T0 && k->retire == T0 + ROT);
	CHECK(k->key.len == TICKET_KEY_LEN);
	static const uint8_t zero[TICKET_KEY_LEN];
	CHECK(!secret_eq(secret_bytes(k->key), BYTES(zero, sizeof(zero))));
	bool changed = true;
	CHECK(ticket_keys_rotate(ring, T0 + ROT - 1, &changed) == NULL && !changed);
	CHECK(ticket_keys_count(ring) == 1);
	/* a second ring draws other keys */
	struct ticket_keys *other = ring_at(T0);
	CHECK(memcmp(ticket_keys_current(other)->id, k->id, TICKET_KEY_ID_LEN) != 0);
	CHECK(!secret_eq(secret_bytes(ticket_keys_current(other)->key), secret_bytes(k->key)));
	ticket_keys_free(&other);
	ticket_keys_free(&ring);
}

/* On schedule, late, and the drop at retire + lifetime. */
static void test_rotation_schedule(void)
{
	struct ticket_keys *ring = ring_at(T0);
	uint8_t first[TICKET_KEY_ID_LEN];
	memcpy(first, ticket_keys_current(ring)->id, sizeof(first));
	bool changed;
	CHECK(ticket_keys_rotate(ring, T0 + ROT, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == 2);
	const struct ticket_key *cur = ticket_keys_current(ring);
	CHECK(memcmp(cur->id, first, sizeof(first)) != 0);
	CHECK(cur->created == T0 + ROT && cur->retire == T0 + 2 * ROT);
	const struct ticket_key *old = ticket_keys_find(ring, first);
	CHECK(old != NULL && old->retire == T0 + ROT);

	/* a late rotation records when the key really stopped sealing */
	uint64_t late = T0 + 2 * ROT + 500;
	CHECK(ticket_keys_rotate(ring, late, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == 3);
	CHECK(ticket_keys_current(ring)->created == late);
	CHECK(ticket_keys_at(ring, 1)->retire == late);
	/* the first key: kept until T0 + ROT + LIFE, then dropped */
	CHECK(ticket_keys_rotate(ring, T0 + ROT + LIFE - 1, &changed) == NULL && !changed);
	CHECK(ticket_keys_find(ring, first) != NULL);
	CHECK(ticket_keys_rotate(ring, T0 + ROT + LIFE, &changed) == NULL && changed);
	CHECK(ticket_keys_find(ring, first) == NULL);
	CHECK(ticket_keys_count(ring) == 2);
	/* long idle: the old previous key goes, the stale current one retires */
	uint8_t stale[TICKET_KEY_ID_LEN];
	memcpy(stale, ticket_keys_current(ring)->id, sizeof(stale));
	CHECK(ticket_keys_rotate(ring, T0 + 100 * ROT, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == 2);
	CHECK(ticket_keys_find(ring, stale)->retire == T0 + 100 * ROT);
	/* it waits LIFE more (meanwhile the current one rotated too) */
	CHECK(ticket_keys_rotate(ring, T0 + 100 * ROT + LIFE - 1, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == 3);
	CHECK(ticket_keys_rotate(ring, T0 + 100 * ROT + LIFE, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == 2);
	CHECK(ticket_keys_find(ring, stale) == NULL);
	CHECK(ticket_keys_current(ring)->created == T0 + 100 * ROT + LIFE - 1);
	ticket_keys_free(&ring);
}

static void test_add_and_find(void)
{
	struct ticket_keys *ring = ticket_keys_new(ROT, LIFE);
	uint8_t key[TICKET_KEY_LEN] = { 1 }, id[TICKET_KEY_ID_LEN];
	for (unsigned i = 0; i < 10; i++) {
		id_of(id, i);
		key[1] = (uint8_t)i;
		/* added out of creation order: the newest becomes current */
		uint64_t created = T0 + (i * 7 % 10) * 10;
		CHECK(ticket_keys_add(ring, id, BYTES(key, sizeof(key)), created, created + 10) == NULL);
	}
	CHECK(ticket_keys_count(ring) == 10);
	CHECK(ticket_keys_current(ring)->created == T0 + 90);
	for (unsigned i = 0; i < 10; i++) {
		id_of(id, i);
		const struct ticket_key *k = ticket_keys_find(ring, id);
		CHECK(k != NULL && memcmp(k->id, id, sizeof(id)) == 0 && k->key.ptr[1] == i);
	}
	id_of(id, 10);
	CHECK(ticket_keys_find(ring, id) == NULL);
	id_of(id, 3);
	id[0] ^= 0x80;	/* differs in the first byte only */
	CHECK(ticket_keys_find(ring, id) == NULL);

	id_of(id, 3);
	CHECK(ticket_keys_add(ring, id, BYTES(key, sizeof(key)), T0, T0) != NULL);	/* duplicate */
	id_of(id, 11);
	CHECK(ticket_keys_add(ring, id, BYTES(key, 16), T0, T0) != NULL);	/* AES-128 */
	CHECK(ticket_keys_add(ring, id, BYTES(key, sizeof(key)), T0 + 1, T0) != NULL);
	CHECK(ticket_keys_count(ring) == 10);
	/* equal creation times: the later one added is current */
	CHECK(ticket_keys_add(ring, id, BYTES(key, sizeof(key)), T0 + 90, T0 + 90) == NULL);
	CHECK(memcmp(ticket_keys_current(ring)->id, id, sizeof(id)) == 0);
	for (unsigned i = 12; ticket_keys_count(ring) < TICKET_KEYS_MAX; i++) {
		id_of(id, i);
		CHECK(ticket_keys_add(ring, id, BYTES(key, sizeof(key)), T0, T0) == NULL);
	}
	id_of(id, 200);
	CHECK(ticket_keys_add(ring, id, BYTES(key, sizeof(key)), T0, T0) != NULL);	/* full */
	ticket_keys_free(&ring);
}

/* A full ring makes room by dropping the oldest previous key early. */
static void test_full_ring_rotation(void)
{
	unit_nss_init();
	struct ticket_keys *ring = ticket_keys_new(ROT, UINT64_MAX);	/* nothing ever expires */
	bool changed;
	uint8_t second[TICKET_KEY_ID_LEN];
	for (unsigned i = 0; i < TICKET_KEYS_MAX; i++) {
		CHECK(ticket_keys_rotate(ring, T0 + i * ROT, &changed) == NULL && changed);
		if (i == 1)
			memcpy(second, ticket_keys_current(ring)->id, sizeof(second));
	}
	CHECK(ticket_keys_count(ring) == TICKET_KEYS_MAX);
	uint64_t oldest_created = ticket_keys_at(ring, 0)->created;
	CHECK(oldest_created == T0);
	CHECK(ticket_keys_rotate(ring, T0 + TICKET_KEYS_MAX * ROT, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == TICKET_KEYS_MAX);
	CHECK(ticket_keys_at(ring, 0)->created == T0 + ROT);
	CHECK(ticket_keys_find(ring, second) != NULL);
	CHECK(ticket_keys_current(ring)->created == T0 + TICKET_KEYS_MAX * ROT);
	ticket_keys_free(&ring);
}

static void test_nss_key_cached(void)
{
	struct ticket_keys *ring = ring_at(T0);
	struct ticket_key *k = ticket_keys_current(ring);
	struct PK11SymKeyStr *a = ticket_key_nss(k);
	CHECK(a != NULL && ticket_key_nss(k) == a);
	ticket_keys_free(&ring);
}

static void check_rings_equal(struct ticket_keys *a, struct ticket_keys *b)
{
	CHECK(ticket_keys_count(a) == ticket_keys_count(b));
	for (size_t i = 0; i < ticket_keys_count(a) && i < ticket_keys_count(b); i++) {
		const struct ticket_key *x = ticket_keys_at(a, i), *y = ticket_keys_at(b, i);
		CHECK(memcmp(x->id, y->id, TICKET_KEY_ID_LEN) == 0);
		CHECK(secret_eq(secret_bytes(x->key), secret_bytes(y->key)));
		CHECK(x->created == y->created && x->retire == y->retire);
	}
	if (ticket_keys_count(a) > 0 && ticket_keys_count(b) > 0)
		CHECK(memcmp(ticket_keys_current(a)->id, ticket_keys_current(b)->id, TICKET_KEY_ID_LEN) == 0);
}

static struct ticket_keys *three_keys(void)
{
	struct ticket_keys *ring = ring_at(T0);
	bool changed;
	CHECK(ticket_keys_rotate(ring, T0 + ROT, &changed) == NULL);
	CHECK(ticket_keys_rotate(ring, T0 + 2 * ROT + 1, &changed) == NULL);
	CHECK(ticket_keys_count(ring) == 3);
	return ring;
}

static void test_serialize_parse(void)
{
	struct ticket_keys *ring = three_keys();
	struct secret text = ticket_keys_serialize(ring);
	CHECK(memcmp(text.ptr, TICKET_KEYS_FILE_MAGIC "\n", strlen(TICKET_KEYS_FILE_MAGIC) + 1) == 0);
	struct ticket_keys *copy = ticket_keys_new(ROT, LIFE);
	char why[200];
	CHECK(ticket_keys_parse(copy, secret_bytes(text), why, sizeof(why)) == NULL);
	check_rings_equal(ring, copy);
	/* serializing again gives the same text */
	struct secret again = ticket_keys_serialize(copy);
	CHECK(secret_eq(secret_bytes(text), secret_bytes(again)));
	secret_free(&again);
	/* parse replaces what was there */
	CHECK(ticket_keys_parse(copy, secret_bytes(text), why, sizeof(why)) == NULL);
	CHECK(ticket_keys_count(copy) == 3);
	secret_free(&text);
	ticket_keys_free(&copy);
	ticket_keys_free(&ring);
}

#define GOOD_LINE "0011223344556677 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 100 200"

static void test_parse_strict(void)
{
	static const struct {
		const char *text;
		const char *why;	/* a fragment of the reason; NULL: accepted */
	} cases[] = {
		{ TICKET_KEYS_FILE_MAGIC "\n" GOOD_LINE "\n", NULL },
		{ TICKET_KEYS_FILE_MAGIC "\n" GOOD_LINE, NULL },	/* no final newline */
		{ TICKET_KEYS_FILE_MAGIC "\n", NULL },			/* no keys yet */
		{ TICKET_KEYS_FILE_MAGIC "\n# c\n\n" GOOD_LINE "\n", NULL },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F 100 200\n", NULL },
		{ "", "empty" },
		{ "\n", "line 1: not a ticket key file" },
		{ "ikev2-ticket-keys 2\n", "line 1: unsupported file version" },
		{ "ikev2-ticket-keys 1 \n", "line 1: unsupported" },
		{ GOOD_LINE "\n", "line 1: not a ticket key file" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677 00 100 200\n", "line 2: key is not 64 hex" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "00112233445566 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 100 200\n", "line 2: key id is not 16 hex" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "001122334455667g 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 100 200\n", "key id is not" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 100\n", "expected 4 fields" },
		{ TICKET_KEYS_FILE_MAGIC "\n" GOOD_LINE " 5\n", "more than 4 fields" },
		{ TICKET_KEYS_FILE_MAGIC "\n" GOOD_LINE " \n", "exactly one space" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677  000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 100 200\n", "exactly one space" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f -100 200\n", "creation time" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 100 18446744073709551616\n", "retire time" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 100 0x20\n", "retire time" },
		{ TICKET_KEYS_FILE_MAGIC "\n" "0011223344556677 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 300 200\n", "retires before" },
		{ TICKET_KEYS_FILE_MAGIC "\n" GOOD_LINE "\n" GOOD_LINE "\n", "line 3: duplicate" },
		{ TICKET_KEYS_FILE_MAGIC "\r\n" GOOD_LINE "\n", "line 1" },
		{ TICKET_KEYS_FILE_MAGIC "\n" GOOD_LINE "\r\n", "line 2" },
	};
	struct ticket_keys *ring = three_keys();
	struct secret before = ticket_keys_serialize(ring);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ticket_keys *r = ticket_keys_new(ROT, LIFE);
		char why[200] = "";
		const char *err = ticket_keys_parse(r, BYTES(cases[i].text, strlen(cases[i].text)),
						    why, sizeof(why));
		bool ok = cases[i].why == NULL ? err == NULL :
			err == why && strstr(why, cases[i].why) != NULL;
		if (!ok)
			fprintf(stderr, "  case %zu: got \"%s\"\n", i, err == NULL ? "accepted" : why);
		CHECK(ok);
		ticket_keys_free(&r);
		/* a refused text leaves an existing ring as it was */
		if (cases[i].why != NULL) {
			CHECK(ticket_keys_parse(ring, BYTES(cases[i].text, strlen(cases[i].text)),
						why, sizeof(why)) != NULL);
			struct secret after = ticket_keys_serialize(ring);
			CHECK(secret_eq(secret_bytes(before), secret_bytes(after)));
			secret_free(&after);
		}
	}
	/* NUL bytes and overlong lines */
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "%s\n%s\n", TICKET_KEYS_FILE_MAGIC, GOOD_LINE);
	buf[strlen(TICKET_KEYS_FILE_MAGIC) + 5] = '\0';
	char why[200];
	CHECK(ticket_keys_parse(ring, BYTES(buf, (size_t)n), why, sizeof(why)) != NULL);
	CHECK(strstr(why, "line 2: NUL") != NULL);
	memset(buf, '0', sizeof(buf));
	memcpy(buf, TICKET_KEYS_FILE_MAGIC "\n", strlen(TICKET_KEYS_FILE_MAGIC) + 1);
	CHECK(ticket_keys_parse(ring, BYTES(buf, sizeof(buf)), why, sizeof(why)) != NULL);
	CHECK(strstr(why, "line 2: line too long") != NULL);
	/* the parsed key's values */
	struct ticket_keys *r = ticket_keys_new(ROT, LIFE);
	const char *good = TICKET_KEYS_FILE_MAGIC "\n" GOOD_LINE "\n";
	CHECK(ticket_keys_parse(r, BYTES(good, strlen(good)), why, sizeof(why)) == NULL);
	const struct ticket_key *k = ticket_keys_current(r);
	CHECK(k != NULL && k->created == 100 && k->retire == 200);
	CHECK_EQ_BYTES(BYTES(k->id, TICKET_KEY_ID_LEN), unit_hex("0011223344556677"));
	CHECK(secret_eq(secret_bytes(k->key),
			unit_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")));
	ticket_keys_free(&r);
	secret_free(&before);
	ticket_keys_free(&ring);
}

/* A private scratch directory under /tmp, removed by cleanup_dir(). */
static char *scratch_dir(void)
{
	char *dir = xstrdup("/tmp/test_ticket_keys.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	return dir;
}

static size_t dir_entries(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void cleanup_dir(char *dir, const char *file)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	unlink(path);
	CHECK(rmdir(dir) == 0);
	free(dir);
}

static void sample_state(struct ticket_state *st, uint64_t expiry)
{
	memset(st, 0, sizeof(*st));
	st->idi = (struct ticket_id){ .type = 2, .len = 1, .body = "a" };
	st->idr = (struct ticket_id){ .type = 2, .len = 1, .body = "b" };
	st->auth_method = 2;
	st->sa = (struct ticket_ike_proposal){ .encr = 12, .encr_key_bits = 128, .prf = 5, .integ = 12, .dh = 14 };
	st->sk_d = secret_clone(BYTES("0123456789abcdef0123456789abcdef", 32));
	st->expiry = expiry;
	snprintf(st->name, sizeof(st->name), "gw");
}

/*
 * Save and load: mode 0600, nothing left behind, and two gateways loading
 * the same file unseal each other's tickets.
 */
static void test_save_load_two_gateways(void)
{
	char *dir = scratch_dir();
	char path[256], why[300];
	snprintf(path, sizeof(path), "%s/ticket.keys", dir);
	struct ticket_keys *a = three_keys();
	mode_t old_umask = umask(0);	/* the file must be 0600 whatever the umask */
	CHECK(ticket_keys_save(a, path, why, sizeof(why)) == NULL);
	umask(old_umask);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK(dir_entries(dir) == 1);	/* no temporary file left */

	struct ticket_keys *b = ticket_keys_new(ROT, LIFE);
	CHECK(ticket_keys_load(b, path, why, sizeof(why)) == NULL);
	check_rings_equal(a, b);

	uint64_t now = T0 + 2 * ROT + 10;
	struct ticket_state s, out;
	sample_state(&s, now + 100);
	struct chunk from_a, from_b;
	CHECK(ticket_seal(a, &s, now, &from_a) == TICKET_OK);
	CHECK(ticket_seal(b, &s, now, &from_b) == TICKET_OK);
	CHECK(ticket_unseal(b, chunk_bytes(from_a), now, &out) == TICKET_OK);
	CHECK(strcmp(out.name, "gw") == 0);
	ticket_state_free(&out);
	CHECK(ticket_unseal(a, chunk_bytes(from_b), now, &out) == TICKET_OK);
	ticket_state_free(&out);

	/* a saves again after rotating: the file is replaced, b reloads */
	bool changed;
	CHECK(ticket_keys_rotate(a, T0 + 3 * ROT + 2, &changed) == NULL && changed);
	CHECK(ticket_keys_save(a, path, why, sizeof(why)) == NULL);
	CHECK(dir_entries(dir) == 1);
	CHECK(ticket_keys_load(b, path, why, sizeof(why)) == NULL);
	check_rings_equal(a, b);
	CHECK(ticket_unseal(b, chunk_bytes(from_a), now, &out) == TICKET_OK);
	ticket_state_free(&out);

	chunk_free(&from_a);
	chunk_free(&from_b);
	ticket_state_free(&s);
	ticket_keys_free(&a);
	ticket_keys_free(&b);
	cleanup_dir(dir, "ticket.keys");
}

static void test_load_refusals(void)
{
	char *dir = scratch_dir();
	char path[256], why[300];
	snprintf(path, sizeof(path), "%s/ticket.keys", dir);
	struct ticket_keys *a = three_keys();
	struct ticket_keys *b = ticket_keys_new(ROT, LIFE);
	CHECK(ticket_keys_save(a, path, why, sizeof(why)) == NULL);

	static const mode_t bad_modes[] = { 0644, 0640, 0604, 0660, 0602, 0610, 0601 };
	for (size_t i = 0; i < sizeof(bad_modes) / sizeof(bad_modes[0]); i++) {
		CHECK(chmod(path, bad_modes[i]) == 0);
		CHECK(ticket_keys_load(b, path, why, sizeof(why)) == why);
		CHECK(strstr(why, "group or others") != NULL);
		CHECK(ticket_keys_count(b) == 0);
	}
	CHECK(strstr(why, "mode 0601") != NULL);
	CHECK(chmod(path, 0400) == 0);	/* stricter than 0600 is fine */
	CHECK(ticket_keys_load(b, path, why, sizeof(why)) == NULL);
	CHECK(chmod(path, 0600) == 0);

	if (geteuid() == 0) {	/* root can hand the file to someone else */
		CHECK(chown(path, 65534, (gid_t)-1) == 0);
		CHECK(ticket_keys_load(b, path, why, sizeof(why)) != NULL);
		CHECK(strstr(why, "not owned") != NULL);
		CHECK(chown(path, 0, (gid_t)-1) == 0);
	}

	char missing[300];
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	CHECK(ticket_keys_load(b, missing, why, sizeof(why)) != NULL);
	CHECK(strstr(why, "No such file") != NULL && strstr(why, missing) != NULL);
	CHECK(ticket_keys_load(b, dir, why, sizeof(why)) != NULL);	/* a directory */
	CHECK(strstr(why, "not a regular file") != NULL);

	/* garbage with the right mode: the parse error, with the path */
	int fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, "hello\n", 6) == 6);
	close(fd);
	CHECK(ticket_keys_load(b, path, why, sizeof(why)) != NULL);
	CHECK(strstr(why, path) != NULL && strstr(why, "line 1: not a ticket key file") != NULL);
	/* too large */
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && ftruncate(fd, TICKET_KEYS_FILE_MAX + 1) == 0);
	close(fd);
	CHECK(ticket_keys_load(b, path, why, sizeof(why)) != NULL);
	CHECK(strstr(why, "too large") != NULL);

	/* saving into a directory that does not exist */
	char nodir[300];
	snprintf(nodir, sizeof(nodir), "%s/no/such/dir/keys", dir);
	CHECK(ticket_keys_save(a, nodir, why, sizeof(why)) != NULL);
	CHECK(strstr(why, "temporary file") != NULL);

	ticket_keys_free(&a);
	ticket_keys_free(&b);
	cleanup_dir(dir, "ticket.keys");
}

UNIT_MAIN(UNIT(test_policy), UNIT(test_first_key), UNIT(test_rotation_schedule), UNIT(test_add_and_find),
	  UNIT(test_full_ring_rotation), UNIT(test_nss_key_cached), UNIT(test_serialize_parse),
	  UNIT(test_parse_strict), UNIT(test_save_load_two_gateways), UNIT(test_load_refusals))
