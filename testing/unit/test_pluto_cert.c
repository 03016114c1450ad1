/*
 * IKE_AUTH with certificates, refused: the responder (pluto_harness.h)
 * is told to accept only a certificate signature from the peer
 * (rightauth=ecdsa); its NSS has no database, so no CA is trusted.  For
 * each bad request it must answer AUTHENTICATION_FAILED (protected),
 * log why, and keep no SA; ASan proves no crash and no leak of NSS
 * certificates (the harness's NSS_Shutdown fails on a leaked one).
 */
#include <stdio.h>

#include "ikev2_numbers.h"
#include "pluto_craft.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "unit.h"

/* A self-signed P-256 certificate for "C=CA, O=Pluto Test, CN=west" with
 * subjectAltName DNS:west (the peer's ID), valid until 2126; made with
 * openssl req -x509 for this test.  Test-only; its key is not kept. */
#define SELF_SIGNED \
	"308201cb30820170a00302010202144e7a9f1cefd42deb80576384dbb49a6a29c9060c300a06082a8648ce3d04030230" \
	"31310b300906035504061302434131133011060355040a0c0a506c75746f2054657374310d300b06035504030c047765" \
	"73743020170d3236313230343139343530345a180f32313236313131303139343530345a3031310b3009060355040613" \
	"02434131133011060355040a0c0a506c75746f2054657374310d300b06035504030c04776573743059301306072a8648" \
	"ce3d020106082a8648ce3d03010703420004b47d408e34ebc760f831078aeb8229221f923e6297b8dfd33f055783022e" \
	"9996be3da2346f7a9fdef609ca82fb188b59ef5e82e596b2f152110171f4a7a5555da3643062301d0603551d0e041604" \
	"14c0d9f717269671cad7b27d97afa3ad34c2804997301f0603551d23041830168014c0d9f717269671cad7b27d97afa3" \
	"ad34c2804997300f0603551d130101ff040530030101ff300f0603551d1104083006820477657374300a06082a8648ce" \
	"3d0403020349003046022100a6047bd2eeaa1d81d2eba78880a80e08aa7ceac51d595f58f752241b886ce063022100f9" \
	"fa208d2979d748736f6cefde790c03792d922a867aa1cfbc30a38548d53dfa"

struct cert_case {
	const char *name;
	struct auth_spec spec;
	const char *log;
};

#define SIG IKEV2_AUTH_DIGITAL_SIGNATURE
static const struct cert_case cert_cases[] = {
	{ "PSK where a signature is required", { .auth_method = 0 }, "does not accept" },
	{ "signature without CERT", { .auth_method = SIG }, "no CERT payload" },
	{ "CERT that is not DER", { .auth_method = SIG, .raw = { { IKEV2_PL_CERT, false, "04 0102030405" } } },
	  "not a certificate NSS can decode" },
	{ "CERT as hash and URL",
	  { .auth_method = SIG,
	    .raw = { { IKEV2_PL_CERT, false, "0c 0102030405060708090a0b0c0d0e0f1011121314 687474703a2f2f78" } } },
	  "encoding other than X.509" },
	{ "self-signed certificate", { .auth_method = SIG, .raw = { { IKEV2_PL_CERT, false, "04" SELF_SIGNED } } },
	  "refused: SEC_ERROR_" },
	{ "nine certificates", { .auth_method = SIG, .raw = { { IKEV2_PL_CERT, false, "04" SELF_SIGNED, 8 } } },
	  "too many CERT payloads" },
	{ "CERTREQ and a signature without CERT",
	  { .auth_method = SIG, .raw = { { IKEV2_PL_CERTREQ, false, "04 0102030405060708090a0b0c0d0e0f1011121314" } } },
	  "no CERT payload" },
};

static bool run(const struct cert_case *c)
{
	struct peer peer;
	bool ok = false;
	if (!harness_start(&(struct harness_options){ .extra_conn = "\trightauth=ecdsa" }) || !peer_init(&peer))
		return false;
	harness_receive(peer_sa_init(&peer));
	if (harness_sent_count() == 1 && peer_sa_init_response(&peer, harness_last_sent())) {
		harness_clear_sent();
		harness_log_mark();
		harness_receive(craft_auth(&peer, &c->spec));
		static struct ikev2_digest d;
		struct chunk plain = { 0 };
		ok = harness_sent_count() == 1 && peer_open(&peer, harness_last_sent(), &d, &plain) &&
		     peer_first_error(&d) == IKEV2_N_AUTHENTICATION_FAILED && harness_sa_count() == 0 &&
		     harness_log_contains(c->log);
		chunk_free(&plain);
		if (!ok) {
			printf("     case \"%s\"\n", c->name);
			harness_log_dump();
		}
	}
	peer_free(&peer);
	harness_stop();
	return ok;
}

/* RFC 7427 §4: a responder that may verify signatures says which hashes
 * it accepts in its IKE_SA_INIT response; a PSK-only one does not. */
static bool sa_init_announces(const char *extra_conn, struct chunk *data)
{
	struct peer peer;
	bool found = false;
	if (!harness_start(&(struct harness_options){ .extra_conn = extra_conn }) || !peer_init(&peer))
		return false;
	harness_receive(peer_sa_init(&peer));
	struct ikev2_header hdr;
	static struct ikev2_digest d;
	struct bytes n = EMPTY_BYTES;
	if (harness_sent_count() == 1 && peer_decode(harness_last_sent(), &hdr, &d))
		found = peer_has_notify(&d, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, &n);
	*data = found ? chunk_clone(n) : (struct chunk){ 0 };
	peer_free(&peer);
	harness_stop();
	return found;
}

static void test_signature_hash_notify(void)
{
	unit_nss_init();
	struct chunk data;
	CHECK(sa_init_announces("\trightauth=ecdsa", &data));
	CHECK_EQ_BYTES(chunk_bytes(data), unit_hex("000200030004"));
	chunk_free(&data);
	CHECK(!sa_init_announces(NULL, &data));
}

static void test_cert_refusals(void)
{
	unit_nss_init();
	for (size_t i = 0; i < sizeof(cert_cases) / sizeof(cert_cases[0]); i++)
		CHECK(run(&cert_cases[i]));
}

UNIT_MAIN(UNIT(test_cert_refusals), UNIT(test_signature_hash_notify))
