/*
 * Certificate authentication in IKE_AUTH (RFC 7296 §2.15, §3.6, §3.7;
 * RFC 7427): our certificate and key from the NSS database (leftcert=
 * names it by nickname), CERT and CERTREQ payloads, the peer's chain
 * checked against the CAs the database trusts, the peer's ID matched
 * against the certificate's subject or subjectAltName, and AUTH method
 * 14 signed with our key and verified with the peer's.  What does not
 * change between handshakes is kept (cert_cache.h).
 *
 * Policy of a connection:
 *   we sign        leftcert= is set (or leftauth=rsasig|ecdsa; then
 *                  leftcert= is required)
 *   peer may sign  authby= holds rsasig, rsa-sha2 or ecdsa, or
 *                  rightauth=rsasig|ecdsa, or authby= is unset and we sign
 *   peer may PSK   authby= holds secret (or rightauth=secret), or
 *                  authby= is unset and we do not sign
 * After a resumption (RFC 5723) neither side signs nor sends CERT.
 */
#ifndef IKEV2_CERT_H
#define IKEV2_CERT_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"

struct connection;
struct conn_end;
struct ike_sa;
struct msg_builder;
struct msg_digest;

/*
 * When a connection is built: copy leftcert=/leftauth=, look the
 * certificate and its private key up in the NSS database and keep them
 * on the conn (cert_cache.h), and resolve
 * leftid=%fromcert (or an unset leftid= with leftcert=) to the subject
 * DN; rightid=%fromcert accepts any ID the peer's certificate proves.
 * NULL, or why the connection cannot be used (static text).
 */
const char *cert_conn_setup(struct connection *c, const struct conn_end *local,
			    const struct conn_end *remote, unsigned authby);

bool cert_we_sign(const struct connection *c);
bool cert_peer_may_sign(const struct connection *c);
bool cert_peer_may_use_psk(const struct connection *c);

/* IKE_SA_INIT: SIGNATURE_HASH_ALGORITHMS when certificates are in play,
 * and what the peer announced (ike->peer_sig_hashes). */
void cert_emit_sig_hashes(struct msg_builder *mb, const struct connection *c);
void cert_note_sig_hashes(struct ike_sa *ike, const struct msg_digest *md);

/* IKE_AUTH: our CERT (when we sign); CERTREQ with the SHA-1 of every
 * trusted CA's public key (when the peer may sign), in the IKE_SA_INIT
 * response and the IKE_AUTH request. */
void cert_emit_cert(struct msg_builder *mb, const struct ike_sa *ike);
void cert_emit_certreq(struct msg_builder *mb, const struct ike_sa *ike);

/* AUTH data of method 14 over octets with our key; false logged. */
bool cert_sign_auth(const struct ike_sa *ike, struct bytes octets, struct chunk *auth);

/*
 * The peer's method-14 AUTH data over octets: its CERT payloads, chain,
 * ID (ike->id_remote) and signature; false logged with the reason.
 */
bool cert_verify_peer(struct ike_sa *ike, const struct msg_digest *md, struct bytes auth_data,
		      struct bytes octets);

#endif
