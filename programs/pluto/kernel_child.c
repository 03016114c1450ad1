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

/* KEYMAT = encr_i | integ_i | encr_r | integ_r (RFC 7296 §2.17). */
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

bool kernel_child_install(struct child_sa *child, struct bytes keymat, struct child_sa *replaces)
{
	/* a rekey keeps the reqid, even when the SA it replaces is gone already */
	if (replaces != NULL)
		child->reqid = replaces->reqid;
	else if (child->reqid == 0)
		child->reqid = 16384 + child->serialno;
	struct ike_sa *ike = child->ike;
	const struct child_algs *a = &child->algs;
	struct kernel_sa sa[2];
	memset(sa, 0, sizeof(sa));
	enum kernel_encrypt enc;
	enum kernel_integ integ;
	unsigned icv;
	if (!map_algs(a, &enc, &integ, &icv)) {
		log_error("#%u: no kernel mapping for the negotiated ESP transforms", child->serialno);
		return false;
	}
	size_t ek = encr_keymat_len(a->encr, a->encr_key_bits);
	size_t ik = a->integ != NULL && a->integ->id != IKEV2_INTEG_NONE ? a->integ->key_len : 0;
	if (keymat.len < 2 * (ek + ik))
		return false;
	struct bytes enc_i = BYTES(keymat.ptr, ek), int_i = BYTES(keymat.ptr + ek, ik);
	struct bytes enc_r = BYTES(keymat.ptr + ek + ik, ek), int_r = BYTES(keymat.ptr + 2 * ek + ik, ik);
	bool init = child->we_initiated;
	/* behind a NAT (either end), ESP travels in UDP on the IKE SA's NAT-T
	 * ports (RFC 3948), which the kernel needs on both SAs */
	bool encap = (ike->nat_us || ike->nat_peer) && ike->local.port == pluto_options.nattport;
	for (int i = 0; i < 2; i++) {
		bool out = i == 1;
		/* the exchange initiator's keys protect initiator -> responder */
		bool i_keys = out == init;
		sa[i] = (struct kernel_sa){
			.direction = out ? KERNEL_OUTBOUND : KERNEL_INBOUND,
			.src = out ? ike->local.addr : ike->remote.addr,
			.dst = out ? ike->remote.addr : ike->local.addr,
			.spi = out ? child->spi_out : child->spi_in,
			.proto = IPPROTO_ESP,
			.mode = child->transport ? KERNEL_MODE_TRANSPORT : KERNEL_MODE_TUNNEL,
			.reqid = reqid_of(child),
			.encrypt = enc,
			.encrypt_key = i_keys ? enc_i : enc_r,
			.icv_len = icv,
			.integ = integ,
			.integ_key = i_keys ? int_i : int_r,
			.sel = selector(child, out),
			.encap_sport = !encap ? 0 : out ? ike->local.port : ike->remote.port,
			.encap_dport = !encap ? 0 : out ? ike->remote.port : ike->local.port,
			.replay_window = 128,
			.esn = a->esn,
			.hard_seconds = (uint64_t)ike->conn->salifetime,
		};
	}
	struct kernel_err err = { 0 };
	if (!add_or_replace_sa(&sa[0], &err) || !add_or_replace_sa(&sa[1], &err)) {
		log_error("#%u: %s", child->serialno, err.reason);
		ops->del_sa(&sa[0].dst, sa[0].spi, IPPROTO_ESP, &err);
		return false;
	}
	child->installed = true;
	if (replaces != NULL && replaces->owns_policies) {
		/* the new SAs carry the old reqid: the policies already lead to them */
		policy_owner_set(replaces, false);
		policy_owner_set(child, true);
		return true;
	}
	return install_policies(child);
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
	if (!child->installed)
		return;
	if (!ops->del_sa(&ike->local.addr, child->spi_in, IPPROTO_ESP, &err))
		log_debug("#%u: %s", child->serialno, err.reason);
	if (!ops->del_sa(&ike->remote.addr, child->spi_out, IPPROTO_ESP, &err))
		log_debug("#%u: %s", child->serialno, err.reason);
	child->installed = false;
}
