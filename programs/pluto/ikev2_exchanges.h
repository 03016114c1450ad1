/*
 * The handlers of every exchange, one file each: ikev2_ike_sa_init.c,
 * ikev2_ike_auth.c, ikev2_informational.c, ikev2_child_sa.c,
 * ikev2_resume.c.  ikev2_states.c maps messages to them.
 */
#ifndef IKEV2_EXCHANGES_H
#define IKEV2_EXCHANGES_H

#include "chunk.h"
#include "ikev2_states.h"

ikev2_handler ikev2_sa_init_request;
ikev2_handler ikev2_sa_init_response;
ikev2_handler ikev2_auth_request;
ikev2_handler ikev2_auth_response;
ikev2_handler ikev2_informational_request;
ikev2_handler ikev2_informational_response;
ikev2_handler ikev2_delete_response;
ikev2_handler ikev2_create_child_request;
ikev2_handler ikev2_create_child_response;
ikev2_handler ikev2_resume_request;
ikev2_handler ikev2_resume_response;

struct connection;

/* Initiator entry points. */
bool ikev2_initiate(struct connection *c);		/* IKE_SA_INIT */
bool ikev2_initiate_resume(struct connection *c);	/* IKE_SESSION_RESUME */
/* Send an INFORMATIONAL DELETE for the IKE SA (and so all its children). */
void ikev2_delete_ike_sa(struct ike_sa *ike);

/* Shared by IKE_SA_INIT and IKE_SESSION_RESUME. */
struct crypto_error;
bool ikev2_derive_ike_keys(struct ike_sa *ike, struct bytes g_ir);
bool ikev2_install_keys(struct ike_sa *ike, struct bytes skeyseed, struct crypto_error *err);
bool ikev2_send_auth_request(struct ike_sa *ike);

/* Rekeying (ikev2_create_child_sa.c). */
struct child_sa;
void ikev2_rekey_child(struct child_sa *child);
void ikev2_rekey_ike(struct ike_sa *ike);
/* RFC 7296 §1.3.1: an established IKE SA of another conn that c shares
 * (conn_shares_ike), which can carry c's Child SA; NULL: none. */
struct ike_sa *ikev2_shared_ike(const struct connection *c);
/* CREATE_CHILD_SA for c's Child SA on that IKE SA; false: not sent (logged). */
bool ikev2_add_child(struct ike_sa *ike, struct connection *c);
/* c's additional Child SA, wherever it is, established or being
 * negotiated (ike->pending_child); NULL: none. */
struct child_sa *ikev2_additional_child(const struct connection *c);
/* An IKE SA of ours being negotiated (IKE_SA_INIT, IKE_AUTH) that c can share. */
bool ikev2_shared_ike_coming(const struct connection *c);
/* The conns waiting for ike (start_shared) ask for their Child SAs, one
 * exchange at a time: called whenever an exchange of ours on ike ends. */
void ikev2_start_shared_children(struct ike_sa *ike);
/* Deletes one Child SA: out of the kernel now, and an INFORMATIONAL
 * DELETE now or, while another exchange is in flight, after it. */
void ikev2_delete_child(struct child_sa *child);
/* A DELETE that waited (child->delete_queued): sent if the window is
 * free, else tried again a second later (what the retry timer runs). */
void ikev2_child_delete_retry(struct child_sa *child);
/* The answer to our INFORMATIONAL came: the Child SAs a rekey replaced,
 * whose DELETE it answers, leave the kernel now. */
void ikev2_child_deletes_answered(struct ike_sa *ike);
/* Before the peer's DELETE of an IKE SA removes it: a crossing rekey of
 * the peer's won, its new SA takes the Child SAs (RFC 7296 §2.8.2). */
void ikev2_rekey_inherit(struct ike_sa *old);

#endif
