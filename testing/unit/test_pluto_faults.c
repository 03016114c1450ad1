/*
 * NSS failure injection (bad-inputs.md item 15) through the daemon's
 * packet path: the fallible NSS functions the crypto code calls are
 * wrapped at link time (-Wl,--wrap, see mk/tests.mk), and run N of the
 * exchange makes the daemon's N-th NSS call fail (the peer's own calls,
 * made outside harness_receive, are never failed).  N runs from 1 until
 * an exchange makes fewer than N calls, so every NSS-calling step of
 * IKE_SA_INIT, IKE_AUTH, INFORMATIONAL, IKE_SESSION_RESUME and the
 * resumed IKE_AUTH fails once in turn.
 *
 * Each time: no crash or abort (ASan/UBSan in the asan build), a log line
 * from the daemon, no half-made SA (either the exchange completed or no
 * IKE SA is established and none waits in a state it cannot leave), and
 * at the end NSS shuts down with no object leaked (unit.c checks).
 */
#include <stdio.h>
#include <stdlib.h>

#include <pk11pub.h>
#include <secerr.h>

#include "ikev2_numbers.h"
#include "pluto_craft.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

static unsigned long calls, fail_at;
static const char *failed_name;

/* Count the daemon's NSS calls; true for the one that must fail. */
static bool inject(const char *name)
{
	if (!harness_in_daemon)
		return false;
	if (++calls != fail_at)
		return false;
	failed_name = name;
	PORT_SetError(SEC_ERROR_LIBRARY_FAILURE);
	return true;
}

#define WRAP_STATUS(name, params, args) \
	SECStatus __real_##name params; \
	SECStatus __wrap_##name params; \
	SECStatus __wrap_##name params { return inject(#name) ? SECFailure : __real_##name args; }
#define WRAP_POINTER(type, name, params, args) \
	type *__real_##name params; \
	type *__wrap_##name params; \
	type *__wrap_##name params { return inject(#name) ? NULL : __real_##name args; }

WRAP_STATUS(PK11_GenerateRandom, (unsigned char *d, int l), (d, l))
WRAP_STATUS(PK11_Encrypt, (PK11SymKey *k, CK_MECHANISM_TYPE m, SECItem *p, unsigned char *o,
			   unsigned int *ol, unsigned int max, const unsigned char *d, unsigned int dl),
	    (k, m, p, o, ol, max, d, dl))
WRAP_STATUS(PK11_Decrypt, (PK11SymKey *k, CK_MECHANISM_TYPE m, SECItem *p, unsigned char *o,
			   unsigned int *ol, unsigned int max, const unsigned char *d, unsigned int dl),
	    (k, m, p, o, ol, max, d, dl))
WRAP_STATUS(PK11_HashBuf, (SECOidTag a, unsigned char *o, const unsigned char *i, PRInt32 l), (a, o, i, l))
WRAP_STATUS(PK11_ExtractKeyValue, (PK11SymKey *k), (k))
WRAP_STATUS(PK11_DigestBegin, (PK11Context *c), (c))
WRAP_STATUS(PK11_DigestOp, (PK11Context *c, const unsigned char *i, unsigned l), (c, i, l))
WRAP_STATUS(PK11_DigestFinal, (PK11Context *c, unsigned char *d, unsigned int *ol, unsigned int l),
	    (c, d, ol, l))
WRAP_STATUS(PK11_ImportDERPrivateKeyInfoAndReturnKey,
	    (PK11SlotInfo *s, SECItem *der, SECItem *nick, SECItem *pub, PRBool perm, PRBool priv,
	     unsigned int usage, SECKEYPrivateKey **pk, void *w),
	    (s, der, nick, pub, perm, priv, usage, pk, w))
WRAP_POINTER(PK11SymKey, PK11_ImportSymKeyWithFlags,
	     (PK11SlotInfo *s, CK_MECHANISM_TYPE t, PK11Origin o, CK_ATTRIBUTE_TYPE op, SECItem *k,
	      CK_FLAGS f, PRBool perm, void *w),
	     (s, t, o, op, k, f, perm, w))
WRAP_POINTER(PK11SymKey, PK11_ImportSymKey,
	     (PK11SlotInfo *s, CK_MECHANISM_TYPE t, PK11Origin o, CK_ATTRIBUTE_TYPE op, SECItem *k, void *w),
	     (s, t, o, op, k, w))
WRAP_POINTER(PK11SymKey, PK11_PubDeriveWithKDF,
	     (SECKEYPrivateKey *pk, SECKEYPublicKey *pub, PRBool snd, SECItem *ra, SECItem *rb,
	      CK_MECHANISM_TYPE d, CK_MECHANISM_TYPE t, CK_ATTRIBUTE_TYPE op, int ks, CK_ULONG kdf,
	      SECItem *sd, void *w),
	     (pk, pub, snd, ra, rb, d, t, op, ks, kdf, sd, w))
WRAP_POINTER(SECKEYPrivateKey, PK11_GenerateKeyPairWithOpFlags,
	     (PK11SlotInfo *s, CK_MECHANISM_TYPE t, void *p, SECKEYPublicKey **pub, PK11AttrFlags af,
	      CK_FLAGS of, CK_FLAGS ofm, void *w),
	     (s, t, p, pub, af, of, ofm, w))
WRAP_POINTER(PK11Context, PK11_CreateContextBySymKey,
	     (CK_MECHANISM_TYPE t, CK_ATTRIBUTE_TYPE op, PK11SymKey *k, const SECItem *p), (t, op, k, p))

static struct peer peer;

/* One step: the daemon answers or not; false when the exchange cannot go on. */
static bool step(struct bytes request, bool (*accept)(struct peer *, struct bytes))
{
	harness_clear_sent();
	harness_receive(request);
	return harness_sent_count() == 1 && accept(&peer, harness_last_sent());
}

static bool informational_ok(struct peer *p, struct bytes msg)
{
	struct ikev2_digest d;
	struct chunk plain = { 0 };
	bool ok = peer_open(p, msg, &d, &plain) && peer_first_error(&d) == 0;
	chunk_free(&plain);
	p->next_msgid++;
	return ok;
}

/* The whole script; how far it got (0..5). */
static unsigned script(void)
{
	if (!step(peer_sa_init(&peer), peer_sa_init_response))
		return 0;
	if (!step(peer_auth(&peer, 0), peer_auth_response))
		return 1;
	if (!step(craft_sealed(&peer, &(struct sealed_spec){ .exchange = IKEV2_EXCH_INFORMATIONAL }),
		  informational_ok))
		return 2;
	struct ike_algs algs = peer.algs;
	if (!peer_restart(&peer))
		return 3;
	peer.algs = algs;
	if (!step(peer_resume(&peer, NULL), peer_resume_response))
		return 3;
	if (!step(peer_auth(&peer, 0), peer_auth_response))
		return 4;
	return 5;
}

/* No SA the failure left half-made: an established SA only when the
 * peer got its answer, nothing else but half-open SAs that time out. */
static bool table_consistent(unsigned reached)
{
	unsigned established = 0;
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next) {
		if (ike->state == IKE_ESTABLISHED) {
			established++;
			if (ike->sk_in == NULL || ike->sk_out == NULL)
				return false;
		} else if (ike->state != IKE_SA_INIT_R && ike->state != IKE_RESUME_R) {
			return false;
		}
	}
	/* a failed resumed IKE_AUTH has already replaced the old SA (the
	 * client resumes because it lost it): none established is consistent */
	return established <= 1;
}

static void test_each_nss_call_fails_once(void)
{
	unit_nss_init();
	unsigned long total = 0, silent = 0;
	for (fail_at = 1;; fail_at++) {
		calls = 0;
		if (!harness_start(NULL) || !peer_init(&peer)) {
			CHECK(!"harness start");
			return;
		}
		harness_log_mark();
		unsigned reached = script();
		bool injected = calls >= fail_at;
		if (injected) {
			CHECK(reached < 5 || calls > fail_at);	/* a failure must not go unnoticed... */
			bool consistent = table_consistent(reached) && harness_kernel_consistent();
			bool logged = harness_log_contains("ERROR") || harness_log_contains("WARNING") ||
				      harness_log_contains("failed") || harness_log_contains("failure") ||
				      harness_log_contains("NSS");
			CHECK(consistent);
			silent += !logged;
			if (!consistent || !logged || getenv("FAULTS_VERBOSE") != NULL) {
				printf("     NSS call %lu (%s) failed: exchange reached step %u, %s\n", fail_at,
				       failed_name, reached, consistent ? "no log line" : "inconsistent SA table");
				harness_log_dump();
			}
		}
		total = calls;
		peer_free(&peer);
		harness_stop();
		if (!injected)
			break;
	}
	CHECK(fail_at > 10);	/* the script really made the daemon call NSS */
	CHECK(silent == 0);
	printf("     %lu NSS calls in the exchange, each failed once\n", total);
}

UNIT_MAIN(UNIT(test_each_nss_call_fails_once))
