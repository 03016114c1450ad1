/*
 * The responder keeps its certificate, key and chain, and the CERTREQ
 * hashes of the trusted CAs, between handshakes (cert_cache.h), and
 * reads them again when told the NSS database changed: ipsec
 * rereadsecrets or SIGHUP (pluto_reread_secrets), or the conn replaced
 * (ipsec auto --replace).  An NSS database is made with certutil from
 * the test PKI (testing/pluto/certs), opened read-only as pluto opens
 * it, and changed behind the daemon's back by certutil as an operator
 * would: until the reload the old certificate and CAs are used, after
 * it the new ones.
 */
#include <cert.h>
#include <nss.h>
#include <pk11pub.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2_numbers.h"
#include "connections.h"
#include "pluto_config.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "pluto_startup.h"
#include "unit.h"

#define CERTS "testing/pluto/certs/ecdsa"

static char db[64];

/* A shell command (certutil, pk12util) on the test database. */
static bool sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	char quiet[1100];
	snprintf(quiet, sizeof(quiet), "(%s) >/dev/null 2>&1", cmd);
	if (system(quiet) == 0)
		return true;
	printf("     failed: %s\n", cmd);
	return false;
}

/* west and east (P-256, from the test CA), the CA trusted; NSS
 * re-initialised on it, read-only. */
static bool db_open(void)
{
	snprintf(db, sizeof(db), "/tmp/pluto-cert-reload.XXXXXX");
	if (mkdtemp(db) == NULL)
		return false;
	if (!sh("certutil -N -d sql:%s --empty-password", db) ||
	    !sh("pk12util -i " CERTS "/west.p12 -d sql:%s -W test", db) ||
	    !sh("pk12util -i " CERTS "/east.p12 -d sql:%s -W test", db) ||
	    !sh("certutil -M -d sql:%s -n ca -t CT,,", db))
		return false;
	char config[128];
	snprintf(config, sizeof(config), "sql:%s", db);
	/* no copy of the database in a cache table: see every change */
	setenv("NSS_SDB_USE_CACHE", "no", 1);
	unit_nss_init();
	return NSS_Shutdown() == SECSuccess &&
	       NSS_Initialize(config, "", "", SECMOD_DB, NSS_INIT_READONLY) == SECSuccess;
}

/* Back to the database-less NSS of the other tests; false on a leak. */
static bool db_close(void)
{
	bool ok = NSS_Shutdown() == SECSuccess && NSS_NoDB_Init(NULL) == SECSuccess;
	sh("rm -rf %s", db);
	return ok;
}

/* The first payload of this type in d, its body after the encoding octet. */
static struct bytes cert_payload(const struct ikev2_digest *d, uint8_t type)
{
	for (unsigned i = 0; i < d->count; i++)
		if (d->payloads[i].type == type && d->payloads[i].body.len > 0)
			return BYTES(d->payloads[i].body.ptr + 1, d->payloads[i].body.len - 1);
	return EMPTY_BYTES;
}

/*
 * A new peer's IKE_SA_INIT: the response's CERTREQ (the CA key hashes);
 * or, with auth, then its PSK IKE_AUTH: the response's CERT (ours).
 */
static struct chunk handshake_payload(bool auth)
{
	struct peer peer;
	struct chunk out = { 0 };
	if (!peer_init(&peer))
		return out;
	harness_clear_sent();
	harness_receive(peer_sa_init(&peer));
	struct ikev2_header hdr;
	static struct ikev2_digest d;
	struct chunk plain = { 0 };
	if (harness_sent_count() != 1) {
		/* no answer */
	} else if (!auth) {
		if (peer_decode(harness_last_sent(), &hdr, &d))
			out = chunk_clone(cert_payload(&d, IKEV2_PL_CERTREQ));
	} else if (peer_sa_init_response(&peer, harness_last_sent())) {
		harness_clear_sent();
		harness_receive(peer_auth(&peer, 0));
		if (harness_sent_count() == 1 && peer_open(&peer, harness_last_sent(), &d, &plain))
			out = chunk_clone(cert_payload(&d, IKEV2_PL_CERT));
	}
	chunk_free(&plain);
	peer_free(&peer);
	harness_drop_all();
	return out;
}

static struct chunk certreq_now(void) { return handshake_payload(false); }
static struct chunk cert_now(void) { return handshake_payload(true); }

/* The DER of the database's certificate of this nickname. */
static struct chunk db_cert(const char *nickname)
{
	CERTCertificate *cert = PK11_FindCertFromNickname(nickname, NULL);
	struct chunk der = { 0 };
	if (cert != NULL)
		der = chunk_clone(BYTES(cert->derCert.data, cert->derCert.len));
	CERT_DestroyCertificate(cert);
	return der;
}

/* ipsec rereadsecrets, or SIGHUP */
static bool reread(void)
{
	return pluto_reread_secrets();
}

/* ipsec auto --replace: the conn deleted (no SA is left) and added */
static bool replace(void)
{
	const char *why = NULL;
	conn_delete(conn_by_name("harness"));
	return pluto_config_add_conn("harness", &why);
}

/* leftcert=west; then "west" becomes east's certificate (and key). */
static void own_cert_after(bool (*reload)(void))
{
	if (!db_open()) {
		CHECK(!"cannot make the NSS database");
		return;
	}
	struct chunk west = db_cert("west"), east = db_cert("east");
	CHECK(west.len > 0 && east.len > 0 && !bytes_eq(chunk_bytes(west), chunk_bytes(east)));
	if (harness_start(&(struct harness_options){ .extra_conn = "\tleftcert=west" })) {
		struct chunk before = cert_now();
		CHECK_EQ_BYTES(chunk_bytes(before), chunk_bytes(west));
		CHECK(sh("certutil -D -d sql:%s -n west", db) &&
		      sh("certutil --rename -d sql:%s -n east --new-n west", db));
		struct chunk kept = cert_now();
		CHECK_EQ_BYTES(chunk_bytes(kept), chunk_bytes(west));
		CHECK(reload());
		struct chunk after = cert_now();
		CHECK_EQ_BYTES(chunk_bytes(after), chunk_bytes(east));
		if (after.len == 0)
			harness_log_dump();
		chunk_free(&before);
		chunk_free(&kept);
		chunk_free(&after);
		harness_stop();
	} else {
		CHECK(!"harness did not start with leftcert=west");
	}
	chunk_free(&west);
	chunk_free(&east);
	CHECK(db_close());
}

static void test_reload_own_cert(void)
{
	own_cert_after(reread);
}

static void test_replace_own_cert(void)
{
	own_cert_after(replace);
}

/* rightauth=ecdsa: CERTREQ names the test CA; then the rogue CA is
 * trusted too. */
static void cas_after(bool (*reload)(void))
{
	if (!db_open()) {
		CHECK(!"cannot make the NSS database");
		return;
	}
	if (harness_start(&(struct harness_options){ .extra_conn = "\trightauth=ecdsa" })) {
		struct chunk before = certreq_now();
		CHECK(before.len == 20);
		CHECK(sh("certutil -A -d sql:%s -n rogue -t CT,, -i " CERTS "/rogue-ca.pem", db));
		struct chunk kept = certreq_now();
		CHECK_EQ_BYTES(chunk_bytes(kept), chunk_bytes(before));
		CHECK(reload());
		struct chunk after = certreq_now();
		CHECK(after.len == 40);
		/* the test CA's hash is still one of the two */
		CHECK(after.len == 40 && before.len == 20 &&
		      (memcmp(after.ptr, before.ptr, 20) == 0 || memcmp(after.ptr + 20, before.ptr, 20) == 0));
		chunk_free(&before);
		chunk_free(&kept);
		chunk_free(&after);
		harness_stop();
	} else {
		CHECK(!"harness did not start with rightauth=ecdsa");
	}
	CHECK(db_close());
}

static void test_reload_cas(void)
{
	cas_after(reread);
}

static void test_replace_cas(void)
{
	cas_after(replace);
}

UNIT_MAIN(UNIT(test_reload_own_cert), UNIT(test_replace_own_cert), UNIT(test_reload_cas),
	  UNIT(test_replace_cas))
