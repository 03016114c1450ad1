/*
 * Certificate authentication of the load tool's clients (loadtool.h):
 * every client signs its AUTH with the private key of its certificate
 * (RFC 7427 AUTH method 14, libikev2's ikev2_signature.c), sends that
 * certificate in a CERT payload and uses its subject DN as ID_DER_ASN1_DN.
 * The certificate is --cert NICK for all clients, or with
 * --cert-per-client NICK-<i> for client i: distinct IDs, so that the
 * responder holds one IKE SA per client instead of replacing the SA of
 * the same ID.
 *
 * The responder's signature is checked against the public key of the
 * certificate in its CERT payload; that certificate's chain is not
 * validated (the load tool measures the gateway, it does not protect
 * anything).  The key of the last certificate seen is kept, so that
 * thousands of clients talking to one gateway decode it once.
 */
#include <cert.h>
#include <keyhi.h>
#include <pk11pub.h>
#include <stdio.h>
#include <stdlib.h>

#include "ikev2_digest.h"
#include "ikev2_numbers.h"
#include "ikev2_payloads.h"
#include "ikev2_signature.h"
#include "loadtool.h"

struct lt_cert {
	CERTCertificate *cert;
	SECKEYPrivateKey *key;
};

static struct {
	struct lt_cert *certs;		/* ours: one, or one per client */
	unsigned n;
	struct chunk peer_der;		/* the responder's certificate last seen */
	SECKEYPublicKey *peer_key;	/* ... and its public key */
} lc;

static bool load(struct lt_cert *c, const char *nick)
{
	c->cert = PK11_FindCertFromNickname(nick, NULL);
	if (c->cert == NULL) {
		fprintf(stderr, "loadtool: no certificate \"%s\" in the NSS database\n", nick);
		return false;
	}
	c->key = PK11_FindKeyByAnyCert(c->cert, NULL);
	if (c->key == NULL || SECKEY_GetPrivateKeyType(c->key) != ecKey) {
		fprintf(stderr, "loadtool: certificate \"%s\": no EC private key in the NSS database\n", nick);
		return false;
	}
	return true;
}

bool lt_cert_setup(const char *nick, unsigned clients, bool per_client)
{
	char name[256];
	lc.n = per_client ? clients : 1;
	lc.certs = xzalloc(sizeof(*lc.certs) * (lc.n > 0 ? lc.n : 1));
	for (unsigned i = 0; i < lc.n; i++) {
		if (per_client)
			snprintf(name, sizeof(name), "%s-%u", nick, i);
		if (!load(&lc.certs[i], per_client ? name : nick))
			return false;
	}
	return true;
}

void lt_cert_shutdown(void)
{
	for (unsigned i = 0; lc.certs != NULL && i < lc.n; i++) {
		if (lc.certs[i].key != NULL)
			SECKEY_DestroyPrivateKey(lc.certs[i].key);
		if (lc.certs[i].cert != NULL)
			CERT_DestroyCertificate(lc.certs[i].cert);
	}
	free(lc.certs);
	lc.certs = NULL;
	lc.n = 0;
	if (lc.peer_key != NULL)
		SECKEY_DestroyPublicKey(lc.peer_key);
	chunk_free(&lc.peer_der);
	lc.peer_key = NULL;
}

bool lt_cert_enabled(void)
{
	return lc.n > 0;
}

static const struct lt_cert *of(unsigned client)
{
	return &lc.certs[client < lc.n ? client : 0];
}

struct bytes lt_cert_subject(unsigned client)
{
	const CERTCertificate *c = of(client)->cert;
	return BYTES(c->derSubject.data, c->derSubject.len);
}

struct bytes lt_cert_der(unsigned client)
{
	const CERTCertificate *c = of(client)->cert;
	return BYTES(c->derCert.data, c->derCert.len);
}

bool lt_cert_sign(unsigned client, struct bytes octets, unsigned peer_hashes, struct chunk *auth)
{
	struct crypto_error err = { 0 };
	SECKEYPrivateKey *key = of(client)->key;
	return ikev2_sig_sign(ikev2_sig_choose(key, false, peer_hashes), key, octets, auth, &err);
}

/* The public key of the certificate in the first CERT payload. */
static SECKEYPublicKey *peer_key(const struct ikev2_digest *inner)
{
	const struct ikev2_payload *p = ikev2_digest_first(inner, IKEV2_PL_CERT);
	struct ikev2_cert pl;
	struct ikev2_error err = { 0 };
	if (p == NULL || !ikev2_cert_decode(p->body, &pl, &err) || pl.encoding != IKEV2_CERT_X509_SIGNATURE)
		return NULL;
	if (lc.peer_key != NULL && bytes_eq(pl.data, chunk_bytes(lc.peer_der)))
		return lc.peer_key;
	SECItem der = { siBuffer, (unsigned char *)pl.data.ptr, (unsigned)pl.data.len };
	CERTCertificate *cert = CERT_NewTempCertificate(CERT_GetDefaultCertDB(), &der, NULL, PR_FALSE, PR_TRUE);
	SECKEYPublicKey *key = cert != NULL ? CERT_ExtractPublicKey(cert) : NULL;
	if (cert != NULL)
		CERT_DestroyCertificate(cert);
	if (key == NULL)
		return NULL;
	if (lc.peer_key != NULL)
		SECKEY_DestroyPublicKey(lc.peer_key);
	chunk_free(&lc.peer_der);
	lc.peer_key = key;
	lc.peer_der = chunk_clone(pl.data);
	return key;
}

bool lt_cert_verify_peer(const struct ikev2_digest *inner, struct bytes auth_data, struct bytes octets)
{
	struct crypto_error err = { 0 };
	SECKEYPublicKey *key = peer_key(inner);
	return key != NULL && ikev2_sig_verify(key, auth_data, octets, NULL, &err);
}
