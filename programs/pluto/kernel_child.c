/*
 * A Child SA in the kernel: two ESP SAs (in and out) and the policies
 * (out, in, fwd) that steer its traffic through them (ikev2_child_sa.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "connections.h"
#include "ikev2_child_sa.h"
#include "kernel.h"
#include "kernel_glue.h"
#include "kernel_policy_owners.h"
#include "log.h"
#include "pluto.h"
#include "state.h"

static const struct kernel_ops *ops = &kernel_none_ops;

bool kernel_glue_init(const char *protostack)
{
	const struct kernel_ops *o = kernel_ops_by_name(protostack);
	struct kernel_err err = { 0 };
	if (o == NULL) {
		log_error("unknown protostack=%s", protostack);
		return false;
	}
	if (!o->init(&err)) {
		log_error("kernel backend %s: %s", o->name, err.reason);
		return false;
	}
	ops = o;
	log_info("kernel backend: %s", ops->name);
	return true;
}

void kernel_glue_shutdown(void)
{
	struct kernel_err err = { 0 };
	if (!ops->flush(&err))
		log_warn("kernel flush: %s", err.reason);
	ops->shutdown();
}

const struct kernel_ops *kernel_glue_ops(void)
{
	return ops;
}

static bool map_algs(const struct child_algs *a, enum kernel_encrypt *e, enum kernel_integ *i, unsigned *icv)
{
	switch (a->encr->id) {
	case IKEV2_ENCR_AES_GCM_16: *e = KERNEL_ENCRYPT_AES_GCM; *icv = 16; break;
	case IKEV2_ENCR_AES_GCM_12: *e = KERNEL_ENCRYPT_AES_GCM; *icv = 12; break;
	case IKEV2_ENCR_AES_GCM_8: *e = KERNEL_ENCRYPT_AES_GCM; *icv = 8; break;
	case IKEV2_ENCR_AES_CBC: *e = KERNEL_ENCRYPT_AES_CBC; *icv = 0; break;
	default: return false;
	}
	*i = KERNEL_INTEG_NONE;
	if (a->integ != NULL && a->integ->id != IKEV2_INTEG_NONE) {
		switch (a->integ->id) {
		case IKEV2_INTEG_HMAC_SHA1_96: *i = KERNEL_INTEG_HMAC_SHA1_96; break;
		case IKEV2_INTEG_HMAC_SHA2_256_128: *i = KERNEL_INTEG_HMAC_SHA2_256_128; break;
		case IKEV2_INTEG_HMAC_SHA2_384_192: *i = KERNEL_INTEG_HMAC_SHA2_384_192; break;
		case IKEV2_INTEG_HMAC_SHA2_512_256: *i = KERNEL_INTEG_HMAC_SHA2_512_256; break;
		default: return false;
		}
	}
	return true;
}

static struct kernel_selector selector(const struct child_sa *child, bool outbound)
{
	struct kernel_selector sel = {
		.src = outbound ? child->ts_local : child->ts_remote,
		.dst = outbound ? child->ts_remote : child->ts_local,
		.ipproto = child->ts_proto,
		.sport = outbound ? child->ts_lport : child->ts_rport,
		.dport = outbound ? child->ts_rport : child->ts_lport,
	};
	return sel;
}

/* reqid ties an SA to its policies: one per Child SA and its rekeys. */
static uint32_t reqid_of(const struct child_sa *child)
{
	return child->reqid;
}

static bool install_policies(struct child_sa *child);

/* An SA that is already there (the backends answer EEXIST, as the kernel
 * does) is one left by an earlier negotiation of the same SPI: replace it,
 * so a re-negotiation never fails on what it is about to supersede. */
static bool add_or_replace_sa(const struct kernel_sa *sa, struct kernel_err *err)
{
	if (ops->add_sa(sa, err))
		return true;
	if (err->errnum != EEXIST)
		return false;
	log_info("replacing the kernel's %s ESP SA 0x%08x", sa->direction == KERNEL_OUTBOUND ? "outbound" : "inbound",
		 ntohl(sa->spi));
	*err = (struct kernel_err){ 0 };
	return ops->del_sa(&sa->dst, sa->spi, sa->proto, err) && ops->add_sa(sa, err);
}

/* The policies now lead to CHILD's SAs: an older Child SA with the same
 * selectors (the peer negotiated the tunnel again, e.g. after a restart,
 * or a resumption whose old SA is still around) must not remove them when
 * it goes. */
static void take_policies_over(struct child_sa *child)
{
	struct child_sa *c;
	while ((c = policy_owner_find(child)) != NULL) {
		log_info("#%u: takes the kernel policies over from #%u", child->serialno, c->serialno);
		policy_owner_set(c, false);
	}
}

/* Like add_or_replace_sa, for a policy: the kernel keeps one per
 * (direction, selector), so an existing one is deleted and added anew. */
static bool add_or_replace_policy(const struct kernel_policy *p, struct kernel_err *err)
{
	if (ops->add_policy(p, err))
		return true;
	if (err->errnum != EEXIST)
		return false;
	*err = (struct kernel_err){ 0 };
	return ops->del_policy(p->dir, &p->sel, err) && ops->add_policy(p, err);
}

/* One of the Child SA's two ESP SAs from its KEYMAT; false if the
 * transforms have no kernel mapping or KEYMAT is short. */
static bool build_sa(const struct child_sa *child, struct bytes keymat, bool out, struct kernel_sa *sa)
{
	struct ike_sa *ike = child->ike;
	const struct child_algs *a = &child->algs;
	enum kernel_encrypt enc;
	enum kernel_integ integ;
	unsigned icv;
	if (!map_algs(a, &enc, &integ, &icv))
		return false;
	size_t ek = encr_keymat_len(a->encr, a->encr_key_bits);
	size_t ik = a->integ != NULL && a->integ->id != IKEV2_INTEG_NONE ? a->integ->key_len : 0;
	if (keymat.len < 2 * (ek + ik))
		return false;
	/* KEYMAT = encr_i | integ_i | encr_r | integ_r (RFC 7296 §2.17); the
	 * exchange initiator's keys protect initiator -> responder */
	size_t at = out == child->we_initiated ? 0 : ek + ik;
	/* behind a NAT (either end), ESP travels in UDP on the IKE SA's NAT-T
	 * ports (RFC 3948), which the kernel needs on both SAs */
	bool encap = (ike->nat_us || ike->nat_peer) && ike->local.port == pluto_options.nattport;
	*sa = (struct kernel_sa){
		.direction = out ? KERNEL_OUTBOUND : KERNEL_INBOUND,
		.src = out ? ike->local.addr : ike->remote.addr,
		.dst = out ? ike->remote.addr : ike->local.addr,
		.spi = out ? child->spi_out : child->spi_in,
		.proto = IPPROTO_ESP,
		.mode = child->transport ? KERNEL_MODE_TRANSPORT : KERNEL_MODE_TUNNEL,
		.reqid = reqid_of(child),
		.encrypt = enc,
		.encrypt_key = BYTES(keymat.ptr + at, ek),
		.icv_len = icv,
		.integ = integ,
		.integ_key = BYTES(keymat.ptr + at + ek, ik),
		.sel = selector(child, out),
		.encap_sport = !encap ? 0 : out ? ike->local.port : ike->remote.port,
		.encap_dport = !encap ? 0 : out ? ike->remote.port : ike->local.port,
		.replay_window = 128,
		.esn = a->esn,
		.hard_seconds = (uint64_t)child_conn(child)->salifetime,
	};
	return true;
}

static bool add_outbound(struct child_sa *child, struct bytes keymat)
{
	struct kernel_sa out;
	struct kernel_err err = { 0 };
	if (!build_sa(child, keymat, true, &out) || !add_or_replace_sa(&out, &err)) {
		log_error("#%u: outbound ESP SA: %s", child->serialno,
			  err.reason != NULL ? err.reason : "no kernel mapping for the transforms");
		return false;
	}
	child->out_installed = true;
	return true;
}

/* The kernel sends a reqid's traffic on the newest SA.  Were the
 * responder of a rekey to install its new outbound SA at once, what it
 * sends before the initiator has read the response (and installed the
 * matching inbound SA) would be lost; RFC 7296 §2.8 leaves the moment
 * open.  So it keeps sending on the old SA, which both ends still hold,
 * until the initiator deletes that (kernel_child_uninstall). */
static bool hold_outbound(const struct child_sa *child, const struct child_sa *replaces)
{
	return replaces != NULL && replaces->out_installed && !child->we_initiated;
}

bool kernel_child_install(struct child_sa *child, struct bytes keymat, struct child_sa *replaces)
{
	/* a rekey keeps the reqid, even when the SA it replaces is gone already */
	if (replaces != NULL)
		child->reqid = replaces->reqid;
	else if (child->reqid == 0)
		child->reqid = 16384 + child->serialno;
	struct kernel_sa in;
	struct kernel_err err = { 0 };
	if (!build_sa(child, keymat, false, &in)) {
		log_error("#%u: no kernel mapping for the negotiated ESP transforms", child->serialno);
		return false;
	}
	if (!add_or_replace_sa(&in, &err)) {
		log_error("#%u: %s", child->serialno, err.reason);
		return false;
	}
	child->installed = true;
	if (hold_outbound(child, replaces)) {
		/* only the outbound keys are kept: the inbound half is wiped */
		child->out_keymat = secret_clone(keymat);
		wipe(child->out_keymat.ptr + (in.encrypt_key.ptr - keymat.ptr), in.encrypt_key.len + in.integ_key.len);
	} else if (!add_outbound(child, keymat)) {
		ops->del_sa(&in.dst, in.spi, IPPROTO_ESP, &err);
		child->installed = false;
		return false;
	}
	if (replaces != NULL && replaces->owns_policies) {
		/* the new SAs carry the old reqid: the policies already lead to them */
		policy_owner_set(replaces, false);
		policy_owner_set(child, true);
		return true;
	}
	return install_policies(child);
}

/* OLD is about to leave the kernel: a successor whose outbound SA was held
 * back (hold_outbound) sends from now on, unless another successor already
 * does (the winner of a rekey collision, RFC 7296 §2.8.1, whose loser the
 * peer deletes later). */
static void release_successor(const struct child_sa *old)
{
	if (old->ike == NULL)
		return;
	struct child_sa *held = NULL;
	for (struct child_sa *c = old->ike->children; c != NULL; c = c->next) {
		if (c == old || c->replaces != old->serialno || c->deleting)
			continue;
		if (c->out_installed)
			return;
		if (c->out_keymat.ptr != NULL && held == NULL)
			held = c;
	}
	if (held == NULL)
		return;
	log_debug("#%u: sending on its own outbound SA now that #%u goes", held->serialno, old->serialno);
	add_outbound(held, secret_bytes(held->out_keymat));	/* logged on failure */
	secret_free(&held->out_keymat);
}

void kernel_child_uninstall_outbound(struct child_sa *child)
{
	struct kernel_err err = { 0 };
	if (child->out_installed && child->ike != NULL &&
	    !ops->del_sa(&child->ike->remote.addr, child->spi_out, IPPROTO_ESP, &err))
		log_debug("#%u: %s", child->serialno, err.reason);
	child->out_installed = false;
	secret_free(&child->out_keymat);
}

static bool install_policies(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	struct kernel_err err = { 0 };
	take_policies_over(child);
	static const enum kernel_policy_dir dirs[] = { KERNEL_POLICY_OUT, KERNEL_POLICY_IN, KERNEL_POLICY_FWD };
	for (size_t d = 0; d < 3; d++) {
		bool out = dirs[d] == KERNEL_POLICY_OUT;
		if (child->transport && dirs[d] == KERNEL_POLICY_FWD)
			continue;
		struct kernel_policy p = {
			.dir = dirs[d],
			.sel = selector(child, out),
			.priority = 1000,
			.action = KERNEL_POLICY_IPSEC,
			.mode = child->transport ? KERNEL_MODE_TRANSPORT : KERNEL_MODE_TUNNEL,
			.tunnel_src = out ? ike->local.addr : ike->remote.addr,
			.tunnel_dst = out ? ike->remote.addr : ike->local.addr,
			.proto = IPPROTO_ESP,
			.reqid = reqid_of(child),
		};
		if (!add_or_replace_policy(&p, &err)) {
			log_error("#%u: %s", child->serialno, err.reason);
			policy_owner_set(child, true);	/* remove the ones that made it */
			kernel_child_uninstall(child);
			return false;
		}
	}
	policy_owner_set(child, true);
	return true;
}

/* Two Child SAs of one rekey collision (RFC 7296 §2.8.1) share the
 * reqid and so the policies: when one goes, the other keeps them. */
static void hand_policies_on(struct child_sa *child)
{
	for (struct child_sa *c = child->ike->children; c != NULL && child->owns_policies; c = c->next) {
		if (c != child && c->installed && c->reqid == child->reqid && policy_selectors_equal(c, child)) {
			policy_owner_set(child, false);
			policy_owner_set(c, true);
		}
	}
}

void kernel_child_uninstall(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	struct kernel_err err = { 0 };
	release_successor(child);
	if (child->owns_policies && ike != NULL)
		hand_policies_on(child);
	static const enum kernel_policy_dir dirs[] = { KERNEL_POLICY_OUT, KERNEL_POLICY_IN, KERNEL_POLICY_FWD };
	for (size_t d = 0; d < 3 && child->owns_policies; d++) {
		if (child->transport && dirs[d] == KERNEL_POLICY_FWD)
			continue;
		struct kernel_selector sel = selector(child, dirs[d] == KERNEL_POLICY_OUT);
		if (!ops->del_policy(dirs[d], &sel, &err))
			log_debug("#%u: %s", child->serialno, err.reason);
	}
	policy_owner_set(child, false);
	if (child->installed && !ops->del_sa(&ike->local.addr, child->spi_in, IPPROTO_ESP, &err))
		log_debug("#%u: %s", child->serialno, err.reason);
	child->installed = false;
	kernel_child_uninstall_outbound(child);
}
