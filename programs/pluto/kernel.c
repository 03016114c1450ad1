/*
 * The parts of the kernel interface both backends share: backend choice,
 * algorithm tables, checks, readable descriptions and the record of what
 * was installed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

const struct kernel_ops *kernel_ops_by_name(const char *protostack)
{
	static const struct {
		const char *name;
		const struct kernel_ops *ops;
	} stacks[] = {
		{ "xfrm", &kernel_xfrm_ops },
		{ "netkey", &kernel_xfrm_ops },	/* the old name of XFRM */
		{ "none", &kernel_none_ops },
	};
	for (size_t i = 0; protostack != NULL && i < sizeof(stacks) / sizeof(stacks[0]); i++) {
		if (strcmp(protostack, stacks[i].name) == 0)
			return stacks[i].ops;
	}
	return NULL;
}

static const struct kernel_encrypt_info encrypt_table[] = {
	{ KERNEL_ENCRYPT_AES_GCM, "aes_gcm", "rfc4106(gcm(aes))", true, 4 },
	{ KERNEL_ENCRYPT_AES_CBC, "aes_cbc", "cbc(aes)", false, 0 },
};

static const struct kernel_integ_info integ_table[] = {
	{ KERNEL_INTEG_NONE, "none", NULL, 0, 0 },
	{ KERNEL_INTEG_HMAC_SHA1_96, "hmac_sha1_96", "hmac(sha1)", 20, 96 },
	{ KERNEL_INTEG_HMAC_SHA2_256_128, "hmac_sha2_256_128", "hmac(sha256)", 32, 128 },
	{ KERNEL_INTEG_HMAC_SHA2_384_192, "hmac_sha2_384_192", "hmac(sha384)", 48, 192 },
	{ KERNEL_INTEG_HMAC_SHA2_512_256, "hmac_sha2_512_256", "hmac(sha512)", 64, 256 },
};

const struct kernel_encrypt_info *kernel_encrypt_info(enum kernel_encrypt e)
{
	for (size_t i = 0; i < sizeof(encrypt_table) / sizeof(encrypt_table[0]); i++) {
		if (encrypt_table[i].encrypt == e)
			return &encrypt_table[i];
	}
	return NULL;
}

const struct kernel_integ_info *kernel_integ_info(enum kernel_integ in)
{
	for (size_t i = 0; i < sizeof(integ_table) / sizeof(integ_table[0]); i++) {
		if (integ_table[i].integ == in)
			return &integ_table[i];
	}
	return NULL;
}

bool kernel_fail(struct kernel_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	size_t used = n < 0 ? 0 : (size_t)n < sizeof(err->reason) ? (size_t)n : sizeof(err->reason) - 1;
	if (errnum != 0)
		snprintf(err->reason + used, sizeof(err->reason) - used, ": %s", strerror(errnum));
	err->errnum = errnum;
	return false;
}

static size_t family_len(uint8_t family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static bool subnet_ok(const ip_subnet *s)
{
	return family_len(s->addr.family) != 0 && s->prefix <= 8 * family_len(s->addr.family);
}

static bool selector_unset(const struct kernel_selector *sel)
{
	return sel->src.addr.family == 0 && sel->dst.addr.family == 0;
}

static bool selector_check(const struct kernel_selector *sel, bool may_be_unset,
			   const char *what, struct kernel_err *err)
{
	if (may_be_unset && selector_unset(sel))
		return true;
	if (!subnet_ok(&sel->src) || !subnet_ok(&sel->dst) ||
	    sel->src.addr.family != sel->dst.addr.family)
		return kernel_fail(err, 0, "%s: selector subnets missing, invalid or of two families", what);
	if ((sel->sport != 0 || sel->dport != 0) && sel->ipproto == 0)
		return kernel_fail(err, 0, "%s: selector ports without a protocol", what);
	return true;
}

static bool outer_check(const ip_address *src, const ip_address *dst, const char *what,
			struct kernel_err *err)
{
	if (family_len(src->family) == 0 || src->family != dst->family)
		return kernel_fail(err, 0, "%s: outer addresses missing or of two families", what);
	return true;
}

bool kernel_sa_check(const struct kernel_sa *sa, struct kernel_err *err)
{
	char desc[KERNEL_STR_LEN];
	const char *what = kernel_sa_str(sa, desc, sizeof(desc));
	if (!outer_check(&sa->src, &sa->dst, what, err))
		return false;
	if (sa->spi == 0)
		return kernel_fail(err, 0, "%s: SPI 0 is reserved", what);
	if (sa->proto != IPPROTO_ESP)
		return kernel_fail(err, 0, "%s: only ESP is supported", what);
	if (!selector_check(&sa->sel, true, what, err))
		return false;

	const struct kernel_encrypt_info *e = kernel_encrypt_info(sa->encrypt);
	const struct kernel_integ_info *i = kernel_integ_info(sa->integ);
	if (e == NULL || i == NULL)
		return kernel_fail(err, 0, "%s: unknown algorithm", what);
	size_t aes_len = sa->encrypt_key.len - e->salt_len;
	if (sa->encrypt_key.len < e->salt_len || (aes_len != 16 && aes_len != 24 && aes_len != 32))
		return kernel_fail(err, 0, "%s: %zu-byte %s key", what, sa->encrypt_key.len, e->name);
	if (e->aead) {
		if (sa->icv_len != 8 && sa->icv_len != 12 && sa->icv_len != 16)
			return kernel_fail(err, 0, "%s: %u-byte ICV", what, sa->icv_len);
		if (sa->integ != KERNEL_INTEG_NONE)
			return kernel_fail(err, 0, "%s: AEAD with a separate integrity algorithm", what);
	} else {
		if (sa->integ == KERNEL_INTEG_NONE)
			return kernel_fail(err, 0, "%s: %s without integrity", what, e->name);
		if (sa->integ_key.len != i->key_len)
			return kernel_fail(err, 0, "%s: %zu-byte %s key", what, sa->integ_key.len, i->name);
	}
	if (sa->esn && sa->replay_window == 0)
		return kernel_fail(err, 0, "%s: ESN needs a replay window", what);
	if (sa->replay_window > KERNEL_REPLAY_WINDOW_MAX)
		return kernel_fail(err, 0, "%s: replay window %u too large", what, sa->replay_window);
	if ((sa->encap_sport == 0) != (sa->encap_dport == 0))
		return kernel_fail(err, 0, "%s: UDP encapsulation needs both ports", what);
	return true;
}

bool kernel_policy_check(const struct kernel_policy *p, struct kernel_err *err)
{
	char desc[KERNEL_STR_LEN];
	const char *what = kernel_policy_str(p, desc, sizeof(desc));
	if (!selector_check(&p->sel, false, what, err))
		return false;
	if (p->action != KERNEL_POLICY_IPSEC)
		return true;
	if (p->proto != IPPROTO_ESP)
		return kernel_fail(err, 0, "%s: only ESP is supported", what);
	if (p->mode == KERNEL_MODE_TUNNEL)
		return outer_check(&p->tunnel_src, &p->tunnel_dst, what, err);
	return true;
}

/*
 * Descriptions.  Addresses are formatted here with inet_ntop so that the
 * backends need nothing but the address type itself.
 */

const char *kernel_address_str(const ip_address *a, char *buf, size_t len)
{
	if (family_len(a->family) == 0 || inet_ntop(a->family, a->bytes, buf, len) == NULL)
		snprintf(buf, len, "%%any");
	return buf;
}

static const char *subnet_text(const ip_subnet *s, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	if (family_len(s->addr.family) == 0)
		snprintf(buf, len, "any");
	else
		snprintf(buf, len, "%s/%u", kernel_address_str(&s->addr, a, sizeof(a)), s->prefix);
	return buf;
}

const char *kernel_policy_dir_name(enum kernel_policy_dir dir)
{
	switch (dir) {
	case KERNEL_POLICY_IN: return "in";
	case KERNEL_POLICY_OUT: return "out";
	case KERNEL_POLICY_FWD: return "fwd";
	}
	return "?";
}

const char *kernel_proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_ESP: return "ESP";
	case IPPROTO_AH: return "AH";
	case IPPROTO_COMP: return "IPCOMP";
	}
	return "?";
}

static const char *mode_name(enum kernel_mode mode)
{
	return mode == KERNEL_MODE_TUNNEL ? "tunnel" : "transport";
}

/* "aes_gcm16(256)" or "aes_cbc(128)-hmac_sha2_256_128": bits of AES key. */
static void algorithm_text(const struct kernel_sa *sa, char *buf, size_t len)
{
	const struct kernel_encrypt_info *e = kernel_encrypt_info(sa->encrypt);
	const struct kernel_integ_info *i = kernel_integ_info(sa->integ);
	if (e == NULL || i == NULL) {
		snprintf(buf, len, "unknown-algorithm");
		return;
	}
	size_t bits = sa->encrypt_key.len > e->salt_len ? 8 * (sa->encrypt_key.len - e->salt_len) : 0;
	if (e->aead)
		snprintf(buf, len, "%s%u(%zu)", e->name, sa->icv_len, bits);
	else
		snprintf(buf, len, "%s(%zu)-%s", e->name, bits, i->name);
}

const char *kernel_sa_str(const struct kernel_sa *sa, char *buf, size_t len)
{
	char src[INET6_ADDRSTRLEN + 8], dst[INET6_ADDRSTRLEN + 8], alg[64];
	char extra[64] = "";
	algorithm_text(sa, alg, sizeof(alg));
	size_t n = 0;
	if (sa->reqid != 0)
		n += snprintf(extra + n, sizeof(extra) - n, " reqid %u", sa->reqid);
	if (sa->encap_sport != 0 && n < sizeof(extra))
		snprintf(extra + n, sizeof(extra) - n, " udp-encap %u->%u", sa->encap_sport, sa->encap_dport);
	snprintf(buf, len, "%s %s SA 0x%08x %s->%s %s %s%s",
		 sa->direction == KERNEL_INBOUND ? "inbound" : "outbound",
		 kernel_proto_name(sa->proto), ntohl(sa->spi),
		 kernel_address_str(&sa->src, src, sizeof(src)), kernel_address_str(&sa->dst, dst, sizeof(dst)),
		 mode_name(sa->mode), alg, extra);
	return buf;
}

const char *kernel_selector_str(const struct kernel_selector *sel, char *buf, size_t len)
{
	char src[64], dst[64];
	int n = snprintf(buf, len, "%s->%s", subnet_text(&sel->src, src, sizeof(src)),
			 subnet_text(&sel->dst, dst, sizeof(dst)));
	if (sel->ipproto != 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " proto %u sport %u dport %u",
			 sel->ipproto, sel->sport, sel->dport);
	return buf;
}

const char *kernel_policy_str(const struct kernel_policy *p, char *buf, size_t len)
{
	char sel[KERNEL_STR_LEN / 2], src[INET6_ADDRSTRLEN + 8], dst[INET6_ADDRSTRLEN + 8];
	kernel_selector_str(&p->sel, sel, sizeof(sel));
	const char *dir = kernel_policy_dir_name(p->dir);
	switch (p->action) {
	case KERNEL_POLICY_PASS:
		snprintf(buf, len, "%s policy %s pass priority %u", dir, sel, p->priority);
		break;
	case KERNEL_POLICY_DROP:
		snprintf(buf, len, "%s policy %s drop priority %u", dir, sel, p->priority);
		break;
	case KERNEL_POLICY_IPSEC:
		if (p->mode == KERNEL_MODE_TUNNEL)
			snprintf(buf, len, "%s policy %s tunnel %s %s->%s reqid %u priority %u", dir, sel,
				 kernel_proto_name(p->proto),
				 kernel_address_str(&p->tunnel_src, src, sizeof(src)),
				 kernel_address_str(&p->tunnel_dst, dst, sizeof(dst)), p->reqid, p->priority);
		else
			snprintf(buf, len, "%s policy %s transport %s reqid %u priority %u", dir, sel,
				 kernel_proto_name(p->proto), p->reqid, p->priority);
		break;
	}
	return buf;
}

/*
 * The record of what was installed: small arrays, searched linearly
 * (a host has tens of Child SAs, not millions).
 */

static bool sa_id_eq(const struct kernel_sa_id *a, const struct kernel_sa_id *b)
{
	return a->spi == b->spi && a->proto == b->proto && a->dst.family == b->dst.family &&
	       memcmp(a->dst.bytes, b->dst.bytes, family_len(a->dst.family)) == 0;
}

static bool subnet_same(const ip_subnet *a, const ip_subnet *b)
{
	return a->addr.family == b->addr.family && a->prefix == b->prefix &&
	       memcmp(a->addr.bytes, b->addr.bytes, family_len(a->addr.family)) == 0;
}

static bool policy_id_eq(const struct kernel_policy_id *a, const struct kernel_policy_id *b)
{
	return a->dir == b->dir && subnet_same(&a->sel.src, &b->sel.src) &&
	       subnet_same(&a->sel.dst, &b->sel.dst) && a->sel.ipproto == b->sel.ipproto &&
	       a->sel.sport == b->sel.sport && a->sel.dport == b->sel.dport;
}

static void *grow(void *array, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return array;
	*cap = *cap == 0 ? 8 : 2 * *cap;
	return xrealloc(array, *cap * size);
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;	/* FNV-1a */
	return h;
}

static uint64_t sa_id_hash(const struct kernel_sa_id *id)
{
	uint64_t h = mix(0xcbf29ce484222325ull, &id->spi, sizeof(id->spi));
	h = mix(h, &id->proto, 1);
	return mix(h, id->dst.bytes, family_len(id->dst.family));
}

static uint64_t subnet_hash(uint64_t h, const ip_subnet *s)
{
	h = mix(h, &s->prefix, 1);
	return mix(h, s->addr.bytes, family_len(s->addr.family));
}

static uint64_t policy_id_hash(const struct kernel_policy_id *id)
{
	uint64_t h = mix(0xcbf29ce484222325ull, &id->dir, sizeof(id->dir));
	h = subnet_hash(subnet_hash(h, &id->sel.src), &id->sel.dst);
	h = mix(h, &id->sel.ipproto, 1);
	h = mix(h, &id->sel.sport, 2);
	return mix(h, &id->sel.dport, 2);
}

/* One index: array positions by hash; the callers pass how to hash and
 * compare the i-th array entry. */
struct index_ops {
	uint64_t (*hash_at)(const struct kernel_installed *k, size_t i);
	bool (*eq_at)(const struct kernel_installed *k, size_t i, const void *id);
};

static uint64_t sa_hash_at(const struct kernel_installed *k, size_t i) { return sa_id_hash(&k->sas[i]); }
static bool sa_eq_at(const struct kernel_installed *k, size_t i, const void *id) { return sa_id_eq(&k->sas[i], id); }
static uint64_t policy_hash_at(const struct kernel_installed *k, size_t i) { return policy_id_hash(&k->policies[i]); }
static bool policy_eq_at(const struct kernel_installed *k, size_t i, const void *id)
{
	return policy_id_eq(&k->policies[i], id);
}

static const struct index_ops sa_ops = { sa_hash_at, sa_eq_at };
static const struct index_ops policy_ops = { policy_hash_at, policy_eq_at };

/* The slot holding id, or the empty slot where it would go. */
static size_t index_find(const struct kernel_installed *k, const uint32_t *index, size_t cap,
			 const struct index_ops *ops, uint64_t hash, const void *id)
{
	size_t slot = hash & (cap - 1);
	while (index[slot] != 0 && !ops->eq_at(k, index[slot] - 1, id))
		slot = (slot + 1) & (cap - 1);
	return slot;
}

/* Rebuild at twice the size when more than half full. */
static void index_fit(struct kernel_installed *k, uint32_t **index, size_t *cap, size_t n,
		      const struct index_ops *ops)
{
	if (2 * (n + 1) <= *cap)
		return;
	free(*index);
	*cap = *cap == 0 ? 16 : 2 * *cap;
	*index = xzalloc(*cap * sizeof(**index));
	for (size_t i = 0; i < n; i++) {
		size_t slot = ops->hash_at(k, i) & (*cap - 1);
		while ((*index)[slot] != 0)
			slot = (slot + 1) & (*cap - 1);
		(*index)[slot] = (uint32_t)(i + 1);
	}
}

/* Empty a slot, shifting later entries of its probe run back (no tombstones). */
static void index_remove(struct kernel_installed *k, uint32_t *index, size_t cap, size_t slot,
			 const struct index_ops *ops)
{
	size_t hole = slot;
	index[hole] = 0;
	for (size_t next = (hole + 1) & (cap - 1); index[next] != 0; next = (next + 1) & (cap - 1)) {
		size_t home = ops->hash_at(k, index[next] - 1) & (cap - 1);
		/* move it if its home is not in (hole, next] cyclically */
		bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
		if (!stays) {
			index[hole] = index[next];
			index[next] = 0;
			hole = next;
		}
	}
}

/* The array entry at `from` moved to `to` (swap-removal): fix its slot. */
static void index_moved(struct kernel_installed *k, uint32_t *index, size_t cap, size_t from, size_t to,
			const struct index_ops *ops)
{
	size_t slot = ops->hash_at(k, to) & (cap - 1);
	while (index[slot] != from + 1)
		slot = (slot + 1) & (cap - 1);
	index[slot] = (uint32_t)(to + 1);
}

bool kernel_installed_has_sa(const struct kernel_installed *k, const struct kernel_sa_id *id)
{
	if (k->sa_index_cap == 0)
		return false;
	return k->sa_index[index_find(k, k->sa_index, k->sa_index_cap, &sa_ops, sa_id_hash(id), id)] != 0;
}

void kernel_installed_add_sa(struct kernel_installed *k, const struct kernel_sa_id *id)
{
	if (kernel_installed_has_sa(k, id))
		return;
	k->sas = grow(k->sas, &k->cap_sas, k->nr_sas + 1, sizeof(k->sas[0]));
	index_fit(k, &k->sa_index, &k->sa_index_cap, k->nr_sas, &sa_ops);
	size_t slot = index_find(k, k->sa_index, k->sa_index_cap, &sa_ops, sa_id_hash(id), id);
	k->sas[k->nr_sas++] = *id;
	k->sa_index[slot] = (uint32_t)k->nr_sas;
}

void kernel_installed_del_sa(struct kernel_installed *k, const struct kernel_sa_id *id)
{
	if (k->sa_index_cap == 0)
		return;
	size_t slot = index_find(k, k->sa_index, k->sa_index_cap, &sa_ops, sa_id_hash(id), id);
	if (k->sa_index[slot] == 0)
		return;
	size_t i = k->sa_index[slot] - 1;
	index_remove(k, k->sa_index, k->sa_index_cap, slot, &sa_ops);
	size_t last = --k->nr_sas;
	if (i != last) {
		k->sas[i] = k->sas[last];
		index_moved(k, k->sa_index, k->sa_index_cap, last, i, &sa_ops);
	}
}

bool kernel_installed_has_policy(const struct kernel_installed *k, const struct kernel_policy_id *id)
{
	if (k->policy_index_cap == 0)
		return false;
	return k->policy_index[index_find(k, k->policy_index, k->policy_index_cap, &policy_ops,
					  policy_id_hash(id), id)] != 0;
}

void kernel_installed_add_policy(struct kernel_installed *k, const struct kernel_policy_id *id)
{
	if (kernel_installed_has_policy(k, id))
		return;
	k->policies = grow(k->policies, &k->cap_policies, k->nr_policies + 1, sizeof(k->policies[0]));
	index_fit(k, &k->policy_index, &k->policy_index_cap, k->nr_policies, &policy_ops);
	size_t slot = index_find(k, k->policy_index, k->policy_index_cap, &policy_ops, policy_id_hash(id), id);
	k->policies[k->nr_policies++] = *id;
	k->policy_index[slot] = (uint32_t)k->nr_policies;
}

void kernel_installed_del_policy(struct kernel_installed *k, const struct kernel_policy_id *id)
{
	if (k->policy_index_cap == 0)
		return;
	size_t slot = index_find(k, k->policy_index, k->policy_index_cap, &policy_ops, policy_id_hash(id), id);
	if (k->policy_index[slot] == 0)
		return;
	size_t i = k->policy_index[slot] - 1;
	index_remove(k, k->policy_index, k->policy_index_cap, slot, &policy_ops);
	size_t last = --k->nr_policies;
	if (i != last) {
		k->policies[i] = k->policies[last];
		index_moved(k, k->policy_index, k->policy_index_cap, last, i, &policy_ops);
	}
}

void kernel_installed_free(struct kernel_installed *k)
{
	free(k->sas);
	free(k->policies);
	free(k->sa_index);
	free(k->policy_index);
	*k = (struct kernel_installed){ 0 };
}

bool kernel_installed_flush(struct kernel_installed *k, const struct kernel_ops *ops,
			    struct kernel_err *err)
{
	bool ok = true;
	struct kernel_err e;
	while (k->nr_sas > 0) {
		struct kernel_sa_id id = k->sas[k->nr_sas - 1];
		if (!ops->del_sa(&id.dst, id.spi, id.proto, &e) && e.errnum != ESRCH && ok) {
			*err = e;
			ok = false;
		}
		kernel_installed_del_sa(k, &id);	/* also when the kernel refused */
	}
	while (k->nr_policies > 0) {
		struct kernel_policy_id id = k->policies[k->nr_policies - 1];
		if (!ops->del_policy(id.dir, &id.sel, &e) && e.errnum != ENOENT && ok) {
			*err = e;
			ok = false;
		}
		kernel_installed_del_policy(k, &id);
	}
	return ok;
}
