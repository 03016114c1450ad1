/*
 * Child SAs negotiated inside IKE_AUTH (RFC 7296 §1.2) and, later,
 * CREATE_CHILD_SA: ESP proposals, traffic selectors with basic narrowing,
 * KEYMAT (§2.17) and installation in the kernel.
 */
#ifndef IKEV2_CHILD_SA_H
#define IKEV2_CHILD_SA_H

#include <stdbool.h>

struct ike_sa;
struct child_sa;
struct msg_builder;
struct msg_digest;

#include "chunk.h"

/* The nonces KEYMAT is made from: IKE_AUTH uses the IKE SA's, a
 * CREATE_CHILD_SA exchange its own (RFC 7296 §2.17). */
struct child_nonces {
	struct bytes ni, nr;
	bool in_exchange;	/* CREATE_CHILD_SA: our nonce goes after the SA payload;
				   PFS material, if any, is in ike->cc_pfs */
};
/* The ESP proposals of a CREATE_CHILD_SA with PFS: esp='s own groups, or
 * else the group `group` (the IKE SA's) added to each proposal. */
struct proposals;
struct connection;
void child_pfs_proposals(const struct connection *c, uint16_t group, struct proposals *out);
/* The group a PFS rekey starts with: c's esp='s first, or the IKE SA's. */
uint16_t child_pfs_group(const struct ike_sa *ike, const struct connection *c);
/* The conn whose policy the Child SA carries: its own (an additional
 * Child SA, RFC 7296 §1.3.1) or its IKE SA's. */
struct connection *child_conn(const struct child_sa *child);

/* Initiator: SA, TSi, TSr (and USE_TRANSPORT_MODE) for a new Child SA
 * of conn c; rekeying: the Child SA it replaces (REKEY_SA, same
 * selectors).  With a nonce (CREATE_CHILD_SA), ike->cc_dh if set is KEi. */
bool child_emit_request(struct ike_sa *ike, struct msg_builder *mb, struct connection *c,
			struct child_sa *rekeying, struct bytes nonce);
/* Responder: choose, install and answer; on refusal an error notify is
 * emitted instead (the IKE SA stays up, RFC 7296 §1.2) and NULL returned.
 * rekeying: the Child SA named by the request's REKEY_SA, or NULL. */
struct child_sa *child_answer_request(struct ike_sa *ike, struct connection *c, const struct msg_digest *md,
				      struct msg_builder *mb, const struct child_nonces *n, struct child_sa *rekeying);
/* Responder, IKE_AUTH: whether conn c can take the Child SA that md
 * proposes (mode and traffic selectors; true when md proposes none). */
bool child_request_fits(const struct connection *c, const struct ike_sa *ike, const struct msg_digest *md);
/* Initiator: the responder's choice; false if the Child SA failed. */
bool child_process_response(struct ike_sa *ike, const struct msg_digest *md, const struct child_nonces *n);
/* salifetime= and rekeymargin=: the initiator of a Child SA rekeys it
 * before it expires; the other side removes it when it expires. */
void child_schedule_rekey(struct child_sa *child);
/* The Child SA whose outbound SPI (the peer's inbound) is spi. */
struct child_sa *child_by_spi_out(struct ike_sa *ike, uint32_t spi);

/* Kernel state of a Child SA (kernel_child.c).  A rekeyed Child SA takes
 * over the policies of the one it replaces (same selectors, same reqid):
 * only the new ESP SAs are installed, and the old SA's removal leaves the
 * policies in place. */
/* The Child SA with that serial number under ike, or NULL. */
struct child_sa *child_by_serial(struct ike_sa *ike, unsigned serialno);
bool kernel_child_install(struct child_sa *child, struct bytes keymat, struct child_sa *replaces);
void kernel_child_uninstall(struct child_sa *child);
/* Only the outbound SA: our traffic leaves a replaced SA at once while its
 * inbound SA waits for the answer to our DELETE. */
void kernel_child_uninstall_outbound(struct child_sa *child);

#endif
