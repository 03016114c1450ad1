/*
 * Key exchange: agreement between two fresh key pairs for every group,
 * the RFC 5903 §8 ECP vectors (private keys imported into NSS, public
 * values and the complete KEi/KEr payloads, g^ir), the RFC 7748 §6.1
 * X25519 exchange, and rejection of bad peer values (RFC 6989, RFC 8031).
 */
#include "ikev2_dh.h"
#include "unit.h"
#include "vectors.h"
#include "wire.h"

static const uint16_t all_groups[] = {
	IKEV2_DH_MODP2048, IKEV2_DH_ECP256, IKEV2_DH_ECP384, IKEV2_DH_ECP521, IKEV2_DH_CURVE25519,
};
#define NGROUPS (sizeof(all_groups) / sizeof(all_groups[0]))

static void test_agreement_every_group(void)
{
	unit_nss_init();
	for (size_t g = 0; g < NGROUPS; g++) {
		const struct dh_desc *group = dh_by_id(all_groups[g]);
		struct dh_keypair *a = NULL, *b = NULL;
		struct crypto_error err = { 0 };
		CHECK(dh_keypair_new(group, &a, &err));
		CHECK(dh_keypair_new(group, &b, &err));
		if (a == NULL || b == NULL) {
			fprintf(stderr, "  %s: %s (NSS %d)\n", group->name, err.reason, err.nss_error);
			dh_keypair_free(&a);
			dh_keypair_free(&b);
			continue;
		}
		CHECK(dh_keypair_group(a) == group);
		struct bytes pa = dh_keypair_public(a), pb = dh_keypair_public(b);
		CHECK(pa.len == group->ke_len && pb.len == group->ke_len);
		CHECK(!bytes_eq(pa, pb));
		CHECK(dh_check_peer(group, pb, NULL));
		struct secret ab = { 0 }, ba = { 0 };
		CHECK(dh_shared_secret(a, pb, &ab, &err));
		CHECK(dh_shared_secret(b, pa, &ba, &err));
		CHECK(ab.len == group->secret_len);
		CHECK(secret_eq(secret_bytes(ab), secret_bytes(ba)));
		secret_free(&ab);
		secret_free(&ba);
		dh_keypair_free(&a);
		dh_keypair_free(&b);
		CHECK(a == NULL);
	}
}

/* ---- published vectors: "label:" lines followed by hex lines ---- */

#define MAX_BLOCKS 32

struct hex_block {
	char label[80];
	struct chunk value;
};

static bool all_hex_tokens(const char *s)
{
	bool any = false;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		size_t n = strcspn(s, " ");
		if (n == 0)
			break;
		if (!vec_is_hex_token(s, n))
			return false;
		any = true;
		s += n;
	}
	return any;
}

/*
 * The blocks between the line starting with `from` and the next line
 * starting with `to`.  A line ending in ':' names a block, and so does
 * "The KEx payload is as follows." (named "KEx"); hex lines fill the
 * current block; page breaks (lines starting at column 0) are skipped;
 * other indented text ends the block.
 */
static size_t read_blocks(const char *rel, const char *from, const char *to,
			  struct hex_block *blocks, size_t max)
{
	char *buf = vec_slurp(vec_path(rel));
	if (buf == NULL)
		return 0;
	size_t nlines, n = 0;
	char **lines = vec_lines(buf, &nlines);
	bool inside = false;
	struct chunk *open = NULL;
	for (size_t i = 0; i < nlines; i++) {
		char *line = lines[i];
		if (strncmp(line, from, strlen(from)) == 0) {
			inside = true;
			continue;
		}
		if (!inside)
			continue;
		if (strncmp(line, to, strlen(to)) == 0)
			break;
		char *t = vec_trim(line);
		size_t len = strlen(t);
		const char *ke = strstr(t, " payload is as follows.");
		if (len == 0)
			continue;
		if (all_hex_tokens(t) && open != NULL) {
			char joined[1024];
			size_t j = 0;
			for (const char *p = t; *p != '\0' && j + 1 < sizeof(joined); p++)
				if (*p != ' ')
					joined[j++] = *p;
			joined[j] = '\0';
			struct chunk more;
			CHECK(hex_decode(joined, &more));
			struct chunk all = chunk_concat(chunk_bytes(*open), chunk_bytes(more));
			chunk_free(open);
			chunk_free(&more);
			*open = all;
		} else if ((t[len - 1] == ':' || ke != NULL) && n < max) {
			if (ke != NULL)	/* "The KEi payload ..." -> "KEi" */
				snprintf(blocks[n].label, sizeof(blocks[n].label), "%.*s",
					 (int)(ke - t - 4), t + 4);
			else
				snprintf(blocks[n].label, sizeof(blocks[n].label), "%.*s",
					 (int)(len - 1), t);
			blocks[n].value = chunk_alloc(0);
			open = &blocks[n++].value;
		} else if (line != t) {
			open = NULL;	/* indented prose */
		}
	}
	free(lines);
	free(buf);
	return n;
}

static struct bytes block(const struct hex_block *b, size_t n, const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].label, label) == 0)
			return chunk_bytes(b[i].value);
	fprintf(stderr, "  no block %s\n", label);
	return EMPTY_BYTES;
}

static void free_blocks(struct hex_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		chunk_free(&b[i].value);
}

/* A KE payload: generic header (length), group, reserved, then our value. */
static void check_ke_payload(struct bytes payload, const struct dh_desc *group, struct bytes ke)
{
	struct wire_in in = wire_in_bytes(payload);
	uint8_t next, flags;
	uint16_t len, group_id, reserved;
	struct bytes data;
	CHECK(wire_get_u8(&in, &next) && wire_get_u8(&in, &flags));
	CHECK(wire_get_u16(&in, &len) && len == payload.len && len == 8 + group->ke_len);
	CHECK(wire_get_u16(&in, &group_id) && group_id == group->id);
	CHECK(wire_get_u16(&in, &reserved) && reserved == 0);
	CHECK(wire_get_bytes(&in, group->ke_len, &data));
	CHECK_EQ_BYTES(data, ke);
}

static void check_rfc5903_group(const char *from, const char *to, uint16_t id)
{
	const struct dh_desc *group = dh_by_id(id);
	struct hex_block b[MAX_BLOCKS];
	size_t n = read_blocks("rfc5903.txt", from, to, b, MAX_BLOCKS);
	struct chunk gi = chunk_concat(block(b, n, "gix"), block(b, n, "giy"));
	struct chunk gr = chunk_concat(block(b, n, "grx"), block(b, n, "gry"));
	CHECK(gi.len == group->ke_len && gr.len == group->ke_len);
	check_ke_payload(block(b, n, "KEi"), group, chunk_bytes(gi));
	check_ke_payload(block(b, n, "KEr"), group, chunk_bytes(gr));

	struct dh_keypair *ini = NULL, *res = NULL;
	struct crypto_error err = { 0 };
	CHECK(dh_keypair_import(group, block(b, n, "i"), chunk_bytes(gi), &ini, &err));
	CHECK(dh_keypair_import(group, block(b, n, "r"), chunk_bytes(gr), &res, &err));
	if (ini != NULL && res != NULL) {
		CHECK_EQ_BYTES(dh_keypair_public(ini), chunk_bytes(gi));
		struct secret s1 = { 0 }, s2 = { 0 };
		CHECK(dh_shared_secret(ini, chunk_bytes(gr), &s1, &err));
		CHECK(dh_shared_secret(res, chunk_bytes(gi), &s2, &err));
		/* RFC 5903 §7: the shared secret is the x coordinate only */
		CHECK_EQ_BYTES(secret_bytes(s1), block(b, n, "girx"));
		CHECK_EQ_BYTES(secret_bytes(s2), block(b, n, "girx"));
		secret_free(&s1);
		secret_free(&s2);
	} else {
		fprintf(stderr, "  import: %s (NSS %d)\n", err.reason, err.nss_error);
	}
	dh_keypair_free(&ini);
	dh_keypair_free(&res);
	chunk_free(&gi);
	chunk_free(&gr);
	free_blocks(b, n);
}

static void test_rfc5903_vectors(void)
{
	unit_nss_init();
	check_rfc5903_group("8.1.", "8.2.", IKEV2_DH_ECP256);
	check_rfc5903_group("8.2.", "8.3.", IKEV2_DH_ECP384);
	check_rfc5903_group("8.3.", "9.", IKEV2_DH_ECP521);
}

static void test_rfc7748_x25519(void)
{
	unit_nss_init();
	const struct dh_desc *group = dh_by_id(IKEV2_DH_CURVE25519);
	struct hex_block b[MAX_BLOCKS];
	size_t n = read_blocks("vectors/rfc7748.txt", "6.1.  Curve25519", "6.2.", b, MAX_BLOCKS);
	struct bytes a_pub = block(b, n, "Alice's public key, X25519(a, 9)");
	struct bytes b_pub = block(b, n, "Bob's public key, X25519(b, 9)");
	struct bytes k = block(b, n, "Their shared secret, K");
	CHECK(k.len == 32);
	struct dh_keypair *alice = NULL, *bob = NULL;
	CHECK(dh_keypair_import(group, block(b, n, "Alice's private key, a"), a_pub, &alice, NULL));
	CHECK(dh_keypair_import(group, block(b, n, "Bob's private key, b"), b_pub, &bob, NULL));
	if (alice != NULL && bob != NULL) {
		struct secret s = { 0 };
		CHECK(dh_shared_secret(alice, b_pub, &s, NULL));
		CHECK_EQ_BYTES(secret_bytes(s), k);
		secret_free(&s);
		CHECK(dh_shared_secret(bob, a_pub, &s, NULL));
		CHECK_EQ_BYTES(secret_bytes(s), k);
		secret_free(&s);
		/* RFC 8031 §3.2: the top bit of the last octet is ignored */
		uint8_t high[32];
		memcpy(high, b_pub.ptr, 32);
		high[31] |= 0x80;
		CHECK(dh_shared_secret(alice, BYTES(high, 32), &s, NULL));
		CHECK_EQ_BYTES(secret_bytes(s), k);
		secret_free(&s);
	}
	dh_keypair_free(&alice);
	dh_keypair_free(&bob);
	free_blocks(b, n);
}

/* ---- hostile peer values ---- */

static enum crypto_status peer_status(struct dh_keypair *kp, struct bytes peer)
{
	struct secret s = { 0 };
	struct crypto_error err = { CRYPTO_OK, NULL, 0 };
	if (dh_shared_secret(kp, peer, &s, &err)) {
		secret_free(&s);
		return CRYPTO_OK;
	}
	CHECK(s.ptr == NULL && err.reason != NULL);
	return err.status;
}

static void test_bad_lengths_and_zero(void)
{
	unit_nss_init();
	for (size_t g = 0; g < NGROUPS; g++) {
		const struct dh_desc *group = dh_by_id(all_groups[g]);
		struct dh_keypair *kp = NULL;
		CHECK(dh_keypair_new(group, &kp, NULL));
		if (kp == NULL)
			continue;
		uint8_t buf[300];
		struct bytes good = dh_keypair_public(kp);
		memcpy(buf, good.ptr, good.len);
		buf[good.len] = 0;
		CHECK(peer_status(kp, BYTES(buf, good.len - 1)) == CRYPTO_BAD_LENGTH);
		CHECK(peer_status(kp, BYTES(buf, good.len + 1)) == CRYPTO_BAD_LENGTH);
		CHECK(peer_status(kp, EMPTY_BYTES) == CRYPTO_BAD_LENGTH);
		memset(buf, 0, sizeof(buf));
		CHECK(peer_status(kp, BYTES(buf, group->ke_len)) == CRYPTO_BAD_PUBLIC_VALUE);
		memset(buf, 0xff, sizeof(buf));
		CHECK(peer_status(kp, BYTES(buf, group->ke_len)) == CRYPTO_BAD_PUBLIC_VALUE ||
		      group->kind == DH_KIND_X25519);	/* 2^255-1 masks to a valid u */
		dh_keypair_free(&kp);
	}
}

static void test_ecp_point_not_on_curve(void)
{
	unit_nss_init();
	for (size_t g = 0; g < NGROUPS; g++) {
		const struct dh_desc *group = dh_by_id(all_groups[g]);
		if (group->kind != DH_KIND_ECP)
			continue;
		struct dh_keypair *a = NULL, *b = NULL;
		CHECK(dh_keypair_new(group, &a, NULL) && dh_keypair_new(group, &b, NULL));
		if (a == NULL || b == NULL) {
			dh_keypair_free(&a);
			dh_keypair_free(&b);
			continue;
		}
		uint8_t bad[200];
		struct bytes pb = dh_keypair_public(b);
		CHECK(peer_status(a, pb) == CRYPTO_OK);
		memcpy(bad, pb.ptr, pb.len);
		bad[pb.len - 1] ^= 1;	/* y changed: (x, y') is not on the curve */
		CHECK(peer_status(a, BYTES(bad, pb.len)) == CRYPTO_BAD_PUBLIC_VALUE);
		memcpy(bad, pb.ptr, pb.len);
		bad[0] ^= 0x80;		/* x changed */
		CHECK(peer_status(a, BYTES(bad, pb.len)) == CRYPTO_BAD_PUBLIC_VALUE);
		/* x | y swapped */
		memcpy(bad, pb.ptr + pb.len / 2, pb.len / 2);
		memcpy(bad + pb.len / 2, pb.ptr, pb.len / 2);
		CHECK(peer_status(a, BYTES(bad, pb.len)) == CRYPTO_BAD_PUBLIC_VALUE);
		dh_keypair_free(&a);
		dh_keypair_free(&b);
	}
}

/* RFC 6989 §2.1: 1 < y < p-1, with p from RFC 3526 §3 itself. */
static void test_modp_range(void)
{
	unit_nss_init();
	const struct dh_desc *group = dh_by_id(IKEV2_DH_MODP2048);
	char *text = vec_slurp(vec_path("rfc3526.txt"));
	CHECK(text != NULL);
	if (text == NULL)
		return;
	/* the hex groups between "3.  2048-bit MODP Group" and "The generator" */
	char *start = strstr(text, "3.  2048-bit MODP Group");
	char *value = start != NULL ? strstr(start, "Its hexadecimal value is:") : NULL;
	char *end = value != NULL ? strstr(value, "The generator is") : NULL;
	CHECK(end != NULL);
	if (end == NULL) {
		free(text);
		return;
	}
	*end = '\0';
	struct chunk p;
	CHECK(hex_decode(value + strlen("Its hexadecimal value is:"), &p) && p.len == 256);
	free(text);

	struct dh_keypair *kp = NULL;
	CHECK(dh_keypair_new(group, &kp, NULL));
	uint8_t y[256];
	memset(y, 0, sizeof(y));
	y[255] = 1;
	CHECK(peer_status(kp, BYTES(y, 256)) == CRYPTO_BAD_PUBLIC_VALUE);	/* y = 1 */
	y[255] = 2;
	CHECK(peer_status(kp, BYTES(y, 256)) == CRYPTO_OK);	/* y = g */
	memcpy(y, p.ptr, 256);
	CHECK(peer_status(kp, BYTES(y, 256)) == CRYPTO_BAD_PUBLIC_VALUE);	/* y = p */
	y[255] -= 1;
	CHECK(peer_status(kp, BYTES(y, 256)) == CRYPTO_BAD_PUBLIC_VALUE);	/* y = p - 1 */
	CHECK(!dh_check_peer(group, BYTES(y, 256), NULL));
	y[255] -= 1;
	CHECK(dh_check_peer(group, BYTES(y, 256), NULL));	/* y = p - 2: in range */
	y[0] = 0;
	y[255] = 0;
	y[1] = 1;
	CHECK(dh_check_peer(group, BYTES(y, 256), NULL));	/* a value with leading zero */
	chunk_free(&p);
	dh_keypair_free(&kp);
}

/* Small-order u coordinates give an all-zero X25519 result (RFC 7748 §6.1). */
static void test_x25519_small_order(void)
{
	unit_nss_init();
	const struct dh_desc *group = dh_by_id(IKEV2_DH_CURVE25519);
	struct dh_keypair *kp = NULL;
	CHECK(dh_keypair_new(group, &kp, NULL));
	if (kp == NULL)
		return;
	static const char *const small_order[] = {
		"0000000000000000000000000000000000000000000000000000000000000000",	/* 0 */
		"0100000000000000000000000000000000000000000000000000000000000000",	/* 1 */
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",	/* p - 1 */
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",	/* p */
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",	/* p + 1 */
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",	/* order 8 */
		"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",	/* order 8 */
	};
	for (size_t i = 0; i < sizeof(small_order) / sizeof(small_order[0]); i++)
		CHECK(peer_status(kp, unit_hex(small_order[i])) == CRYPTO_BAD_PUBLIC_VALUE);
	dh_keypair_free(&kp);
}

static void test_unsupported(void)
{
	struct dh_keypair *kp = NULL;
	struct crypto_error err = { 0 };
	static const struct dh_desc fake = { 1, "MODP768", DH_KIND_MODP, 96, 96 };
	CHECK(!dh_keypair_new(&fake, &kp, &err) && err.status == CRYPTO_UNSUPPORTED);
	CHECK(!dh_keypair_new(NULL, &kp, &err) && err.status == CRYPTO_UNSUPPORTED);
	CHECK(!dh_keypair_import(dh_by_id(IKEV2_DH_MODP2048), unit_hex("01"), unit_hex("02"),
				 &kp, &err) && err.status == CRYPTO_UNSUPPORTED);
	CHECK(kp == NULL);
}

UNIT_MAIN(UNIT(test_agreement_every_group), UNIT(test_rfc5903_vectors),
	  UNIT(test_rfc7748_x25519), UNIT(test_bad_lengths_and_zero),
	  UNIT(test_ecp_point_not_on_curve), UNIT(test_modp_range),
	  UNIT(test_x25519_small_order), UNIT(test_unsupported))
