/*
 * protostack=xfrm: Linux XFRM over a NETLINK_XFRM socket.
 *
 * Every request asks for an acknowledgement and waits for it (the kernel
 * answers at once), so a failure is reported to the caller that caused
 * it, with the errno and the kernel's extended-ack text.  Buffers that
 * held keys (a request, or a GETSA answer, which carries the keys too)
 * are wiped as soon as they have been used; NETLINK_CAP_ACK keeps the
 * kernel from echoing a rejected request, keys included, back to us.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "kernel.h"
#include "kernel_netlink.h"
#include "log.h"

/* Requests hold at most a few hundred bytes; answers to GETSA a little more. */
#define XFRM_REQUEST_MAX 2048
#define XFRM_ANSWER_MAX 8192
/* The kernel answers immediately; this only guards against a wedged socket. */
#define XFRM_ANSWER_TIMEOUT_SECONDS 5

static struct {
	int fd;				/* NETLINK_XFRM socket; -1 when closed */
	uint32_t seq;			/* of the last request */
	struct kernel_installed installed;
} xfrm = { .fd = -1 };

static const char *msg_name(uint16_t type)
{
	switch (type) {
	case XFRM_MSG_NEWSA: return "XFRM_MSG_NEWSA";
	case XFRM_MSG_DELSA: return "XFRM_MSG_DELSA";
	case XFRM_MSG_GETSA: return "XFRM_MSG_GETSA";
	case XFRM_MSG_NEWPOLICY: return "XFRM_MSG_NEWPOLICY";
	case XFRM_MSG_DELPOLICY: return "XFRM_MSG_DELPOLICY";
	}
	return "XFRM_MSG_?";
}

static bool xfrm_init(struct kernel_err *err)
{
	if (xfrm.fd >= 0)
		return true;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0)
		return kernel_fail(err, errno, "kernel(xfrm): NETLINK_XFRM socket");
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		int e = errno;
		close(fd);
		return kernel_fail(err, e, "kernel(xfrm): bind NETLINK_XFRM socket");
	}
	/* Both are best effort: old kernels lack them, and we wipe anyway. */
	int on = 1;
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
	struct timeval tv = { .tv_sec = XFRM_ANSWER_TIMEOUT_SECONDS };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	xfrm.fd = fd;
	return true;
}

static void xfrm_shutdown(void)
{
	if (xfrm.fd >= 0)
		close(xfrm.fd);
	xfrm.fd = -1;
	kernel_installed_free(&xfrm.installed);
}

/*
 * One request, one answer.  `reply_type` is the message type expected
 * back with data (XFRM_MSG_NEWSA for GETSA), or 0 for a plain ack; the
 * answer's body is copied into `answer` (wiped by the caller).
 */
static bool answer_wait(uint32_t seq, uint16_t type, const char *what, uint16_t reply_type,
			uint8_t *abuf, struct wire_in *answer, struct kernel_err *err)
{
	for (;;) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(xfrm.fd, abuf, XFRM_ANSWER_MAX, MSG_TRUNC,
				     (struct sockaddr *)&from, &fromlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return kernel_fail(err, errno, "%s %s: no answer", msg_name(type), what);
		if ((size_t)n > XFRM_ANSWER_MAX)
			return kernel_fail(err, EMSGSIZE, "%s %s: answer of %zd bytes", msg_name(type), what, n);
		if (from.nl_pid != 0)
			continue;	/* not from the kernel */
		struct wire_in dgram = wire_in_bytes(BYTES(abuf, (size_t)n));
		struct nl_msg m;
		while (nl_msg_next(&dgram, &m)) {
			if (m.seq != seq)
				continue;	/* a late answer to an earlier request */
			if (m.type == NLMSG_ERROR) {
				int e = 0;
				char ext[128];
				if (!nl_parse_error(&m, &e, ext, sizeof(ext)))
					return kernel_fail(err, EPROTO, "%s %s: short error answer", msg_name(type), what);
				if (e == 0 && reply_type == 0)
					return true;
				if (e == 0)
					return kernel_fail(err, EPROTO, "%s %s: ack without data", msg_name(type), what);
				kernel_fail(err, e, "%s %s", msg_name(type), what);
				if (ext[0] != '\0') {
					size_t used = strlen(err->reason);
					snprintf(err->reason + used, sizeof(err->reason) - used, " (%s)", ext);
				}
				return false;
			}
			if (reply_type != 0 && m.type == reply_type) {
				*answer = m.body;
				return true;
			}
		}
		if (wire_in_left(&dgram) != 0)
			return kernel_fail(err, EPROTO, "%s %s: malformed answer", msg_name(type), what);
	}
}

static bool xfrm_transact(struct wire_out *req, uint16_t type, const char *what, uint16_t reply_type,
			  uint8_t *abuf, struct wire_in *answer, struct kernel_err *err)
{
	if (xfrm.fd < 0)
		return kernel_fail(err, EBADF, "%s %s: kernel(xfrm) not initialised", msg_name(type), what);
	if (req->overflow)
		return kernel_fail(err, EMSGSIZE, "%s %s: request too large", msg_name(type), what);
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;
	do {
		n = sendto(xfrm.fd, req->ptr, req->len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return kernel_fail(err, errno, "%s %s: send", msg_name(type), what);
	return answer_wait(xfrm.seq, type, what, reply_type, abuf, answer, err);
}

/*
 * Kernel structures from ours.
 */

static void xfrm_address_set(xfrm_address_t *x, const ip_address *a)
{
	memset(x, 0, sizeof(*x));
	size_t len = a->family == AF_INET ? 4 : a->family == AF_INET6 ? 16 : 0;
	memcpy(x, a->bytes, len);
}

static void xfrm_selector_set(struct xfrm_selector *x, const struct kernel_selector *s)
{
	memset(x, 0, sizeof(*x));
	x->family = s->src.addr.family;	/* 0 for "any": the kernel uses the SA's */
	xfrm_address_set(&x->saddr, &s->src.addr);
	xfrm_address_set(&x->daddr, &s->dst.addr);
	x->prefixlen_s = s->src.prefix;
	x->prefixlen_d = s->dst.prefix;
	x->proto = s->ipproto;
	x->sport = htons(s->sport);
	x->sport_mask = s->sport != 0 ? 0xffff : 0;
	x->dport = htons(s->dport);
	x->dport_mask = s->dport != 0 ? 0xffff : 0;
}

static uint64_t limit(uint64_t v)
{
	return v == 0 ? XFRM_INF : v;
}

static void xfrm_infinite(struct xfrm_lifetime_cfg *lft)
{
	memset(lft, 0, sizeof(*lft));
	lft->soft_byte_limit = lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = lft->hard_packet_limit = XFRM_INF;
}

static uint8_t xfrm_mode(enum kernel_mode mode)
{
	return mode == KERNEL_MODE_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
}

/* Algorithm name fields are fixed char[64]; ours are short literals. */
static void alg_name_set(char name[64], const char *s)
{
	memset(name, 0, 64);
	strncpy(name, s, 63);
}

static void put_encryption(struct wire_out *out, const struct kernel_sa *sa)
{
	const struct kernel_encrypt_info *e = kernel_encrypt_info(sa->encrypt);
	size_t start;
	if (e->aead) {
		struct xfrm_algo_aead a;
		memset(&a, 0, sizeof(a));
		alg_name_set(a.alg_name, e->xfrm_name);
		a.alg_key_len = 8 * sa->encrypt_key.len;	/* salt included */
		a.alg_icv_len = 8 * sa->icv_len;
		start = nl_attr_begin(out, XFRMA_ALG_AEAD);
		nl_put_raw(out, BYTES(&a, sizeof(a)));
	} else {
		struct xfrm_algo a;
		memset(&a, 0, sizeof(a));
		alg_name_set(a.alg_name, e->xfrm_name);
		a.alg_key_len = 8 * sa->encrypt_key.len;
		start = nl_attr_begin(out, XFRMA_ALG_CRYPT);
		nl_put_raw(out, BYTES(&a, sizeof(a)));
	}
	nl_put_raw(out, sa->encrypt_key);
	nl_attr_end(out, start);

	const struct kernel_integ_info *i = kernel_integ_info(sa->integ);
	if (i->xfrm_name == NULL)
		return;
	struct xfrm_algo_auth a;
	memset(&a, 0, sizeof(a));
	alg_name_set(a.alg_name, i->xfrm_name);
	a.alg_key_len = 8 * sa->integ_key.len;
	a.alg_trunc_len = i->trunc_bits;
	start = nl_attr_begin(out, XFRMA_ALG_AUTH_TRUNC);
	nl_put_raw(out, BYTES(&a, sizeof(a)));
	nl_put_raw(out, sa->integ_key);
	nl_attr_end(out, start);
}

/* Windows above 32 packets, and ESN, need the variable-size replay state. */
static bool needs_esn_state(const struct kernel_sa *sa)
{
	return sa->esn || sa->replay_window > 32;
}

static void put_replay_esn(struct wire_out *out, const struct kernel_sa *sa)
{
	struct xfrm_replay_state_esn r;
	memset(&r, 0, sizeof(r));
	r.bmp_len = (sa->replay_window + 31) / 32;	/* 32-bit words */
	r.replay_window = sa->replay_window;
	size_t start = nl_attr_begin(out, XFRMA_REPLAY_ESN_VAL);
	nl_put_raw(out, BYTES(&r, sizeof(r)));
	wire_put_zeros(out, r.bmp_len * sizeof(uint32_t));
	nl_attr_end(out, start);
}

static void build_newsa(struct wire_out *out, const struct kernel_sa *sa, uint32_t seq)
{
	struct xfrm_usersa_info p;
	memset(&p, 0, sizeof(p));
	xfrm_selector_set(&p.sel, &sa->sel);
	xfrm_address_set(&p.id.daddr, &sa->dst);
	p.id.spi = sa->spi;
	p.id.proto = sa->proto;
	xfrm_address_set(&p.saddr, &sa->src);
	p.family = sa->src.family;
	p.mode = xfrm_mode(sa->mode);
	p.reqid = sa->reqid;
	p.replay_window = needs_esn_state(sa) ? 0 : (uint8_t)sa->replay_window;
	p.flags = sa->esn ? XFRM_STATE_ESN : 0;
	p.lft.soft_byte_limit = limit(sa->soft_bytes);
	p.lft.hard_byte_limit = limit(sa->hard_bytes);
	p.lft.soft_packet_limit = p.lft.hard_packet_limit = XFRM_INF;
	p.lft.soft_add_expires_seconds = sa->soft_seconds;
	p.lft.hard_add_expires_seconds = sa->hard_seconds;

	size_t start = nl_msg_begin(out, XFRM_MSG_NEWSA, NLM_F_REQUEST | NLM_F_ACK, seq);
	nl_put_fixed(out, &p, sizeof(p));
	put_encryption(out, sa);
	if (needs_esn_state(sa))
		put_replay_esn(out, sa);
	if (sa->encap_sport != 0) {
		struct xfrm_encap_tmpl encap;
		memset(&encap, 0, sizeof(encap));
		encap.encap_type = UDP_ENCAP_ESPINUDP;
		encap.encap_sport = htons(sa->encap_sport);
		encap.encap_dport = htons(sa->encap_dport);
		nl_put_attr(out, XFRMA_ENCAP, BYTES(&encap, sizeof(encap)));
	}
	nl_msg_end(out, start);
}

static bool xfrm_add_sa(const struct kernel_sa *sa, struct kernel_err *err)
{
	if (!kernel_sa_check(sa, err))
		return false;
	char what[KERNEL_STR_LEN];
	kernel_sa_str(sa, what, sizeof(what));
	uint8_t req[XFRM_REQUEST_MAX], abuf[XFRM_ANSWER_MAX];
	struct wire_out out = wire_out_buf(req, sizeof(req));
	build_newsa(&out, sa, ++xfrm.seq);
	bool ok = xfrm_transact(&out, XFRM_MSG_NEWSA, what, 0, abuf, NULL, err);
	wipe(req, sizeof(req));
	wipe(abuf, sizeof(abuf));
	if (!ok)
		return false;
	struct kernel_sa_id id = { .dst = sa->dst, .spi = sa->spi, .proto = sa->proto };
	kernel_installed_add_sa(&xfrm.installed, &id);
	log_debug("kernel(xfrm): added %s", what);
	return true;
}

static void build_sa_id(struct wire_out *out, uint16_t type, uint16_t flags, const ip_address *dst,
			uint32_t spi, uint8_t proto, uint32_t seq)
{
	struct xfrm_usersa_id id;
	memset(&id, 0, sizeof(id));
	xfrm_address_set(&id.daddr, dst);
	id.spi = spi;
	id.family = dst->family;
	id.proto = proto;
	size_t start = nl_msg_begin(out, type, flags, seq);
	nl_put_fixed(out, &id, sizeof(id));
	nl_msg_end(out, start);
}

static const char *sa_id_str(const ip_address *dst, uint32_t spi, uint8_t proto, char *buf, size_t len)
{
	char a[64];
	snprintf(buf, len, "%s SA 0x%08x to %s", kernel_proto_name(proto), ntohl(spi),
		 kernel_address_str(dst, a, sizeof(a)));
	return buf;
}

static bool xfrm_del_sa(const ip_address *dst, uint32_t spi, uint8_t proto, struct kernel_err *err)
{
	char what[KERNEL_STR_LEN];
	sa_id_str(dst, spi, proto, what, sizeof(what));
	uint8_t req[256], abuf[XFRM_ANSWER_MAX];
	struct wire_out out = wire_out_buf(req, sizeof(req));
	build_sa_id(&out, XFRM_MSG_DELSA, NLM_F_REQUEST | NLM_F_ACK, dst, spi, proto, ++xfrm.seq);
	bool ok = xfrm_transact(&out, XFRM_MSG_DELSA, what, 0, abuf, NULL, err);
	wipe(abuf, sizeof(abuf));
	struct kernel_sa_id id = { .dst = *dst, .spi = spi, .proto = proto };
	if (ok || err->errnum == ESRCH)
		kernel_installed_del_sa(&xfrm.installed, &id);
	if (ok)
		log_debug("kernel(xfrm): deleted %s", what);
	return ok;
}

static bool xfrm_get_sa_counters(const ip_address *dst, uint32_t spi, uint8_t proto,
				 struct kernel_sa_counters *counters, struct kernel_err *err)
{
	char what[KERNEL_STR_LEN];
	sa_id_str(dst, spi, proto, what, sizeof(what));
	*counters = (struct kernel_sa_counters){ 0 };
	uint8_t req[256], abuf[XFRM_ANSWER_MAX];
	struct wire_out out = wire_out_buf(req, sizeof(req));
	build_sa_id(&out, XFRM_MSG_GETSA, NLM_F_REQUEST, dst, spi, proto, ++xfrm.seq);
	struct wire_in answer;
	bool ok = xfrm_transact(&out, XFRM_MSG_GETSA, what, XFRM_MSG_NEWSA, abuf, &answer, err);
	struct xfrm_usersa_info info;
	if (ok && !wire_get_copy(&answer, &info, sizeof(info)))
		ok = kernel_fail(err, EPROTO, "%s %s: short answer", msg_name(XFRM_MSG_GETSA), what);
	wipe(abuf, sizeof(abuf));	/* the answer carries the keys */
	if (!ok)
		return false;
	counters->bytes = info.curlft.bytes;
	counters->packets = info.curlft.packets;
	counters->add_time = info.curlft.add_time;
	counters->use_time = info.curlft.use_time;
	return true;
}

static uint8_t xfrm_dir(enum kernel_policy_dir dir)
{
	switch (dir) {
	case KERNEL_POLICY_IN: return XFRM_POLICY_IN;
	case KERNEL_POLICY_OUT: return XFRM_POLICY_OUT;
	case KERNEL_POLICY_FWD: return XFRM_POLICY_FWD;
	}
	return XFRM_POLICY_OUT;
}

static void put_template(struct wire_out *out, const struct kernel_policy *pol)
{
	struct xfrm_user_tmpl t;
	memset(&t, 0, sizeof(t));
	t.id.proto = pol->proto;
	if (pol->mode == KERNEL_MODE_TUNNEL) {
		xfrm_address_set(&t.id.daddr, &pol->tunnel_dst);
		xfrm_address_set(&t.saddr, &pol->tunnel_src);
		t.family = pol->tunnel_src.family;
	} else {
		t.family = pol->sel.src.addr.family;
	}
	t.reqid = pol->reqid;
	t.mode = xfrm_mode(pol->mode);
	t.aalgos = t.ealgos = t.calgos = ~(uint32_t)0;	/* whatever the SA has */
	nl_put_attr(out, XFRMA_TMPL, BYTES(&t, sizeof(t)));
}

static void build_newpolicy(struct wire_out *out, const struct kernel_policy *pol, uint32_t seq)
{
	struct xfrm_userpolicy_info p;
	memset(&p, 0, sizeof(p));
	xfrm_selector_set(&p.sel, &pol->sel);
	xfrm_infinite(&p.lft);
	p.priority = pol->priority;
	p.dir = xfrm_dir(pol->dir);
	p.action = pol->action == KERNEL_POLICY_DROP ? XFRM_POLICY_BLOCK : XFRM_POLICY_ALLOW;
	size_t start = nl_msg_begin(out, XFRM_MSG_NEWPOLICY, NLM_F_REQUEST | NLM_F_ACK, seq);
	nl_put_fixed(out, &p, sizeof(p));
	if (pol->action == KERNEL_POLICY_IPSEC)
		put_template(out, pol);
	nl_msg_end(out, start);
}

static bool xfrm_add_policy(const struct kernel_policy *pol, struct kernel_err *err)
{
	if (!kernel_policy_check(pol, err))
		return false;
	char what[KERNEL_STR_LEN];
	kernel_policy_str(pol, what, sizeof(what));
	uint8_t req[XFRM_REQUEST_MAX], abuf[XFRM_ANSWER_MAX];
	struct wire_out out = wire_out_buf(req, sizeof(req));
	build_newpolicy(&out, pol, ++xfrm.seq);
	if (!xfrm_transact(&out, XFRM_MSG_NEWPOLICY, what, 0, abuf, NULL, err))
		return false;
	struct kernel_policy_id id = { .dir = pol->dir, .sel = pol->sel };
	kernel_installed_add_policy(&xfrm.installed, &id);
	log_debug("kernel(xfrm): added %s", what);
	return true;
}

static bool xfrm_del_policy(enum kernel_policy_dir dir, const struct kernel_selector *sel,
			    struct kernel_err *err)
{
	char s[KERNEL_STR_LEN / 2], what[KERNEL_STR_LEN];
	snprintf(what, sizeof(what), "%s policy %s", kernel_policy_dir_name(dir),
		 kernel_selector_str(sel, s, sizeof(s)));
	struct xfrm_userpolicy_id id;
	memset(&id, 0, sizeof(id));
	xfrm_selector_set(&id.sel, sel);
	id.dir = xfrm_dir(dir);
	uint8_t req[256], abuf[XFRM_ANSWER_MAX];
	struct wire_out out = wire_out_buf(req, sizeof(req));
	size_t start = nl_msg_begin(&out, XFRM_MSG_DELPOLICY, NLM_F_REQUEST | NLM_F_ACK, ++xfrm.seq);
	nl_put_fixed(&out, &id, sizeof(id));
	nl_msg_end(&out, start);
	bool ok = xfrm_transact(&out, XFRM_MSG_DELPOLICY, what, 0, abuf, NULL, err);
	struct kernel_policy_id pid = { .dir = dir, .sel = *sel };
	if (ok || err->errnum == ENOENT)
		kernel_installed_del_policy(&xfrm.installed, &pid);
	if (ok)
		log_debug("kernel(xfrm): deleted %s", what);
	return ok;
}

static bool xfrm_flush(struct kernel_err *err)
{
	return kernel_installed_flush(&xfrm.installed, &kernel_xfrm_ops, err);
}

const struct kernel_ops kernel_xfrm_ops = {
	.name = "xfrm",
	.init = xfrm_init,
	.shutdown = xfrm_shutdown,
	.add_sa = xfrm_add_sa,
	.del_sa = xfrm_del_sa,
	.add_policy = xfrm_add_policy,
	.del_policy = xfrm_del_policy,
	.get_sa_counters = xfrm_get_sa_counters,
	.flush = xfrm_flush,
};
