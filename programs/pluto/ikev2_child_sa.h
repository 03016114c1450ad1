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

/* Initiator: SA, TSi, TSr (and USE_TRANSPORT_MODE) for a new Child SA. */
bool child_emit_request(struct ike_sa *ike, struct msg_builder *mb);
/* Responder: choose, install and answer; on refusal an error notify is
 * emitted instead (the IKE SA stays up, RFC 7296 §1.2). */
void child_answer_request(struct ike_sa *ike, const struct msg_digest *md, struct msg_builder *mb);
/* Initiator: the responder's choice; false if the Child SA failed. */
bool child_process_response(struct ike_sa *ike, const struct msg_digest *md);

/* Kernel state of a Child SA (kernel_child.c). */
bool kernel_child_install(struct child_sa *child, struct bytes keymat);
void kernel_child_uninstall(struct child_sa *child);

#endif
