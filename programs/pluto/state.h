/*
 * IKE SAs and Child SAs: what pluto keeps per negotiation, and the tables
 * that find them (by IKE SPIs, by serial number, by connection).
 */
#ifndef STATE_H
#define STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "hash_table.h"
#include "ikev2_algs.h"
#include "ikev2_keys.h"
#include "ip_address.h"
#include "msgid.h"
#include "proposals.h"

struct connection;
struct event;
struct dh_keypair;
struct sk_cipher;
struct resume_ticket;
struct frag_set;

#define IKE_SPI_SIZE 8

typedef struct {
	uint8_t bytes[IKE_SPI_SIZE];
} ike_spi_t;

/* The states of an IKE SA; ikev2_states.c holds the one transition table
 * that moves between them. */
enum ike_state {
	IKE_STATE_NONE = 0,
	IKE_SA_INIT_I,		/* sent IKE_SA_INIT request */
	IKE_SA_INIT_R,		/* answered IKE_SA_INIT, waiting for IKE_AUTH */
	IKE_RESUME_I,		/* sent IKE_SESSION_RESUME request */
	IKE_RESUME_R,		/* answered IKE_SESSION_RESUME, waiting for IKE_AUTH */
	IKE_AUTH_I,		/* sent IKE_AUTH request */
	IKE_ESTABLISHED,	/* authenticated; Child SAs and INFORMATIONAL */
	IKE_DELETING,		/* sent a DELETE for this IKE SA */
	IKE_STATE_ROOF
};

const char *ike_state_name(enum ike_state s);

struct child_sa {
	unsigned serialno;
	struct ike_sa *ike;		/* parent */
	/* An additional Child SA (RFC 7296 §1.3.1) of another conn sharing
	 * the IKE SA; NULL: the IKE SA's own conn (see child_conn()) */
	struct connection *conn;
	struct child_sa *next;		/* sibling in ike->children */
	uint32_t spi_in, spi_out;	/* network order; ours and the peer's */
	struct child_algs algs;
	bool transport;			/* else tunnel */
	bool we_initiated;		/* we sent the exchange's request: KEYMAT order */
	ip_subnet ts_local, ts_remote;	/* negotiated (single selector) */
	uint8_t ts_proto;
	uint16_t ts_lport, ts_rport;	/* 0: any */
	bool installed;			/* kernel has its inbound ESP SA */
	bool out_installed;		/* and its outbound one */
	/* The responder of a rekey keeps sending on the old SA until the
	 * initiator deletes it (kernel_child.c): the outbound SA's KEYMAT
	 * waits here, wiped when it is installed or the SA goes */
	struct secret out_keymat;
	/* our DELETE of this replaced SA is on its way: the peer may still
	 * send on it, so its inbound SA stays until the answer */
	bool deleting;
	/* deleted here (not in the kernel any more); its DELETE waits for
	 * the exchange in flight (ikev2_delete_child) */
	bool delete_queued;
	bool owns_policies;		/* and the policies (passed on by a rekey) */
	struct hash_link policy_link;	/* in the owners' index while it owns them (kernel_policy_owners.c) */
	uint32_t reqid;			/* ties SAs to policies; kept across rekeys */
	unsigned replaces;		/* serial of the Child SA this one rekeys, 0 */
	bool rekeying;			/* a replacement is being negotiated */
	bool rekey_wanted;		/* its timer means "try the rekey again" */
	uint16_t pfs_group;		/* the group the peer asked for (INVALID_KE_PAYLOAD), 0 */
	/* RFC 7296 §2.8.1: while this SA was our rekey in flight, the
	 * peer's rekey of the same SA crossed it: the SA the peer's
	 * exchange made and that exchange's lower nonce */
	unsigned crossed_by;
	struct chunk crossed_low;
	double established;		/* pluto_now() */
	struct event *lifetime_timer;
};

struct ike_sa {
	unsigned serialno;		/* #N in logs and status */
	struct connection *conn;
	bool original_initiator;	/* we sent the first IKE_SA_INIT/RESUME */
	bool resumed;			/* created by IKE_SESSION_RESUME */
	enum ike_state state;
	ike_spi_t spi_i, spi_r;
	ip_endpoint local, remote;

	struct ike_algs algs;		/* negotiated transforms */
	struct dh_keypair *dh;		/* our key pair until the shared secret is made */
	struct chunk ni, nr;		/* nonces */
	struct ike_keys keys;		/* SK_d .. SK_pr, wiped with the SA */
	struct sk_cipher *sk_out, *sk_in;	/* SK protection with SK_e/SK_a of each direction */
	uint64_t iv_counter;		/* IV counter for SK payloads we send */

	/* The first messages, signed by AUTH (RFC 7296 §2.15). */
	struct chunk first_msg_i, first_msg_r;
	struct chunk cookie;		/* the COOKIE the responder asked for */
	uint16_t retry_dh;		/* group demanded by INVALID_KE_PAYLOAD */

	struct chunk id_local, id_remote;	/* ID payload bodies (type|reserved|data) */
	uint8_t auth_method;		/* method the peer authenticated with */
	unsigned peer_sig_hashes;	/* SIGNATURE_HASH_ALGORITHMS: 1 << hash (ikev2_cert.c) */
	bool nat_us, nat_peer;		/* NAT detected in front of us / the peer */
	bool peer_fragmentation;	/* both sent IKEV2_FRAGMENTATION_SUPPORTED */
	struct frag_set *frags_in[2];	/* a request, a response being reassembled (ikev2_fragment.h) */

	struct msgid_window window;
	struct child_sa *children;
	/* The Child SA being negotiated in IKE_AUTH / CREATE_CHILD_SA. */
	struct child_sa *pending_child;

	/* CREATE_CHILD_SA of ours in flight (ikev2_create_child_sa.c). */
	struct chunk cc_nonce;		/* our nonce of the exchange */
	struct dh_keypair *cc_dh;	/* our PFS key pair of a Child SA rekey (pfs=yes) */
	/* PFS of the CREATE_CHILD_SA being processed (RFC 7296 §1.3.3,
	 * §2.17), borrowed, set only around that call: the new g^ir and, as
	 * responder, the KEr to send.  Empty without PFS. */
	struct {
		struct bytes g_ir;
		uint16_t ke_group;
		struct bytes ke_public;
	} cc_pfs;
	struct ike_sa *rekeyed_by;	/* IKE rekey: the new SA being negotiated */
	struct ike_sa *rekey_of;	/* ... and back: the SA it is to replace */
	/* RFC 7296 §2.8.2, on our new SA while our IKE rekey is in flight:
	 * the peer's crossing rekey made SA #crossed_by, its exchange's lower
	 * nonce is crossed_low */
	unsigned crossed_by;
	struct chunk crossed_low;

	/* Session resumption (RFC 5723). */
	bool ticket_requested;		/* initiator: asked for a ticket */
	bool peer_wants_ticket;		/* responder: got TICKET_REQUEST */
	struct resume_ticket *resume;	/* the ticket this SA resumes (both sides), owned */
	struct event *ticket_timer;	/* initiator: ask again (after TICKET_ACK, before expiry) */

	double established;		/* pluto_now() when IKE_AUTH completed */
	double created;
	double last_contact;		/* pluto_now() of the last authenticated message */
	bool probing;			/* our outstanding request is a liveness probe */
	struct event *liveness_timer;	/* dpddelay= checks */
	ip_address halfopen_peer;	/* counted against while half-open (halfopen.h) */
	struct event *keepalive_timer;	/* NAT-keepalives while we are behind a NAT */
	struct event *lifetime_timer;
	struct hash_link spi_i_link, spis_link;	/* by SPIi; by both SPIs once SPIr is known */
	struct hash_link peer_link;	/* by (connection, peer ID), once indexed */
	struct ike_sa *next, *prev;	/* all SAs, newest first */
};

/* Tables. */
/* NULL (logged) when no SPI can be drawn: the RNG failed. */
struct ike_sa *ike_sa_new(struct connection *c, bool initiator);
/* Unlinks and frees the SA and its children (no messages, no kernel). */
void ike_sa_free(struct ike_sa *ike);
/* Both SPIs known (after IKE_SA_INIT). */
struct ike_sa *ike_sa_by_spis(const ike_spi_t *spi_i, const ike_spi_t *spi_r);
/* A half-open SA of ours or the peer's found by SPIi alone. */
struct ike_sa *ike_sa_by_spi_i(const ike_spi_t *spi_i, const ip_endpoint *remote, bool we_initiated);
/* Called when SPIr becomes known (initiator) or chosen (responder). */
void ike_sa_rehash(struct ike_sa *ike);
struct ike_sa *ike_sa_by_serial(unsigned serialno);
/* Index an SA by its connection and the peer's ID payload body, so that
 * an older SA of the same peer is found without a scan. */
void ike_sa_index_peer(struct ike_sa *ike);
bool ike_sa_peer_indexed(const struct ike_sa *ike);
/* The first other indexed SA of the same connection and peer ID. */
struct ike_sa *ike_sa_same_peer(const struct ike_sa *ike);
struct ike_sa *ike_sa_first(void);
unsigned ike_sa_count(void);
unsigned ike_sa_half_open_count(void);

struct child_sa *child_sa_new(struct ike_sa *ike);
void child_sa_free(struct child_sa *child);	/* unlinks from its IKE SA */

bool ike_spi_is_zero(const ike_spi_t *spi);
/* The SPI as the codec carries it: its 8 octets read big-endian. */
uint64_t ike_spi_u64(const ike_spi_t *spi);
ike_spi_t ike_spi_from_u64(uint64_t v);
/* A fresh non-zero SPI; false (zero SPI) when the RNG fails. */
bool ike_spi_random(ike_spi_t *spi);
/* "#3" style serial and 16-hex-digit SPI printing for logs. */
const char *ike_spi_str(const ike_spi_t *spi, char buf[17]);

/* Links (next) or unlinks (NULL) the SA an IKE rekey of ike negotiates;
 * freeing either end unlinks it, so neither is left dangling. */
void ike_sa_set_rekey(struct ike_sa *ike, struct ike_sa *next);

/* Moves the SA to a new state, keeping the half-open count. */
void ike_sa_set_state(struct ike_sa *ike, enum ike_state s);

/* Wipe and free all key material of an IKE SA. */
void ike_sa_wipe_keys(struct ike_sa *ike);

#endif
