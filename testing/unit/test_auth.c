/*
 * AUTH payload values (RFC 7296 §2.15, RFC 5723 §4.3.3), recomputed by
 * python3's hmac module from the same inputs:
 *   MACedID = prf(SK_px, ID body)
 *   signed  = first message | peer nonce | MACedID
 *   PSK     = prf(prf(secret, "Key Pad for IKEv2"), signed)
 *   resume  = prf(SK_px, signed)
 */
#include "ikev2_auth.h"
#include "ikev2_random.h"
#include "pyref.h"
#include "unit.h"

static const char auth_py[] =
	"import sys, hmac, hashlib\n"
	"h = getattr(hashlib, sys.argv[1])\n"
	"psk, skp, idb, msg, nonce = [bytes.fromhex(a) for a in sys.argv[2:7]]\n"
	"prf = lambda k, d: hmac.new(k, d, h).digest()\n"
	"maced = prf(skp, idb)\n"
	"signed = msg + nonce + maced\n"
	"print(maced.hex())\n"
	"print(signed.hex())\n"
	"print(prf(prf(psk, b\"Key Pad for IKEv2\"), signed).hex())\n"
	"print(prf(skp, signed).hex())\n";

static const struct {
	uint16_t prf;
	const char *py;
} prfs[] = {
	{ IKEV2_PRF_HMAC_SHA1, "sha1" },
	{ IKEV2_PRF_HMAC_SHA2_256, "sha256" },
	{ IKEV2_PRF_HMAC_SHA2_384, "sha384" },
	{ IKEV2_PRF_HMAC_SHA2_512, "sha512" },
};

static void check_auth_case(size_t p, struct bytes psk)
{
	const struct prf_desc *prf = prf_by_id(prfs[p].prf);
	uint8_t skp[64], msg[300], nonce[32];
	CHECK(random_bytes(skp, prf->out_len));
	CHECK(random_bytes(msg, sizeof(msg)));
	CHECK(random_bytes(nonce, sizeof(nonce)));
	/* ID_FQDN (2), three reserved octets, "east.example" */
	struct bytes id_body = BYTES("\x02\x00\x00\x00" "east.example", 16);

	struct chunk maced = { 0 }, psk_auth = { 0 }, resume_auth = { 0 };
	CHECK(auth_maced_id(prf, BYTES(skp, prf->out_len), id_body, &maced, NULL));
	struct chunk signed_octets = auth_signed_octets(BYTES(msg, sizeof(msg)),
							BYTES(nonce, sizeof(nonce)),
							chunk_bytes(maced));
	CHECK(auth_psk(prf, psk, chunk_bytes(signed_octets), &psk_auth, NULL));
	CHECK(auth_resume(prf, BYTES(skp, prf->out_len), chunk_bytes(signed_octets),
			  &resume_auth, NULL));

	char *hex[] = { pyref_hex(psk), pyref_hex(BYTES(skp, prf->out_len)), pyref_hex(id_body),
			pyref_hex(BYTES(msg, sizeof(msg))), pyref_hex(BYTES(nonce, sizeof(nonce))) };
	const char *args[] = { prfs[p].py, hex[0], hex[1], hex[2], hex[3], hex[4] };
	struct pyref_out py;
	CHECK(pyref_run(auth_py, args, 6, &py));
	CHECK(py.n == 4);
	if (py.n == 4) {
		CHECK_EQ_BYTES(chunk_bytes(maced), chunk_bytes(py.line[0]));
		CHECK_EQ_BYTES(chunk_bytes(signed_octets), chunk_bytes(py.line[1]));
		CHECK_EQ_BYTES(chunk_bytes(psk_auth), chunk_bytes(py.line[2]));
		CHECK_EQ_BYTES(chunk_bytes(resume_auth), chunk_bytes(py.line[3]));
		CHECK(auth_equal(chunk_bytes(psk_auth), chunk_bytes(py.line[2])));
	}
	CHECK(psk_auth.len == prf->out_len);
	pyref_free(&py);
	for (size_t i = 0; i < 5; i++)
		free(hex[i]);
	chunk_free(&maced);
	chunk_free(&signed_octets);
	chunk_free(&psk_auth);
	chunk_free(&resume_auth);
}

static void test_auth_matches_python(void)
{
	unit_nss_init();
	const char *long_psk = "a pre-shared key longer than any hash block, so NSS must hash it "
			       "before use: 0123456789012345678901234567890123456789"
			       "0123456789012345678901234567890123456789";
	CHECK(strlen(long_psk) > 128);	/* the SHA-384/512 block size */
	for (size_t p = 0; p < sizeof(prfs) / sizeof(prfs[0]); p++) {
		check_auth_case(p, BYTES("secret", 6));
		check_auth_case(p, BYTES(long_psk, strlen(long_psk)));
	}
}

static void test_auth_equal(void)
{
	struct bytes a = unit_hex("00112233"), b = unit_hex("00112234");
	CHECK(auth_equal(a, a));
	CHECK(!auth_equal(a, b));
	CHECK(!auth_equal(a, BYTES(a.ptr, 3)));	/* a truncated AUTH is no match */
	CHECK(strlen(IKEV2_KEY_PAD) == 17);
}

UNIT_MAIN(UNIT(test_auth_matches_python), UNIT(test_auth_equal))
