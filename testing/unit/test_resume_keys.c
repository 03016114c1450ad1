/*
 * Keys of a resumed IKE SA (RFC 5723 §5.1):
 *   SKEYSEED = prf(SK_d_old, "Resumption" | Ni | Nr)
 *   {SK_d .. SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)  (new SPIs)
 * No published vectors exist, so each case is recomputed by python3's
 * hmac module from the same hex inputs and compared octet for octet.
 */
#include "ikev2_keys.h"
#include "ikev2_random.h"
#include "pyref.h"
#include "unit.h"

static const char resume_py[] =
	"import sys, hmac, hashlib\n"
	"h = getattr(hashlib, sys.argv[1])\n"
	"skd, ni, nr, spii, spir = [bytes.fromhex(a) for a in sys.argv[2:7]]\n"
	"lens = [int(x) for x in sys.argv[7].split(\",\")]\n"
	"prf = lambda k, d: hmac.new(k, d, h).digest()\n"
	"seed = prf(skd, b\"Resumption\" + ni + nr)\n"
	"print(seed.hex())\n"
	"s = ni + nr + spii + spir\n"
	"out, t, n = b\"\", b\"\", 1\n"
	"while len(out) < sum(lens):\n"
	"    t = prf(seed, t + s + bytes([n])); out += t; n += 1\n"
	"o = 0\n"
	"for l in lens:\n"
	"    print(out[o:o + l].hex()); o += l\n";

static const char *python_hash(uint16_t prf)
{
	switch (prf) {
	case IKEV2_PRF_HMAC_SHA1: return "sha1";
	case IKEV2_PRF_HMAC_SHA2_256: return "sha256";
	case IKEV2_PRF_HMAC_SHA2_384: return "sha384";
	case IKEV2_PRF_HMAC_SHA2_512: return "sha512";
	}
	return "none";
}

static struct chunk random_chunk(size_t len)
{
	struct chunk c = chunk_alloc(len);
	CHECK(random_bytes(c.ptr, len));
	return c;
}

static void check_resume_case(const struct ike_algs *algs, size_t nonce_len)
{
	struct chunk sk_d_old = random_chunk(algs->prf->out_len);
	struct chunk ni = random_chunk(nonce_len), nr = random_chunk(nonce_len);
	struct chunk spii = random_chunk(8), spir = random_chunk(8);

	struct secret skeyseed = { 0 };
	struct ike_keys k = { 0 };
	CHECK(ikev2_skeyseed_resume(algs->prf, chunk_bytes(sk_d_old), chunk_bytes(ni),
				    chunk_bytes(nr), &skeyseed, NULL));
	CHECK(ike_keys_derive(algs, secret_bytes(skeyseed), chunk_bytes(ni), chunk_bytes(nr),
			      chunk_bytes(spii), chunk_bytes(spir), &k, NULL));
	const struct secret *keys[] = { &k.sk_d, &k.sk_ai, &k.sk_ar, &k.sk_ei,
					&k.sk_er, &k.sk_pi, &k.sk_pr };

	char lens[128];
	size_t off = 0;
	for (size_t i = 0; i < 7; i++)
		off += (size_t)snprintf(lens + off, sizeof(lens) - off, "%s%zu", i ? "," : "",
					keys[i]->len);
	char *hex[] = { pyref_hex(chunk_bytes(sk_d_old)), pyref_hex(chunk_bytes(ni)),
			pyref_hex(chunk_bytes(nr)), pyref_hex(chunk_bytes(spii)),
			pyref_hex(chunk_bytes(spir)) };
	const char *args[] = { python_hash(algs->prf->id), hex[0], hex[1], hex[2],
			       hex[3], hex[4], lens };
	struct pyref_out py;
	CHECK(pyref_run(resume_py, args, 7, &py));
	CHECK(py.n == 8);
	if (py.n == 8) {
		CHECK_EQ_BYTES(secret_bytes(skeyseed), chunk_bytes(py.line[0]));
		for (size_t i = 0; i < 7; i++)
			CHECK_EQ_BYTES(secret_bytes(*keys[i]), chunk_bytes(py.line[i + 1]));
	}
	pyref_free(&py);
	for (size_t i = 0; i < 5; i++)
		free(hex[i]);
	ike_keys_free(&k);
	secret_free(&skeyseed);
	chunk_free(&sk_d_old);
	chunk_free(&ni);
	chunk_free(&nr);
	chunk_free(&spii);
	chunk_free(&spir);
}

static void test_resumption_keys_match_python(void)
{
	unit_nss_init();
	static const struct {
		uint16_t prf, encr, bits, integ;
		size_t nonce_len;
	} cases[] = {
		{ IKEV2_PRF_HMAC_SHA2_256, IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE, 32 },
		{ IKEV2_PRF_HMAC_SHA2_256, IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_256_128, 16 },
		{ IKEV2_PRF_HMAC_SHA2_384, IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE, 48 },
		{ IKEV2_PRF_HMAC_SHA2_512, IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256, 64 },
		{ IKEV2_PRF_HMAC_SHA2_512, IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE, 256 },
		{ IKEV2_PRF_HMAC_SHA1, IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA1_96, 20 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ike_algs algs = {
			.encr = encr_by_id(cases[i].encr), .encr_key_bits = cases[i].bits,
			.prf = prf_by_id(cases[i].prf), .integ = integ_by_id(cases[i].integ),
		};
		check_resume_case(&algs, cases[i].nonce_len);
	}
}

/*
 * The label is exactly 10 octets with no NUL: resumption equals the
 * CAVS-verified rekey formula prf(SK_d, g | Ni | Nr) with g = "Resumption".
 */
static void test_resumption_label(void)
{
	unit_nss_init();
	CHECK(strlen(IKEV2_RESUMPTION_LABEL) == 10);
	const struct prf_desc *prf = prf_by_id(IKEV2_PRF_HMAC_SHA2_256);
	struct bytes skd = unit_hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	struct bytes ni = unit_hex("0102030405060708090a0b0c0d0e0f10");
	struct bytes nr = unit_hex("1112131415161718191a1b1c1d1e1f20");
	struct secret a = { 0 }, b = { 0 };
	CHECK(ikev2_skeyseed_resume(prf, skd, ni, nr, &a, NULL));
	CHECK(ikev2_skeyseed_rekey(prf, skd, BYTES("Resumption", 10), ni, nr, &b, NULL));
	CHECK(secret_eq(secret_bytes(a), secret_bytes(b)));
	secret_free(&b);
	CHECK(ikev2_skeyseed_rekey(prf, skd, BYTES("Resumption", 11), ni, nr, &b, NULL));
	CHECK(!secret_eq(secret_bytes(a), secret_bytes(b)));
	secret_free(&a);
	secret_free(&b);
}

UNIT_MAIN(UNIT(test_resumption_keys_match_python), UNIT(test_resumption_label))
