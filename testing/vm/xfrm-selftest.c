/*
 * kernel_xfrm against a real kernel: run inside the VM, once per
 * namespace, by testing/vm/selftest-xfrm.sh (see netns-pair.sh for the
 * addresses).
 *
 *   xfrm-selftest west|east up|counters MIN|down|flush|errors [gcm|cbc]
 *
 * up        installs this side's SA pair and its out/in/fwd policies
 * counters  reads both SAs' counters; fails below MIN packets each
 * down      deletes the SAs and policies one by one
 * flush     installs everything, then removes it with flush()
 * errors    duplicate adds, unknown deletes and a bad key give the
 *           expected errno and a reason
 * Prints "ok"/"FAIL" lines; exits non-zero on any failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../programs/pluto/kernel.h"
#include "log.h"

static int failures;

static void check(bool ok, const char *what, const struct kernel_err *err)
{
	if (ok) {
		printf("ok   %s\n", what);
		return;
	}
	failures++;
	printf("FAIL %s%s%s\n", what, err != NULL ? ": " : "", err != NULL ? err->reason : "");
}

struct side {
	const char *name;
	const char *local, *remote;		/* outer addresses */
	const char *local_net, *remote_net;	/* clients */
	uint32_t out_spi, in_spi;		/* host order here */
};

static const struct side sides[] = {
	{ "west", "192.0.2.1", "192.0.2.2", "10.0.1.0/24", "10.0.2.0/24", 0x1001, 0x2002 },
	{ "east", "192.0.2.2", "192.0.2.1", "10.0.2.0/24", "10.0.1.0/24", 0x2002, 0x1001 },
};

static ip_address addr(const char *s)
{
	ip_address a = { .family = AF_INET };
	if (inet_pton(AF_INET, s, a.bytes) != 1)
		abort();
	return a;
}

static ip_subnet subnet(const char *s)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%s", s);
	char *slash = strchr(buf, '/');
	*slash = '\0';
	return (ip_subnet){ .addr = addr(buf), .prefix = (uint8_t)atoi(slash + 1) };
}

/* Test keys: one fill byte per direction and use, the same on both sides. */
static uint8_t keys[4][64];

static struct bytes key(uint32_t spi, bool integ, size_t len)
{
	int k = (spi == 0x1001 ? 0 : 2) + (integ ? 1 : 0);
	memset(keys[k], 0x11 * (k + 1), sizeof(keys[k]));
	return BYTES(keys[k], len);
}

/* The SA for traffic from `from` to `to` with that SPI, in either algorithm set. */
static struct kernel_sa make_sa(const struct side *s, bool inbound, bool cbc)
{
	struct kernel_sa sa = {
		.direction = inbound ? KERNEL_INBOUND : KERNEL_OUTBOUND,
		.src = addr(inbound ? s->remote : s->local),
		.dst = addr(inbound ? s->local : s->remote),
		.spi = htonl(inbound ? s->in_spi : s->out_spi),
		.proto = IPPROTO_ESP,
		.mode = KERNEL_MODE_TUNNEL,
		.reqid = 1,
		.soft_seconds = 3000,
		.hard_seconds = 3600,
	};
	uint32_t spi = inbound ? s->in_spi : s->out_spi;
	if (cbc) {
		/* CBC also exercises selectors on the SA and an ESN window. */
		sa.encrypt = KERNEL_ENCRYPT_AES_CBC;
		sa.encrypt_key = key(spi, false, 16);
		sa.integ = KERNEL_INTEG_HMAC_SHA2_256_128;
		sa.integ_key = key(spi, true, 32);
		sa.sel.src = subnet(inbound ? s->remote_net : s->local_net);
		sa.sel.dst = subnet(inbound ? s->local_net : s->remote_net);
		sa.esn = true;
		sa.replay_window = 128;
	} else {
		sa.encrypt = KERNEL_ENCRYPT_AES_GCM;
		sa.encrypt_key = key(spi, false, 36);
		sa.icv_len = 16;
		sa.replay_window = 32;
	}
	return sa;
}

static struct kernel_policy make_policy(const struct side *s, enum kernel_policy_dir dir)
{
	bool out = dir == KERNEL_POLICY_OUT;
	return (struct kernel_policy){
		.dir = dir,
		.sel = {
			.src = subnet(out ? s->local_net : s->remote_net),
			.dst = subnet(out ? s->remote_net : s->local_net),
		},
		.priority = 1000,
		.action = KERNEL_POLICY_IPSEC,
		.mode = KERNEL_MODE_TUNNEL,
		.tunnel_src = addr(out ? s->local : s->remote),
		.tunnel_dst = addr(out ? s->remote : s->local),
		.proto = IPPROTO_ESP,
		.reqid = 1,
	};
}

static const enum kernel_policy_dir dirs[] = { KERNEL_POLICY_OUT, KERNEL_POLICY_IN, KERNEL_POLICY_FWD };

static void up(const struct kernel_ops *k, const struct side *s, bool cbc)
{
	struct kernel_err err;
	char what[KERNEL_STR_LEN], line[KERNEL_STR_LEN + 16];
	for (int inbound = 0; inbound < 2; inbound++) {
		struct kernel_sa sa = make_sa(s, inbound, cbc);
		snprintf(line, sizeof(line), "add %s", kernel_sa_str(&sa, what, sizeof(what)));
		check(k->add_sa(&sa, &err), line, &err);
	}
	for (size_t i = 0; i < 3; i++) {
		struct kernel_policy p = make_policy(s, dirs[i]);
		snprintf(line, sizeof(line), "add %s", kernel_policy_str(&p, what, sizeof(what)));
		check(k->add_policy(&p, &err), line, &err);
	}
}

static void down(const struct kernel_ops *k, const struct side *s)
{
	struct kernel_err err;
	char line[128];
	for (int inbound = 0; inbound < 2; inbound++) {
		struct kernel_sa sa = make_sa(s, inbound, false);
		snprintf(line, sizeof(line), "delete SA 0x%08x", ntohl(sa.spi));
		check(k->del_sa(&sa.dst, sa.spi, sa.proto, &err), line, &err);
	}
	for (size_t i = 0; i < 3; i++) {
		struct kernel_policy p = make_policy(s, dirs[i]);
		snprintf(line, sizeof(line), "delete %s policy", kernel_policy_dir_name(p.dir));
		check(k->del_policy(p.dir, &p.sel, &err), line, &err);
	}
}

static void counters(const struct kernel_ops *k, const struct side *s, uint64_t min)
{
	for (int inbound = 0; inbound < 2; inbound++) {
		struct kernel_sa sa = make_sa(s, inbound, false);
		struct kernel_sa_counters c;
		struct kernel_err err;
		char line[160];
		bool ok = k->get_sa_counters(&sa.dst, sa.spi, sa.proto, &c, &err);
		if (ok)
			printf("%s %s SA 0x%08x: %llu bytes, %llu packets\n", s->name,
			       inbound ? "inbound" : "outbound", ntohl(sa.spi),
			       (unsigned long long)c.bytes, (unsigned long long)c.packets);
		snprintf(line, sizeof(line), "SA 0x%08x counted at least %llu packets", ntohl(sa.spi),
			 (unsigned long long)min);
		check(ok && c.packets >= min && c.add_time != 0, line, ok ? NULL : &err);
	}
}

static void flush(const struct kernel_ops *k, const struct side *s, bool cbc)
{
	struct kernel_err err;
	struct kernel_sa_counters c;
	up(k, s, cbc);
	struct kernel_sa sa = make_sa(s, false, cbc);
	check(k->get_sa_counters(&sa.dst, sa.spi, sa.proto, &c, &err) && c.packets == 0,
	      "fresh SA has zero counters", &err);
	check(k->flush(&err), "flush", &err);
	check(!k->get_sa_counters(&sa.dst, sa.spi, sa.proto, &c, &err) && err.errnum == ESRCH,
	      "flushed SA is gone (ESRCH)", NULL);
	check(k->flush(&err), "second flush has nothing to do", &err);
}

static void errors(const struct kernel_ops *k, const struct side *s)
{
	struct kernel_err err;
	struct kernel_sa_counters c;
	up(k, s, false);
	struct kernel_sa sa = make_sa(s, false, false);
	bool ok = k->add_sa(&sa, &err);
	printf("duplicate SA: %s\n", ok ? "accepted" : err.reason);
	check(!ok && err.errnum == EEXIST && strstr(err.reason, "File exists") != NULL,
	      "duplicate SA refused with EEXIST", NULL);

	struct kernel_policy p = make_policy(s, KERNEL_POLICY_OUT);
	ok = k->add_policy(&p, &err);
	printf("duplicate policy: %s\n", ok ? "accepted" : err.reason);
	check(!ok && err.errnum == EEXIST, "duplicate policy refused with EEXIST", NULL);

	uint32_t unknown = htonl(0xdead);
	ok = k->del_sa(&sa.dst, unknown, IPPROTO_ESP, &err);
	printf("unknown SA: %s\n", ok ? "deleted" : err.reason);
	check(!ok && err.errnum == ESRCH, "unknown SA delete gives ESRCH", NULL);
	check(!k->get_sa_counters(&sa.dst, unknown, IPPROTO_ESP, &c, &err) && err.errnum == ESRCH,
	      "unknown SA counters give ESRCH", NULL);

	struct kernel_selector other = p.sel;
	other.dst.prefix = 16;
	other.dst.addr.bytes[2] = 0;
	ok = k->del_policy(KERNEL_POLICY_OUT, &other, &err);
	printf("unknown policy: %s\n", ok ? "deleted" : err.reason);
	check(!ok && err.errnum == ENOENT, "unknown policy delete gives ENOENT", NULL);

	struct kernel_sa bad = make_sa(s, false, false);
	bad.spi = htonl(0xbad);
	bad.encrypt_key.len = 21;	/* 17 bytes of AES key + salt */
	ok = k->add_sa(&bad, &err);
	printf("bad key: %s\n", ok ? "accepted" : err.reason);
	check(!ok && err.errnum == 0, "21-byte AES-GCM key refused before the kernel", NULL);

	check(k->flush(&err), "flush", &err);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s west|east up|counters MIN|down|flush|errors [gcm|cbc]\n", argv[0]);
		return 2;
	}
	const struct side *s = NULL;
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		if (strcmp(argv[1], sides[i].name) == 0)
			s = &sides[i];
	}
	const char *cmd = argv[2];
	bool counting = strcmp(cmd, "counters") == 0;
	const char *alg = argc > (counting ? 4 : 3) ? argv[counting ? 4 : 3] : "gcm";
	bool cbc = strcmp(alg, "cbc") == 0;
	if (s == NULL || (counting && argc < 4)) {
		fprintf(stderr, "%s: bad arguments\n", argv[0]);
		return 2;
	}
	log_open("xfrm-selftest", LOG_DEST_STDERR, NULL);
	log_set_debug(true);

	const struct kernel_ops *k = kernel_ops_by_name("xfrm");
	struct kernel_err err;
	if (!k->init(&err)) {
		printf("FAIL init: %s\n", err.reason);
		return 1;
	}
	if (strcmp(cmd, "up") == 0)
		up(k, s, cbc);
	else if (counting)
		counters(k, s, strtoull(argv[3], NULL, 10));
	else if (strcmp(cmd, "down") == 0)
		down(k, s);
	else if (strcmp(cmd, "flush") == 0)
		flush(k, s, cbc);
	else if (strcmp(cmd, "errors") == 0)
		errors(k, s);
	else {
		fprintf(stderr, "%s: unknown command %s\n", argv[0], cmd);
		failures++;
	}
	k->shutdown();
	wipe(keys, sizeof(keys));
	return failures == 0 ? 0 : 1;
}
