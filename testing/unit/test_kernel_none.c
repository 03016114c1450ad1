/* pluto's kernel interface: backend choice, checks, descriptions, and
 * the protostack=none backend's log lines and kernel-like answers. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "log.h"
#include "../../programs/pluto/kernel.h"

static ip_address v4(const char *s)
{
	ip_address a = { .family = AF_INET };
	inet_pton(AF_INET, s, a.bytes);
	return a;
}

static ip_subnet net4(const char *s, uint8_t prefix)
{
	return (ip_subnet){ .addr = v4(s), .prefix = prefix };
}

static uint8_t gcm_key[36] = { 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5 };

static struct kernel_sa gcm_sa(void)
{
	return (struct kernel_sa){
		.direction = KERNEL_INBOUND,
		.src = v4("192.0.2.1"),
		.dst = v4("192.0.2.2"),
		.spi = htonl(0x12345678),
		.proto = IPPROTO_ESP,
		.mode = KERNEL_MODE_TUNNEL,
		.encrypt = KERNEL_ENCRYPT_AES_GCM,
		.encrypt_key = BYTES(gcm_key, sizeof(gcm_key)),
		.icv_len = 16,
	};
}

static struct kernel_policy out_policy(void)
{
	return (struct kernel_policy){
		.dir = KERNEL_POLICY_OUT,
		.sel = { .src = net4("10.0.1.0", 24), .dst = net4("10.0.2.0", 24) },
		.priority = 1000,
		.action = KERNEL_POLICY_IPSEC,
		.mode = KERNEL_MODE_TUNNEL,
		.tunnel_src = v4("192.0.2.1"),
		.tunnel_dst = v4("192.0.2.2"),
		.proto = IPPROTO_ESP,
		.reqid = 7,
	};
}

/* Log lines go to a temporary file that the tests read back. */
static char log_path[64];

static void log_to_file(void)
{
	snprintf(log_path, sizeof(log_path), "/tmp/test_kernel_none.XXXXXX");
	int fd = mkstemp(log_path);
	CHECK(fd >= 0);
	close(fd);
	CHECK(log_open("test", LOG_DEST_FILE, log_path));
}

/* The whole log so far, then the log is emptied. */
static char *log_take(void)
{
	static char text[8192];
	log_flush();	/* log files are block-buffered */
	FILE *f = fopen(log_path, "r");
	size_t n = f != NULL ? fread(text, 1, sizeof(text) - 1, f) : 0;
	text[n] = '\0';
	if (f != NULL)
		fclose(f);
	log_close();
	CHECK(log_open("test", LOG_DEST_FILE, log_path));
	CHECK(truncate(log_path, 0) == 0);
	return text;
}

static void log_done(void)
{
	log_close();
	unlink(log_path);
}

static void test_backend_by_name(void)
{
	CHECK(kernel_ops_by_name("xfrm") == &kernel_xfrm_ops);
	CHECK(kernel_ops_by_name("netkey") == &kernel_xfrm_ops);
	CHECK(kernel_ops_by_name("none") == &kernel_none_ops);
	CHECK(kernel_ops_by_name("klips") == NULL);
	CHECK(kernel_ops_by_name("") == NULL);
	CHECK(kernel_ops_by_name(NULL) == NULL);
	CHECK(strcmp(kernel_none_ops.name, "none") == 0);
	CHECK(strcmp(kernel_xfrm_ops.name, "xfrm") == 0);
}

static void test_descriptions(void)
{
	char buf[KERNEL_STR_LEN];
	struct kernel_sa sa = gcm_sa();
	CHECK(strcmp(kernel_sa_str(&sa, buf, sizeof(buf)),
		     "inbound ESP SA 0x12345678 192.0.2.1->192.0.2.2 tunnel aes_gcm16(256)") == 0);

	uint8_t aes[16] = { 0 }, hmac[48] = { 0 };
	sa.direction = KERNEL_OUTBOUND;
	sa.mode = KERNEL_MODE_TRANSPORT;
	sa.encrypt = KERNEL_ENCRYPT_AES_CBC;
	sa.encrypt_key = BYTES(aes, sizeof(aes));
	sa.integ = KERNEL_INTEG_HMAC_SHA2_384_192;
	sa.integ_key = BYTES(hmac, sizeof(hmac));
	sa.reqid = 16389;
	sa.encap_sport = 4500;
	sa.encap_dport = 4501;
	CHECK(strcmp(kernel_sa_str(&sa, buf, sizeof(buf)),
		     "outbound ESP SA 0x12345678 192.0.2.1->192.0.2.2 transport "
		     "aes_cbc(128)-hmac_sha2_384_192 reqid 16389 udp-encap 4500->4501") == 0);

	struct kernel_policy p = out_policy();
	CHECK(strcmp(kernel_policy_str(&p, buf, sizeof(buf)),
		     "out policy 10.0.1.0/24->10.0.2.0/24 tunnel ESP 192.0.2.1->192.0.2.2 reqid 7 priority 1000") == 0);
	p.dir = KERNEL_POLICY_FWD;
	p.action = KERNEL_POLICY_PASS;
	p.sel.ipproto = IPPROTO_UDP;
	p.sel.dport = 500;
	CHECK(strcmp(kernel_policy_str(&p, buf, sizeof(buf)),
		     "fwd policy 10.0.1.0/24->10.0.2.0/24 proto 17 sport 0 dport 500 pass priority 1000") == 0);

	ip_address v6 = { .family = AF_INET6 };
	inet_pton(AF_INET6, "2001:db8::1", v6.bytes);
	ip_address unset = { 0 };
	CHECK(strcmp(kernel_address_str(&v6, buf, sizeof(buf)), "2001:db8::1") == 0);
	CHECK(strcmp(kernel_address_str(&unset, buf, sizeof(buf)), "%any") == 0);
}

static void test_sa_checks(void)
{
	struct kernel_err err;
	struct kernel_sa sa = gcm_sa();
	CHECK(kernel_sa_check(&sa, &err));

	static const size_t good_gcm[] = { 20, 28, 36 };
	for (size_t i = 0; i < 3; i++) {
		sa.encrypt_key.len = good_gcm[i];
		CHECK(kernel_sa_check(&sa, &err));
	}
	static const size_t bad_gcm[] = { 0, 3, 4, 16, 21, 32, 40 };
	for (size_t i = 0; i < sizeof(bad_gcm) / sizeof(bad_gcm[0]); i++) {
		sa.encrypt_key.len = bad_gcm[i];
		CHECK(!kernel_sa_check(&sa, &err) && err.errnum == 0 && strstr(err.reason, "aes_gcm key"));
	}
	sa = gcm_sa();
	sa.icv_len = 4;
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "ICV"));
	sa = gcm_sa();
	sa.integ = KERNEL_INTEG_HMAC_SHA1_96;
	CHECK(!kernel_sa_check(&sa, &err));
	sa = gcm_sa();
	sa.spi = 0;
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "SPI 0"));
	sa = gcm_sa();
	sa.proto = IPPROTO_AH;
	CHECK(!kernel_sa_check(&sa, &err));
	sa = gcm_sa();
	sa.dst.family = AF_INET6;
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "two families"));
	sa = gcm_sa();
	sa.src = (ip_address){ 0 };
	sa.dst = (ip_address){ 0 };
	CHECK(!kernel_sa_check(&sa, &err));
	sa = gcm_sa();
	sa.esn = true;
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "ESN"));
	sa.replay_window = 64;
	CHECK(kernel_sa_check(&sa, &err));
	sa.replay_window = KERNEL_REPLAY_WINDOW_MAX + 1;
	CHECK(!kernel_sa_check(&sa, &err));
	sa = gcm_sa();
	sa.encap_sport = 4500;
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "both ports"));
	sa = gcm_sa();
	sa.sel.src = net4("10.0.1.0", 24);
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "selector"));
	sa.sel.dst = net4("10.0.2.0", 33);
	CHECK(!kernel_sa_check(&sa, &err));
	sa.sel.dst = net4("10.0.2.0", 24);
	CHECK(kernel_sa_check(&sa, &err));
	sa.sel.dport = 80;
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "ports without"));

	/* AES-CBC needs an integrity algorithm with a key of its hash's length. */
	uint8_t aes[32] = { 0 }, hmac[64] = { 0 };
	sa = gcm_sa();
	sa.encrypt = KERNEL_ENCRYPT_AES_CBC;
	sa.encrypt_key = BYTES(aes, 24);
	CHECK(!kernel_sa_check(&sa, &err) && strstr(err.reason, "without integrity"));
	static const struct { enum kernel_integ integ; size_t len; } integs[] = {
		{ KERNEL_INTEG_HMAC_SHA1_96, 20 },
		{ KERNEL_INTEG_HMAC_SHA2_256_128, 32 },
		{ KERNEL_INTEG_HMAC_SHA2_384_192, 48 },
		{ KERNEL_INTEG_HMAC_SHA2_512_256, 64 },
	};
	for (size_t i = 0; i < 4; i++) {
		sa.integ = integs[i].integ;
		sa.integ_key = BYTES(hmac, integs[i].len);
		CHECK(kernel_sa_check(&sa, &err));
		sa.integ_key.len--;
		CHECK(!kernel_sa_check(&sa, &err));
	}
	CHECK(kernel_integ_info(KERNEL_INTEG_HMAC_SHA2_512_256)->trunc_bits == 256);
	CHECK(strcmp(kernel_encrypt_info(KERNEL_ENCRYPT_AES_GCM)->xfrm_name, "rfc4106(gcm(aes))") == 0);
}

static void test_policy_checks(void)
{
	struct kernel_err err;
	struct kernel_policy p = out_policy();
	CHECK(kernel_policy_check(&p, &err));
	p.sel.src = (ip_subnet){ 0 };
	p.sel.dst = (ip_subnet){ 0 };
	CHECK(!kernel_policy_check(&p, &err));	/* policies always have selectors */
	p = out_policy();
	p.tunnel_dst = (ip_address){ 0 };
	CHECK(!kernel_policy_check(&p, &err) && strstr(err.reason, "outer"));
	p.mode = KERNEL_MODE_TRANSPORT;
	CHECK(kernel_policy_check(&p, &err));
	p = out_policy();
	p.action = KERNEL_POLICY_DROP;
	p.proto = 0;
	CHECK(kernel_policy_check(&p, &err));
}

static void test_none_logs_what_it_would_install(void)
{
	const struct kernel_ops *k = &kernel_none_ops;
	struct kernel_err err;
	log_to_file();
	CHECK(k->init(&err));
	CHECK(strstr(log_take(), "protostack=none") != NULL);

	struct kernel_sa sa = gcm_sa();
	CHECK(k->add_sa(&sa, &err));
	const char *text = log_take();
	CHECK(strcmp(text, "kernel(none): would add inbound ESP SA 0x12345678 "
			   "192.0.2.1->192.0.2.2 tunnel aes_gcm16(256)\n") == 0);
	CHECK(strstr(text, "a5a5") == NULL && strstr(text, "A5A5") == NULL);

	struct kernel_policy p = out_policy();
	CHECK(k->add_policy(&p, &err));
	CHECK(strcmp(log_take(), "kernel(none): would add out policy 10.0.1.0/24->10.0.2.0/24 "
				 "tunnel ESP 192.0.2.1->192.0.2.2 reqid 7 priority 1000\n") == 0);

	struct kernel_sa_counters c = { .bytes = 1, .packets = 1 };
	CHECK(k->get_sa_counters(&sa.dst, sa.spi, sa.proto, &c, &err));
	CHECK(c.bytes == 0 && c.packets == 0 && c.use_time == 0);

	CHECK(k->del_sa(&sa.dst, sa.spi, sa.proto, &err));
	CHECK(strcmp(log_take(), "kernel(none): would delete ESP SA 0x12345678 to 192.0.2.2\n") == 0);
	CHECK(k->del_policy(p.dir, &p.sel, &err));
	CHECK(strcmp(log_take(), "kernel(none): would delete out policy 10.0.1.0/24->10.0.2.0/24\n") == 0);
	k->shutdown();
	log_done();
}

static void test_none_answers_like_a_kernel(void)
{
	const struct kernel_ops *k = &kernel_none_ops;
	struct kernel_err err;
	struct kernel_sa_counters c;
	log_to_file();
	CHECK(k->init(&err));
	struct kernel_sa sa = gcm_sa();
	struct kernel_policy p = out_policy();
	CHECK(k->add_sa(&sa, &err));
	CHECK(!k->add_sa(&sa, &err) && err.errnum == EEXIST && strstr(err.reason, "File exists"));
	CHECK(k->add_policy(&p, &err));
	CHECK(!k->add_policy(&p, &err) && err.errnum == EEXIST);

	/* Same SPI to another destination, or another direction: different entries. */
	struct kernel_sa other = sa;
	other.dst = v4("192.0.2.3");
	CHECK(k->add_sa(&other, &err));
	struct kernel_policy in = p;
	in.dir = KERNEL_POLICY_IN;
	CHECK(k->add_policy(&in, &err));

	uint32_t unknown = htonl(0xdead);
	CHECK(!k->del_sa(&sa.dst, unknown, IPPROTO_ESP, &err) && err.errnum == ESRCH);
	CHECK(!k->get_sa_counters(&sa.dst, unknown, IPPROTO_ESP, &c, &err) && err.errnum == ESRCH);
	struct kernel_selector sel = p.sel;
	sel.dport = 1;
	sel.ipproto = IPPROTO_TCP;
	CHECK(!k->del_policy(KERNEL_POLICY_OUT, &sel, &err) && err.errnum == ENOENT);
	CHECK(!k->del_policy(KERNEL_POLICY_FWD, &p.sel, &err) && err.errnum == ENOENT);

	/* Invalid input is refused and not recorded. */
	struct kernel_sa bad = sa;
	bad.spi = htonl(1);
	bad.icv_len = 0;
	CHECK(!k->add_sa(&bad, &err) && err.errnum == 0);
	CHECK(!k->get_sa_counters(&bad.dst, bad.spi, bad.proto, &c, &err));
	log_take();

	/* flush() removes everything, logging each delete, then nothing is left. */
	CHECK(k->flush(&err));
	const char *text = log_take();
	CHECK(strstr(text, "would delete ESP SA 0x12345678 to 192.0.2.2\n") != NULL);
	CHECK(strstr(text, "would delete ESP SA 0x12345678 to 192.0.2.3\n") != NULL);
	CHECK(strstr(text, "would delete out policy 10.0.1.0/24->10.0.2.0/24\n") != NULL);
	CHECK(strstr(text, "would delete in policy 10.0.1.0/24->10.0.2.0/24\n") != NULL);
	/* SAs go first. */
	CHECK(strstr(text, "ESP SA") < strstr(text, "policy"));
	CHECK(!k->get_sa_counters(&sa.dst, sa.spi, sa.proto, &c, &err) && err.errnum == ESRCH);
	CHECK(k->flush(&err));
	CHECK(strcmp(log_take(), "") == 0);
	CHECK(k->add_sa(&sa, &err));	/* usable again */
	k->shutdown();
	log_done();
}

static void test_installed_record(void)
{
	struct kernel_installed k = { 0 };
	struct kernel_sa_id ids[20];
	for (size_t i = 0; i < 20; i++) {
		ids[i] = (struct kernel_sa_id){ .dst = v4("192.0.2.2"), .spi = htonl(100 + i), .proto = IPPROTO_ESP };
		kernel_installed_add_sa(&k, &ids[i]);
	}
	kernel_installed_add_sa(&k, &ids[3]);	/* no duplicates */
	CHECK(k.nr_sas == 20);
	kernel_installed_del_sa(&k, &ids[3]);
	CHECK(k.nr_sas == 19 && !kernel_installed_has_sa(&k, &ids[3]));
	CHECK(kernel_installed_has_sa(&k, &ids[19]));
	kernel_installed_del_sa(&k, &ids[3]);
	CHECK(k.nr_sas == 19);

	struct kernel_policy_id p = { .dir = KERNEL_POLICY_IN, .sel = { .src = net4("10.0.0.0", 8), .dst = net4("10.1.0.0", 16) } };
	kernel_installed_add_policy(&k, &p);
	struct kernel_policy_id q = p;
	q.sel.dst.prefix = 17;
	CHECK(kernel_installed_has_policy(&k, &p) && !kernel_installed_has_policy(&k, &q));
	q = p;
	q.dir = KERNEL_POLICY_FWD;
	CHECK(!kernel_installed_has_policy(&k, &q));
	kernel_installed_free(&k);
	CHECK(k.nr_sas == 0 && k.sas == NULL && k.policies == NULL);
}

UNIT_MAIN(UNIT(test_backend_by_name), UNIT(test_descriptions), UNIT(test_sa_checks),
	  UNIT(test_policy_checks), UNIT(test_none_logs_what_it_would_install),
	  UNIT(test_none_answers_like_a_kernel), UNIT(test_installed_record))
