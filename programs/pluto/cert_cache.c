/* Certificates and CA hashes kept between handshakes (cert_cache.h). */
#include <stdbool.h>
#include <string.h>

#include "cert_cache.h"

#include <certdb.h>
#include <pk11pub.h>

#include "connections.h"
#include "ikev2_payloads.h"
#include "log.h"
#include "chunk.h"

/* CERTREQ names at most this many CAs. */
#define CERTREQ_CA_MAX 32

struct cert_local *cert_local_load(const char *nickname, const char **why)
{
	CERTCertificate *cert = PK11_FindCertFromNickname(nickname, NULL);
	if (cert == NULL) {
		*why = "leftcert=: no certificate of that nickname in the NSS database";
		return NULL;
	}
	SECKEYPrivateKey *key = PK11_FindKeyByAnyCert(cert, NULL);
	if (key == NULL) {
		*why = "leftcert=: the NSS database holds no private key for that certificate";
		CERT_DestroyCertificate(cert);
		return NULL;
	}
	struct cert_local *l = xzalloc(sizeof(*l));
	l->cert = cert;
	l->key = key;
	l->chain = CERT_CertChainFromCert(cert, certUsageSSLClient, PR_FALSE);
	return l;
}

void cert_local_free(struct cert_local *l)
{
	if (l == NULL)
		return;
	if (l->chain != NULL)
		CERT_DestroyCertificateList(l->chain);
	SECKEY_DestroyPrivateKey(l->key);
	CERT_DestroyCertificate(l->cert);
	free(l);
}

void cert_local_set(struct connection *c, struct cert_local *l)
{
	cert_local_free(c->cert_local);
	c->cert_local = l;
}

const struct cert_local *cert_local_get(struct connection *c)
{
	if (c->cert_local != NULL || c->local.cert == NULL)
		return c->cert_local;
	const char *why = NULL;
	c->cert_local = cert_local_load(c->local.cert, &why);
	if (c->cert_local == NULL)
		log_error("\"%s\": %s (nickname \"%s\")", c->name, why, c->local.cert);
	return c->cert_local;
}

/* ---- CERTREQ ---- */

static struct {
	bool valid;
	size_t n;
	uint8_t hashes[CERTREQ_CA_MAX * IKEV2_SHA1_SIZE];
} ca;

static bool trusted_ca(CERTCertificate *cert)
{
	CERTCertTrust trust;
	return CERT_GetCertTrust(cert, &trust) == SECSuccess &&
	       (trust.sslFlags & (CERTDB_TRUSTED_CA | CERTDB_TRUSTED_CLIENT_CA)) != 0;
}

static bool hash_key(CERTCertificate *cert, uint8_t *out)
{
	SECKEYPublicKey *pub = CERT_ExtractPublicKey(cert);
	SECItem *spki = pub != NULL ? SECKEY_EncodeDERSubjectPublicKeyInfo(pub) : NULL;
	bool ok = spki != NULL && PK11_HashBuf(SEC_OID_SHA1, out, spki->data, (PRInt32)spki->len) == SECSuccess;
	SECITEM_FreeItem(spki, PR_TRUE);
	SECKEY_DestroyPublicKey(pub);
	return ok;
}

static size_t ca_key_hashes(uint8_t *out, size_t max)
{
	CERTCertList *list = PK11_ListCerts(PK11CertListCA, NULL);
	size_t n = 0;
	if (list == NULL)
		return 0;
	for (CERTCertListNode *node = CERT_LIST_HEAD(list); !CERT_LIST_END(node, list) && n < max;
	     node = CERT_LIST_NEXT(node)) {
		if (trusted_ca(node->cert) && hash_key(node->cert, out + n * IKEV2_SHA1_SIZE))
			n++;
	}
	CERT_DestroyCertList(list);
	return n;
}

size_t cert_ca_hashes(const uint8_t **hashes)
{
	if (!ca.valid) {
		ca.n = ca_key_hashes(ca.hashes, CERTREQ_CA_MAX);
		ca.valid = true;
		log_debug("CERTREQ: %zu trusted CA(s) in the NSS database", ca.n);
	}
	*hashes = ca.hashes;
	return ca.n;
}

void cert_ca_hashes_flush(void)
{
	ca.valid = false;
}

void cert_cache_flush(void)
{
	cert_ca_hashes_flush();
	for (struct connection *c = conn_first(); c != NULL; c = c->next)
		cert_local_set(c, NULL);
	log_info("certificates and trusted CAs will be read again from the NSS database");
}
