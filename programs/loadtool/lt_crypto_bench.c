/*
 * The responder's cryptographic work per full handshake and per resume,
 * measured with the library functions alone (no sockets, no daemon): the
 * floor the daemon's CPU per SA can approach.  Each step is timed over N
 * iterations (process CPU time); a full handshake and a resume are the
 * sums of the steps a responder runs for them.  With --auth cert also a
 * full handshake authenticated by ECDSA certificates: the initiator's
 * certificate (--cert, from --nssdir) decoded and its chain verified up
 * to a CA the database trusts, its AUTH signature verified, ours signed
 * (with the same key: the cost is the curve's, not the key's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cert.h>
#include <keyhi.h>
#include <pk11pub.h>

#include "ikev2_auth.h"
#include "ikev2_dh.h"
#include "ikev2_keys.h"
#include "ikev2_prf.h"
#include "ikev2_random.h"
#include "ikev2_signature.h"
#include "ikev2_sk.h"
#include "ikev2_ticket.h"
#include "loadtool.h"
#include "ticket_keys.h"
#include "ticket_replay.h"

#define AUTH_PLAIN_LEN 320	/* about an IKE_AUTH request's inner payloads */
#define MSG_LEN 600		/* about an IKE_SA_INIT message */

/* What the steps share: peer values, keys, a sealed request, a ticket. */
static struct {
	const struct dh_desc *group;
	struct ike_algs algs;
	struct dh_keypair *peer;	/* the initiator's key pair */
	struct dh_keypair *ours;	/* a responder key pair for the derive step */
	uint8_t ni[32], nr[32], spi_i[8], spi_r[8];
	uint8_t msg[MSG_LEN];		/* stands for the first messages */
	uint8_t plain[AUTH_PLAIN_LEN];
	struct ike_keys keys;
	struct sk_cipher *seal_i, *open_r, *seal_r;
	uint8_t sealed[1024];
	size_t sealed_len;
	struct ticket_keys *ring;
	struct ticket_state st;
	struct chunk ticket;
	struct ticket_replay *replay;
	uint64_t replay_counter;
	struct chunk sig;		/* the initiator's signature AUTH, --auth cert */
	SECKEYPublicKey *sig_pub;	/* ... and its key, taken out of the certificate
					   in step_cert_chain */
	bool ok;
} b;

static void check(bool ok, const char *what)
{
	if (!ok && b.ok) {
		fprintf(stderr, "loadtool: crypto bench: %s failed\n", what);
		b.ok = false;
	}
}

static void step_dh_keypair(void)
{
	struct dh_keypair *kp = NULL;
	check(dh_keypair_new(b.group, &kp, NULL), "dh_keypair_new");
	dh_keypair_free(&kp);
}

static void step_dh_derive(void)
{
	struct secret g = { 0 };
	check(dh_shared_secret(b.ours, dh_keypair_public(b.peer), &g, NULL), "dh_shared_secret");
	secret_free(&g);
}

static void derive_keys(struct bytes skeyseed)
{
	struct ike_keys k = { 0 };
	check(ike_keys_derive(&b.algs, skeyseed, BYTES(b.ni, 32), BYTES(b.nr, 32), BYTES(b.spi_i, 8),
			      BYTES(b.spi_r, 8), &k, NULL), "ike_keys_derive");
	ike_keys_free(&k);
}

static void step_keys_full(void)
{
	uint8_t g_ir[256] = { 1 };
	struct secret s = { 0 };
	check(ikev2_skeyseed(b.algs.prf, BYTES(b.ni, 32), BYTES(b.nr, 32), BYTES(g_ir, b.group->secret_len),
			     &s, NULL), "ikev2_skeyseed");
	derive_keys(secret_bytes(s));
	secret_free(&s);
}

static void step_keys_resume(void)
{
	struct secret s = { 0 };
	check(ikev2_skeyseed_resume(b.algs.prf, secret_bytes(b.keys.sk_d), BYTES(b.ni, 32), BYTES(b.nr, 32),
				    &s, NULL), "ikev2_skeyseed_resume");
	derive_keys(secret_bytes(s));
	secret_free(&s);
}

static void step_ciphers(void)
{
	struct sk_cipher *o = sk_cipher_new(b.algs.encr, b.algs.integ, secret_bytes(b.keys.sk_er),
					    EMPTY_BYTES, NULL);
	struct sk_cipher *i = sk_cipher_new(b.algs.encr, b.algs.integ, secret_bytes(b.keys.sk_ei),
					    EMPTY_BYTES, NULL);
	check(o != NULL && i != NULL, "sk_cipher_new");
	sk_cipher_free(&o);
	sk_cipher_free(&i);
}

static void step_sk(void)
{
	struct chunk plain = { 0 };
	check(sk_open(b.open_r, BYTES(b.msg, 32), BYTES(b.sealed, b.sealed_len), &plain, NULL), "sk_open");
	chunk_free(&plain);
	uint8_t buf[1024];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	check(sk_seal(b.seal_r, BYTES(b.msg, 32), BYTES(b.plain, AUTH_PLAIN_LEN / 2), ++b.replay_counter,
		      &out, NULL), "sk_seal");
}

/* Verify the peer's AUTH and make ours: two MACed IDs, two AUTH values. */
static void auth_twice(bool resume)
{
	static const uint8_t id[] = { 2, 0, 0, 0, 'c', 'l', 'i', 'e', 'n', 't', '-', '1' };
	static const uint8_t psk[] = "a benchmark pre-shared key";
	for (int side = 0; side < 2; side++) {
		struct bytes sk_p = secret_bytes(side == 0 ? b.keys.sk_pi : b.keys.sk_pr);
		struct chunk maced = { 0 }, auth = { 0 };
		check(auth_maced_id(b.algs.prf, sk_p, BYTES(id, sizeof(id)), &maced, NULL), "auth_maced_id");
		struct chunk octets = auth_signed_octets(BYTES(b.msg, MSG_LEN), BYTES(b.ni, 32), chunk_bytes(maced));
		check(resume ? auth_resume(b.algs.prf, sk_p, chunk_bytes(octets), &auth, NULL)
			     : auth_psk(b.algs.prf, BYTES(psk, sizeof(psk) - 1), chunk_bytes(octets), &auth, NULL),
		      "auth");
		chunk_free(&octets);
		chunk_free(&maced);
		chunk_free(&auth);
	}
}

static void step_auth_psk(void) { auth_twice(false); }

/* What the signatures cover: about an IKE_SA_INIT message, a nonce and a
 * MACed ID (their MACs are timed in step_auth_sig). */
static struct chunk sig_octets(void)
{
	return auth_signed_octets(BYTES(b.msg, MSG_LEN), BYTES(b.ni, 32), BYTES(b.nr, 32));
}

/* The peer's certificate from its CERT payload, checked up to a trusted
 * CA as a responder does (certificateUsageIPsec). */
static void step_cert_chain(void)
{
	struct bytes der = lt_cert_der(0);
	SECItem item = { siBuffer, (unsigned char *)der.ptr, (unsigned)der.len };
	CERTCertificate *cert = CERT_NewTempCertificate(CERT_GetDefaultCertDB(), &item, NULL, PR_FALSE, PR_TRUE);
	check(cert != NULL, "CERT_NewTempCertificate");
	if (cert == NULL)
		return;
	check(CERT_VerifyCertificateNow(CERT_GetDefaultCertDB(), cert, PR_TRUE, certificateUsageIPsec, NULL,
					NULL) == SECSuccess, "CERT_VerifyCertificateNow (usage IPsec)");
	SECKEYPublicKey *pub = CERT_ExtractPublicKey(cert);
	check(pub != NULL, "CERT_ExtractPublicKey");
	if (pub != NULL)
		SECKEY_DestroyPublicKey(pub);
	CERT_DestroyCertificate(cert);
}

/* Two MACed IDs, the peer's signature verified, ours made (RFC 7427). */
static void step_auth_sig(void)
{
	static const uint8_t id[] = { 9, 0, 0, 0, 0x30, 0x20, 0x31, 0x0b };
	struct chunk maced = { 0 }, octets = sig_octets(), auth = { 0 };
	for (int side = 0; side < 2; side++) {
		struct bytes sk_p = secret_bytes(side == 0 ? b.keys.sk_pi : b.keys.sk_pr);
		check(auth_maced_id(b.algs.prf, sk_p, BYTES(id, sizeof(id)), &maced, NULL), "auth_maced_id");
		chunk_free(&maced);
	}
	check(ikev2_sig_verify(b.sig_pub, chunk_bytes(b.sig), chunk_bytes(octets), NULL, NULL),
	      "ikev2_sig_verify");
	check(lt_cert_sign(0, chunk_bytes(octets), 0, &auth), "ikev2_sig_sign");
	chunk_free(&auth);
	chunk_free(&octets);
}
static void step_auth_resume(void) { auth_twice(true); }

static void step_child_keymat(void)
{
	struct secret km = { 0 };
	size_t len = child_keymat_len(b.algs.encr, 256, b.algs.integ);
	check(child_keymat(b.algs.prf, secret_bytes(b.keys.sk_d), EMPTY_BYTES, BYTES(b.ni, 32),
			   BYTES(b.nr, 32), len, &km, NULL), "child_keymat");
	secret_free(&km);
}

static void step_ticket_seal(void)
{
	struct chunk t = { 0 };
	check(ticket_seal(b.ring, &b.st, (uint64_t)time(NULL), &t) == TICKET_OK, "ticket_seal");
	chunk_free(&t);
}

static void step_ticket_unseal(void)
{
	struct ticket_state st = { 0 };
	uint8_t digest[TICKET_DIGEST_LEN];
	uint64_t now = (uint64_t)time(NULL);
	check(ticket_unseal(b.ring, chunk_bytes(b.ticket), now, &st) == TICKET_OK, "ticket_unseal");
	ticket_state_free(&st);
	check(ticket_digest(chunk_bytes(b.ticket), digest), "ticket_digest");
	/* a distinct digest each time, as distinct tickets would give */
	b.replay_counter++;
	memcpy(digest, &b.replay_counter, sizeof(b.replay_counter));
	ticket_replay_add(b.replay, digest, now + 3600, now);
}

/* NAT detection: two hashes checked, two sent (RFC 7296 §2.23). */
static void step_natd(void)
{
	uint8_t h[20];
	for (int i = 0; i < 4; i++)
		check(PK11_HashBuf(SEC_OID_SHA1, h, b.msg, 22) == SECSuccess, "SHA-1");
}

/* Which handshakes a step is part of. */
enum { FULL_PSK = 1, FULL_CERT = 2, RESUME = 4, FULL = FULL_PSK | FULL_CERT };

struct step {
	const char *name;
	void (*run)(void);
	unsigned used;
};

static const struct step steps[] = {
	{ "DH: responder key pair", step_dh_keypair, FULL },
	{ "DH: shared secret g^ir", step_dh_derive, FULL },
	{ "SKEYSEED(g^ir) + 7 keys", step_keys_full, FULL },
	{ "SKEYSEED(SK_d, Resumption) + 7 keys", step_keys_resume, RESUME },
	{ "ticket unseal + digest + replay cache", step_ticket_unseal, RESUME },
	{ "two SK ciphers (NSS key import)", step_ciphers, FULL | RESUME },
	{ "SK open request + seal response", step_sk, FULL | RESUME },
	{ "AUTH: PSK verify + sign", step_auth_psk, FULL_PSK },
	{ "CERT: decode + verify chain to the CA", step_cert_chain, FULL_CERT },
	{ "AUTH: ECDSA verify + sign", step_auth_sig, FULL_CERT },
	{ "AUTH: prf(SK_p) verify + sign", step_auth_resume, RESUME },
	{ "Child SA KEYMAT", step_child_keymat, FULL | RESUME },
	{ "ticket seal (new ticket)", step_ticket_seal, FULL | RESUME },
	{ "NAT detection hashes", step_natd, FULL | RESUME },
};

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool setup(uint16_t group, bool cert)
{
	struct crypto_error err = { 0 };
	b.ok = true;
	b.group = dh_by_id(group);
	b.algs = (struct ike_algs){ .encr = encr_by_id(IKEV2_ENCR_AES_GCM_16), .encr_key_bits = 256,
				    .prf = prf_by_id(IKEV2_PRF_HMAC_SHA2_256),
				    .integ = integ_by_id(IKEV2_INTEG_NONE), .dh = b.group };
	random_bytes(b.ni, sizeof(b.ni));
	random_bytes(b.nr, sizeof(b.nr));
	random_bytes(b.spi_i, 8);
	random_bytes(b.spi_r, 8);
	random_bytes(b.msg, sizeof(b.msg));
	random_bytes(b.plain, sizeof(b.plain));
	uint8_t seed[32] = { 7 };
	if (b.group == NULL || !dh_keypair_new(b.group, &b.peer, &err) || !dh_keypair_new(b.group, &b.ours, &err) ||
	    !ike_keys_derive(&b.algs, BYTES(seed, 32), BYTES(b.ni, 32), BYTES(b.nr, 32), BYTES(b.spi_i, 8),
			     BYTES(b.spi_r, 8), &b.keys, &err))
		return false;
	b.seal_i = sk_cipher_new(b.algs.encr, b.algs.integ, secret_bytes(b.keys.sk_ei), EMPTY_BYTES, &err);
	b.open_r = sk_cipher_new(b.algs.encr, b.algs.integ, secret_bytes(b.keys.sk_ei), EMPTY_BYTES, &err);
	b.seal_r = sk_cipher_new(b.algs.encr, b.algs.integ, secret_bytes(b.keys.sk_er), EMPTY_BYTES, &err);
	struct wire_out out = wire_out_buf(b.sealed, sizeof(b.sealed));
	if (b.seal_i == NULL || b.open_r == NULL || b.seal_r == NULL ||
	    !sk_seal(b.seal_i, BYTES(b.msg, 32), BYTES(b.plain, AUTH_PLAIN_LEN), 1, &out, &err))
		return false;
	b.sealed_len = out.len;
	bool changed;
	uint64_t now = (uint64_t)time(NULL);
	b.ring = ticket_keys_new(3600, 86400);
	b.replay = ticket_replay_new(1000000);
	if (b.ring == NULL || b.replay == NULL || ticket_keys_rotate(b.ring, now, &changed) != NULL)
		return false;
	b.st = (struct ticket_state){ .auth_method = 2, .sk_d = b.keys.sk_d, .expiry = now + 3600,
				      .sa = { .encr = IKEV2_ENCR_AES_GCM_16, .encr_key_bits = 256,
					      .prf = IKEV2_PRF_HMAC_SHA2_256, .dh = group } };
	b.st.idi = (struct ticket_id){ .type = 2, .len = 8 };
	memcpy(b.st.idi.body, "client-1", 8);
	b.st.idr = (struct ticket_id){ .type = 2, .len = 2 };
	memcpy(b.st.idr.body, "gw", 2);
	snprintf(b.st.name, sizeof(b.st.name), "bench");
	if (cert) {	/* the initiator's signature, for the verify step */
		struct chunk octets = sig_octets();
		bool signed_ok = lt_cert_sign(0, chunk_bytes(octets), 0, &b.sig);
		chunk_free(&octets);
		struct bytes der = lt_cert_der(0);
		SECItem item = { siBuffer, (unsigned char *)der.ptr, (unsigned)der.len };
		CERTCertificate *c = CERT_NewTempCertificate(CERT_GetDefaultCertDB(), &item, NULL, PR_FALSE, PR_TRUE);
		b.sig_pub = c != NULL ? CERT_ExtractPublicKey(c) : NULL;
		if (c != NULL)
			CERT_DestroyCertificate(c);
		if (!signed_ok || b.sig_pub == NULL)
			return false;
	}
	return ticket_seal(b.ring, &b.st, now, &b.ticket) == TICKET_OK;
}

static void teardown(void)
{
	dh_keypair_free(&b.peer);
	dh_keypair_free(&b.ours);
	ike_keys_free(&b.keys);
	sk_cipher_free(&b.seal_i);
	sk_cipher_free(&b.open_r);
	sk_cipher_free(&b.seal_r);
	chunk_free(&b.ticket);
	chunk_free(&b.sig);
	if (b.sig_pub != NULL)
		SECKEY_DestroyPublicKey(b.sig_pub);
	b.sig_pub = NULL;
	ticket_keys_free(&b.ring);
	ticket_replay_free(&b.replay);
}

int lt_crypto_bench(unsigned iterations, uint16_t group, bool cert)
{
	if (!setup(group, cert)) {
		fprintf(stderr, "loadtool: crypto bench setup failed (group %u)\n", group);
		teardown();
		return 1;
	}
	double full = 0, full_cert = 0, resume = 0;
	printf("crypto-only responder work, DH group %u (%s), AES-GCM-16-256, HMAC-SHA2-256, %u iterations\n",
	       group, b.group->name, iterations);
	printf("  %-40s %12s  %s\n", "step", "us/op", "used by");
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct step *s = &steps[i];
		if (s->used == FULL_CERT && !cert)
			continue;
		double t0 = cpu_now();
		for (unsigned n = 0; n < iterations; n++)
			s->run();
		double us = (cpu_now() - t0) / iterations * 1e6;
		full += s->used & FULL_PSK ? us : 0;
		full_cert += s->used & FULL_CERT ? us : 0;
		resume += s->used & RESUME ? us : 0;
		printf("  %-40s %12.2f  %s%s%s\n", s->name, us, s->used & FULL_PSK ? "full " : "",
		       cert && s->used & FULL_CERT ? "full-cert " : "", s->used & RESUME ? "resume" : "");
	}
	printf("  %-40s %12.2f\n", "total per full handshake (PSK)", full);
	if (cert)
		printf("  %-40s %12.2f\n", "total per full handshake (ECDSA cert)", full_cert);
	printf("  %-40s %12.2f\n", "total per resume", resume);
	printf("  full / resume ratio: %.1f\n", resume > 0 ? full / resume : 0);
	if (cert)
		printf("  full (cert) / resume ratio: %.1f\n", resume > 0 ? full_cert / resume : 0);
	printf("CRYPTO group=%u full_us=%.2f resume_us=%.2f ratio=%.2f", group, full, resume,
	       resume > 0 ? full / resume : 0);
	if (cert)
		printf(" full_cert_us=%.2f", full_cert);
	printf("\n");
	teardown();
	return b.ok ? 0 : 1;
}
