/* Certificate authentication in IKE_AUTH (see ikev2_cert.h). */
#include <strings.h>

#include <cert.h>
#include <certdb.h>
#include <keyhi.h>
#include <pk11pub.h>
#include <prerror.h>
#include <secerr.h>

#include "cert_cache.h"
#include "connections.h"
#include "ike_id_dn.h"
#include "ikev2_cert.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ikev2_payloads.h"
#include "ikev2_signature.h"
#include "log.h"
#include "state.h"

/* Chains longer than this are refused (end entity + intermediates). */
#define CERT_CHAIN_MAX 8

static const char *nss_error(void)
{
	const char *s = PR_ErrorToName(PR_GetError());
	return s != NULL ? s : "unknown NSS error";
}

static bool auth_is_sig(enum end_auth a)
{
	return a == END_AUTH_RSASIG || a == END_AUTH_ECDSA;
}

bool cert_we_sign(const struct connection *c)
{
	return c->local.cert != NULL;
}

bool cert_peer_may_sign(const struct connection *c)
{
	if (c->remote.auth != END_AUTH_UNSET)
		return auth_is_sig(c->remote.auth);
	if (c->authby == 0)
		return cert_we_sign(c);
	return (c->authby & (AUTHBY_RSASIG | AUTHBY_RSA_SHA2 | AUTHBY_ECDSA)) != 0;
}

bool cert_peer_may_use_psk(const struct connection *c)
{
	if (c->remote.auth != END_AUTH_UNSET)
		return c->remote.auth == END_AUTH_SECRET;
	if (c->authby == 0)
		return !cert_we_sign(c);
	return (c->authby & AUTHBY_SECRET) != 0;
}

/* May the peer sign with a key of this type?  authby=rsasig (or
 * rsa-sha2) without ecdsa means RSA only, and the other way round. */
static bool peer_key_allowed(const struct connection *c, KeyType type)
{
	bool rsa, ec;
	if (c->remote.auth != END_AUTH_UNSET) {
		rsa = c->remote.auth == END_AUTH_RSASIG;
		ec = c->remote.auth == END_AUTH_ECDSA;
	} else if (c->authby == 0) {
		rsa = ec = true;
	} else {
		rsa = (c->authby & (AUTHBY_RSASIG | AUTHBY_RSA_SHA2)) != 0;
		ec = (c->authby & AUTHBY_ECDSA) != 0;
	}
	return (type == rsaKey && rsa) || (type == ecKey && ec);
}

const char *cert_conn_setup(struct connection *c, const struct conn_end *local,
			    const struct conn_end *remote, unsigned authby)
{
	c->local.auth = local->auth;
	c->remote.auth = remote->auth;
	/* adding or replacing a conn is also how the operator says the CAs changed */
	cert_ca_hashes_flush();
	if (local->cert != NULL)
		c->local.cert = xstrdup(local->cert);
	if (remote->id.type == IKE_ID_FROMCERT) {
		/* whatever ID the peer's certificate proves */
		ike_id_free(&c->remote.id);
		c->remote.id = (struct ike_id){ .type = IKE_ID_ANY };
	}
	if (auth_is_sig(local->auth) && local->cert == NULL)
		return "leftauth=rsasig|ecdsa needs leftcert=";
	if (local->cert == NULL) {
		if ((authby & AUTHBY_SECRET) == 0 && authby != 0 && local->auth == END_AUTH_UNSET)
			return "authby=rsasig|ecdsa needs leftcert= (our certificate's nickname)";
		return NULL;
	}
	/* looked up now and kept for the handshakes (cert_cache.h) */
	const char *why = NULL;
	struct cert_local *l = cert_local_load(local->cert, &why);
	if (l == NULL)
		return why;
	if (ikev2_sig_choose(l->key, false, 0) == NULL) {
		cert_local_free(l);
		return "leftcert=: the certificate's key is neither RSA nor EC";
	}
	if (local->id.type == IKE_ID_FROMCERT || !ike_id_is_set(&local->id)) {
		ike_id_free(&c->local.id);
		c->local.id = (struct ike_id){ .type = IKE_ID_DER_ASN1_DN,
					      .body = chunk_clone(BYTES(l->cert->derSubject.data,
									l->cert->derSubject.len)) };
	}
	cert_local_set(c, l);
	return NULL;
}

void cert_emit_sig_hashes(struct msg_builder *mb, const struct connection *c)
{
	if (c != NULL && (cert_we_sign(c) || cert_peer_may_sign(c)))
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_SIGNATURE_HASH_ALGORITHMS,
			  ikev2_sig_hashes_ours());
}

void cert_note_sig_hashes(struct ike_sa *ike, const struct msg_digest *md)
{
	struct ikev2_notify n;
	if (md_notify(md, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, &n))
		ike->peer_sig_hashes = ikev2_sig_hashes_decode(n.data);
}

/* A CERT or CERTREQ payload: encoding octet, then data. */
static void emit_cert_payload(struct msg_builder *mb, uint8_t type, struct bytes data)
{
	struct chunk body = chunk_alloc(1 + data.len);
	body.ptr[0] = IKEV2_CERT_X509_SIGNATURE;
	memcpy(body.ptr + 1, data.ptr, data.len);
	mb_payload(mb, type, chunk_bytes(body));
	chunk_free(&body);
}

/*
 * Our certificate, then the intermediate CAs the database holds between
 * it and a root (RFC 7296 §3.6: the end-entity certificate first); the
 * root is left out, the peer must have it already.
 */
void cert_emit_cert(struct msg_builder *mb, const struct ike_sa *ike)
{
	const struct cert_local *l = cert_local_get(ike->conn);
	if (l == NULL)
		return;	/* signing fails too, and says so */
	emit_cert_payload(mb, IKEV2_PL_CERT, BYTES(l->cert->derCert.data, l->cert->derCert.len));
	const CERTCertificateList *chain = l->chain;
	for (int i = 1; chain != NULL && i < chain->len && i < CERT_CHAIN_MAX; i++)
		emit_cert_payload(mb, IKEV2_PL_CERT, BYTES(chain->certs[i].data, chain->certs[i].len));
}

/* RFC 7296 §3.7: SHA-1 of each trust anchor's SubjectPublicKeyInfo. */
void cert_emit_certreq(struct msg_builder *mb, const struct ike_sa *ike)
{
	const uint8_t *hashes;
	size_t n = cert_ca_hashes(&hashes);
	if (n == 0) {
		log_debug("\"%s\" #%u: no trusted CA in the NSS database: no CERTREQ", ike->conn->name,
			 ike->serialno);
		return;
	}
	emit_cert_payload(mb, IKEV2_PL_CERTREQ, BYTES(hashes, n * IKEV2_SHA1_SIZE));
}

bool cert_sign_auth(const struct ike_sa *ike, struct bytes octets, struct chunk *auth)
{
	struct connection *c = ike->conn;
	const struct cert_local *l = cert_local_get(c);
	SECKEYPrivateKey *key = l != NULL ? l->key : NULL;
	const struct ikev2_sig_desc *sig = key != NULL ? ikev2_sig_choose(key, false, ike->peer_sig_hashes) : NULL;
	struct crypto_error err = { .reason = "no private key for our certificate" };
	bool ok = sig != NULL && ikev2_sig_sign(sig, key, octets, auth, &err);
	if (!ok)
		log_error("\"%s\" #%u: cannot sign AUTH: %s", c->name, ike->serialno, err.reason);
	else
		log_debug("\"%s\" #%u: AUTH signed with %s", c->name, ike->serialno, sig->name);
	return ok;
}

/* ---- the peer's certificate ---- */

struct peer_chain {
	unsigned n;
	CERTCertificate *certs[CERT_CHAIN_MAX];	/* [0]: the end entity */
};

static void chain_free(struct peer_chain *ch)
{
	for (unsigned i = 0; i < ch->n; i++)
		CERT_DestroyCertificate(ch->certs[i]);
	ch->n = 0;
}

/* The CERT payloads as temporary NSS certificates; NULL or a reason. */
static const char *chain_import(const struct msg_digest *md, struct peer_chain *ch)
{
	const struct ikev2_digest *d = md_payloads(md);
	for (unsigned i = 0; i < d->count; i++) {
		if (d->payloads[i].type != IKEV2_PL_CERT)
			continue;
		struct ikev2_cert pl;
		struct ikev2_error err = { 0 };
		if (!ikev2_cert_decode(d->payloads[i].body, &pl, &err))
			return "malformed CERT payload";
		if (pl.encoding != IKEV2_CERT_X509_SIGNATURE)
			return "CERT payload of an encoding other than X.509 Certificate - Signature";
		if (ch->n == CERT_CHAIN_MAX)
			return "too many CERT payloads";
		SECItem der = { siBuffer, (unsigned char *)pl.data.ptr, (unsigned)pl.data.len };
		CERTCertificate *cert = CERT_NewTempCertificate(CERT_GetDefaultCertDB(), &der, NULL, PR_FALSE,
								PR_TRUE);
		if (cert == NULL)
			return "CERT payload is not a certificate NSS can decode";
		ch->certs[ch->n++] = cert;
	}
	return ch->n == 0 ? "no CERT payload (certificates are not looked up locally)" : NULL;
}

/* Valid now, for IKE, up to a CA the database trusts. */
static bool chain_verify(CERTCertificate *leaf)
{
	static const SECCertificateUsage usages[] = {
		certificateUsageIPsec, certificateUsageSSLClient, certificateUsageSSLServer,
	};
	for (size_t i = 0; i < sizeof(usages) / sizeof(usages[0]); i++) {
		if (CERT_VerifyCertificateNow(CERT_GetDefaultCertDB(), leaf, PR_TRUE, usages[i], NULL, NULL) ==
		    SECSuccess)
			return true;
	}
	return false;
}

static bool name_eq(struct bytes a, struct bytes b)
{
	return a.len == b.len && strncasecmp((const char *)a.ptr, (const char *)b.ptr, a.len) == 0;
}

/* Does one subjectAltName of the certificate name this ID? */
static bool san_matches(CERTCertificate *cert, const struct ike_id *id)
{
	CERTGeneralNameType want;
	switch (id->type) {
	case IKE_ID_FQDN: want = certDNSName; break;
	case IKE_ID_RFC822_ADDR: want = certRFC822Name; break;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR: want = certIPAddress; break;
	default: return false;
	}
	SECItem ext = { siBuffer, NULL, 0 };
	if (CERT_FindCertExtension(cert, SEC_OID_X509_SUBJECT_ALT_NAME, &ext) != SECSuccess)
		return false;
	PLArenaPool *arena = PORT_NewArena(1024);
	CERTGeneralName *names = arena != NULL ? CERT_DecodeAltNameExtension(arena, &ext) : NULL;
	bool found = false;
	CERTGeneralName *gn = names;
	do {
		if (gn == NULL)
			break;
		struct bytes v = BYTES(gn->name.other.data, gn->name.other.len);
		if (gn->type == want)
			found = want == certIPAddress ? bytes_eq(v, chunk_bytes(id->body))
						      : name_eq(v, chunk_bytes(id->body));
		gn = CERT_GetNextGeneralName(gn);
	} while (!found && gn != names);
	if (arena != NULL)
		PORT_FreeArena(arena, PR_FALSE);
	SECITEM_FreeItem(&ext, PR_FALSE);
	return found;
}

/* The peer's ID (its ID payload body) against the certificate. */
static bool id_matches_cert(const struct ike_sa *ike, CERTCertificate *cert, char *id_str, size_t len)
{
	struct ikev2_id wire;
	struct ikev2_error err = { 0 };
	struct ike_id id = { 0 };
	bool ok = ikev2_id_decode(chunk_bytes(ike->id_remote), &wire, &err) &&
		  ike_id_from_wire(wire.type, wire.data, &id) == NULL;
	ike_id_str(&id, id_str, len);
	if (ok && id.type == IKE_ID_DER_ASN1_DN)
		ok = ike_id_dn_eq(chunk_bytes(id.body), BYTES(cert->derSubject.data, cert->derSubject.len));
	else if (ok)
		ok = san_matches(cert, &id);
	ike_id_free(&id);
	return ok;
}

static void cert_dn(CERTCertificate *cert, bool issuer, char *buf, size_t len)
{
	SECItem *der = issuer ? &cert->derIssuer : &cert->derSubject;
	if (!ike_id_dn_str(BYTES(der->data, der->len), buf, len))
		snprintf(buf, len, "(undecodable name)");
}

bool cert_verify_peer(struct ike_sa *ike, const struct msg_digest *md, struct bytes auth_data,
		      struct bytes octets)
{
	struct connection *c = ike->conn;
	struct peer_chain ch = { 0 };
	char subject[IKE_ID_STR_LEN], issuer[IKE_ID_STR_LEN], id[IKE_ID_STR_LEN];
	const char *why = chain_import(md, &ch);
	const struct ikev2_sig_desc *used = NULL;
	if (why == NULL) {
		cert_dn(ch.certs[0], false, subject, sizeof(subject));
		cert_dn(ch.certs[0], true, issuer, sizeof(issuer));
		if (!chain_verify(ch.certs[0])) {
			conn_log(c, "#%u: certificate \"%s\" from \"%s\" refused: %s", ike->serialno, subject,
				 issuer, nss_error());
			why = "";
		} else if (!id_matches_cert(ike, ch.certs[0], id, sizeof(id))) {
			conn_log(c, "#%u: peer ID %s is neither the subject nor a subjectAltName of its "
				 "certificate \"%s\"", ike->serialno, id, subject);
			why = "";
		}
	}
	if (why == NULL) {
		SECKEYPublicKey *pub = CERT_ExtractPublicKey(ch.certs[0]);
		struct crypto_error err = { .reason = "cannot extract the certificate's public key" };
		if (pub != NULL && !peer_key_allowed(c, SECKEY_GetPublicKeyType(pub)))
			why = SECKEY_GetPublicKeyType(pub) == rsaKey ? "an RSA key where authby= asks for ECDSA"
								     : "a key authby= does not allow (RSA or ECDSA)";
		else if (pub == NULL || !ikev2_sig_verify(pub, auth_data, octets, &used, &err))
			why = err.reason;
		SECKEY_DestroyPublicKey(pub);
	}
	if (why == NULL)
		conn_log(c, "#%u: authenticated peer \"%s\" (certificate issued by \"%s\", %s)", ike->serialno,
			 subject, issuer, used->name);
	else if (why[0] != '\0')
		conn_log(c, "#%u: peer's signature AUTH refused: %s", ike->serialno, why);
	chain_free(&ch);
	return why == NULL;
}
