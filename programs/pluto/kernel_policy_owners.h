/*
 * The kernel holds one set of policies per selector (direction, subnets,
 * protocol, ports), however many Child SAs were negotiated for it: after
 * a peer restarts, a resumption, a rekey or a rekey collision, an older
 * Child SA with the same selectors may still exist.  Exactly one Child SA
 * owns those policies and removes them when it goes.  This index finds
 * the owner of a selector set in one hash lookup: a scan of every Child
 * SA per installation made a gateway's cost per SA grow with the number
 * of SAs it holds.
 */
#ifndef KERNEL_POLICY_OWNERS_H
#define KERNEL_POLICY_OWNERS_H

#include <stdbool.h>

struct child_sa;

/* Do the two Child SAs ask the kernel for the same policies? */
bool policy_selectors_equal(const struct child_sa *a, const struct child_sa *b);

/* Sets child->owns_policies and keeps the index in step. */
void policy_owner_set(struct child_sa *child, bool owns);

/* Child SA is being freed: it leaves the index whatever its flag says. */
void policy_owner_forget(struct child_sa *child);

/* The Child SA other than LIKE that owns policies with LIKE's selectors,
 * or NULL. */
struct child_sa *policy_owner_find(const struct child_sa *like);

/* Frees the index (shutdown, once every Child SA is gone). */
void policy_owners_shutdown(void);

#endif
