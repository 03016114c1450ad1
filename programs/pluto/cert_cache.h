/*
 * What certificate handshakes take from the NSS database and that does
 * not change unless the operator changes the database: a connection's
 * own certificate (leftcert=), its private key and the chain sent with
 * it, and the SHA-1 hashes of the trusted CAs' keys that CERTREQ names.
 * Each look-up is a query of the database (SQLite, file locks), several
 * per handshake if repeated: they are made on first use (our certificate
 * already when the conn is added) and kept.
 *
 * The operator says the database changed with `ipsec rereadsecrets` or
 * SIGHUP (cert_cache_flush: everything is looked up again), or by
 * adding or replacing a conn (`ipsec auto --add|--replace`: the new conn
 * looks its certificate up, and the CA hashes are recomputed).
 */
#ifndef CERT_CACHE_H
#define CERT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <cert.h>
#include <keyhi.h>

struct connection;

struct cert_local {
	CERTCertificate *cert;
	SECKEYPrivateKey *key;
	/* our certificate first, then the intermediates up to a root (the
	 * root left out); NULL when NSS finds none: the certificate alone */
	CERTCertificateList *chain;
};

/* Look up certificate nickname and its private key (not kept on any
 * conn): NULL with *why set (static text, "leftcert=: ...") when one
 * is missing. */
struct cert_local *cert_local_load(const char *nickname, const char **why);
void cert_local_free(struct cert_local *l);

/* The conn's (leftcert=) certificate, key and chain, looked up if not
 * kept yet; NULL (logged) when the database lacks them. */
const struct cert_local *cert_local_get(struct connection *c);
/* Keep l (from cert_local_load) as the conn's; frees any older one. */
void cert_local_set(struct connection *c, struct cert_local *l);

/* RFC 7296 §3.7: the SHA-1 of each trusted CA's SubjectPublicKeyInfo,
 * *hashes n * 20 bytes (n at most 32); 0 when no CA is trusted. */
size_t cert_ca_hashes(const uint8_t **hashes);
/* Recompute the CA hashes at next use. */
void cert_ca_hashes_flush(void);

/* The database changed: drop every conn's certificate and the CA hashes. */
void cert_cache_flush(void);

#endif
