/* ipsec.conf: sections, keyword types, %default, also=, include, errors. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipsec_conf.h"
#include "unit.h"

/* A temporary directory for the files of one case, removed after it. */
static char tmpdir[64];

static void tmp_make(void)
{
	strcpy(tmpdir, "/tmp/test_ipsec_conf.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void tmp_remove(void)
{
	nftw(tmpdir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void tmp_mkdir(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (mkdir(path, 0700) != 0) {
		perror(path);
		exit(2);
	}
}

/* Writes tmpdir/name; returns the full path (static buffer). */
static const char *tmp_write(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	return path;
}

/* Parse text that must be accepted. */
static struct ipsec_conf *parse_ok(const char *text)
{
	char *errors = NULL;
	struct ipsec_conf *conf = ipsec_conf_parse("test.conf", text, &errors);
	if (conf == NULL) {
		fprintf(stderr, "  unexpected errors:\n%s\n", errors);
		unit_fail(__FILE__, __LINE__, "parse_ok");
	}
	free(errors);
	return conf;
}

/* Parse text that must be refused with an error containing want. */
static bool parse_fails(const char *text, const char *want)
{
	char *errors = NULL;
	struct ipsec_conf *conf = ipsec_conf_parse("test.conf", text, &errors);
	bool ok = conf == NULL && errors != NULL && strstr(errors, want) != NULL;
	if (!ok)
		fprintf(stderr, "  wanted \"%s\", got: %s\n", want, errors != NULL ? errors : "(none)");
	ipsec_conf_free(conf);
	free(errors);
	return ok;
}

static const struct conn_config *conn(const struct ipsec_conf *conf, const char *name)
{
	const struct conn_config *c = ipsec_conf_find(conf, name);
	if (c == NULL)
		unit_fail(__FILE__, __LINE__, name);
	return c;
}

static bool id_is(const struct ike_id *i, const char *text)
{
	char buf[IKE_ID_STR_LEN];
	return strcmp(ike_id_str(i, buf, sizeof(buf)), text) == 0;
}

static bool subnet_is(const ip_subnet *s, const char *text)
{
	char buf[SUBNET_STR_LEN];
	return strcmp(subnet_str(s, buf, sizeof(buf)), text) == 0;
}

static bool addr_is(const ip_address *a, const char *text)
{
	char buf[ADDRESS_STR_LEN];
	return strcmp(address_str(a, buf, sizeof(buf)), text) == 0;
}

static void test_defaults(void)
{
	struct ipsec_conf *conf = parse_ok("conn bare\n");
	const struct ipsec_conf_setup *s = &conf->setup;
	CHECK(s->protostack == PROTOSTACK_XFRM && s->ikeport == 500 && s->nat_ikeport == 4500);
	CHECK(s->uniqueids && s->logfile == NULL && s->ticket_key_file == NULL);
	CHECK(s->ticket_key_rotation_s == 24 * 3600 && !address_is_set(&s->listen));
	CHECK(s->ddos_mode == DDOS_AUTO && s->ddos_ike_threshold == 25000);
	CHECK(s->dnssec_enable && s->dnssec_rootkey_file == NULL && s->dnssec_anchors == NULL);
	CHECK(strcmp(s->nssdir, "/var/lib/ipsec/nss") == 0 && strcmp(s->ipsecdir, "/etc/ipsec.d") == 0);
	CHECK(strcmp(s->secretsfile, "/etc/ipsec.secrets") == 0);
	CHECK(conf->nr_conns == 1);
	const struct conn_config *c = conn(conf, "bare");
	CHECK(c->autostart == AUTO_IGNORE && c->type == CONN_TUNNEL);
	CHECK(c->authby == (AUTHBY_RSASIG | AUTHBY_ECDSA));
	CHECK(c->ike == NULL && c->esp == NULL);
	CHECK(c->ikelifetime_s == 8 * 3600 && c->salifetime_s == 8 * 3600);
	CHECK(c->rekey && c->rekeymargin_s == 540 && c->rekeyfuzz_percent == 100);
	CHECK(c->keyingtries == 0 && c->dpddelay_s == 0 && c->dpdtimeout_s == 0);
	CHECK(c->dpdaction == DPD_HOLD && c->pfs && c->fragmentation == FRAGMENTATION_YES);
	CHECK(!c->session_resumption && c->ticket_lifetime_s == 8 * 3600);
	CHECK(c->session_resumption_auth == RESUME_AUTH_RFC);
	CHECK(c->retransmit_timeout_s == 60 && c->retransmit_interval_ms == 500);
	CHECK(c->left.host.kind == HOST_UNSET && c->right.host.kind == HOST_UNSET);
	CHECK(c->left.id.type == IKE_ID_UNSET && !subnet_is_set(&c->left.subnet));
	CHECK(c->left.auth == END_AUTH_UNSET && !c->left.protoport.set);
	CHECK(c->left.cert == NULL && c->left.updown == NULL);
	CHECK(strcmp(c->file, "test.conf") == 0 && c->line == 1);
	ipsec_conf_free(conf);
}

static const char full_conf[] =
	"# a comment\n"
	"version 2.0\n"
	"config setup\n"
	"\tprotostack=none\n"
	"\tlogfile=/var/log/pluto.log\n"
	"\tplutodebug=\"base crypt\"\n"
	"\tticket-key-file=/etc/ipsec.d/ticket.keys\n"
	"\tticket-key-rotation=12h\n"
	"\tlisten=192.0.2.1\n"
	"\tikeport=5500\n"
	"\tnattport=5501\n"
	"\tnssdir=/tmp/nss\n"
	"\tipsecdir=/tmp/ipsec.d\n"
	"\tsecretsfile=/tmp/ipsec.secrets\n"
	"\tuniqueids=no\n"
	"\tddos-mode=busy\n"
	"\tddos-ike-threshold=0\n"
	"\n"
	"conn all-types\n"
	"    left=192.0.2.1          # trailing comment\n"
	"    right=east.example\n"
	"    leftsubnet=10.1.0.0/16\n"
	"    rightsubnet=10.2.0.0/16\n"
	"    leftid=@west.example\n"
	"    rightid=@#0a0b\n"
	"    leftauth=secret\n"
	"    rightauth=ecdsa\n"
	"    leftprotoport=17/1701\n"
	"    rightprotoport=tcp\n"
	"    leftcert=westcert\n"
	"    rightcert=\"east cert\"\n"
	"    leftupdown=/usr/libexec/ipsec/_updown\n"
	"    authby=secret, rsa-sha2\n"
	"    auto=start\n"
	"    type=transport\n"
	"    keyexchange=ikev2\n"
	"    ikev2=insist\n"
	"    ike=aes256-sha2_256;dh19\n"
	"    esp=aes_gcm256\n"
	"    ikelifetime=2h\n"
	"    salifetime=30m\n"
	"    rekey=no\n"
	"    rekeymargin=90s\n"
	"    rekeyfuzz=150%\n"
	"    keyingtries=3\n"
	"    dpddelay=30\n"
	"    dpdtimeout=2m\n"
	"    dpdaction=restart\n"
	"    pfs=no\n"
	"    fragmentation=force\n"
	"    session-resumption=yes\n"
	"    ticket-lifetime=1d\n"
	"    session-resumption-auth=libreswan\n"
	"    retransmit-timeout=2m\n"
	"    retransmit-interval=2s\n";

static void test_dnssec_keys(void)
{
	struct ipsec_conf *conf = parse_ok("config setup\n"
					   "\tdnssec-enable=no\n"
					   "\tdnssec-rootkey-file=/var/lib/unbound/root.key\n"
					   "\tdnssec-anchors=/etc/ipsec.d/anchors\n"
					   "conn named\n\tleft=192.0.2.1\n\tright=gw.example.net\n");
	const struct ipsec_conf_setup *s = &conf->setup;
	CHECK(!s->dnssec_enable);
	CHECK(strcmp(s->dnssec_rootkey_file, "/var/lib/unbound/root.key") == 0);
	CHECK(strcmp(s->dnssec_anchors, "/etc/ipsec.d/anchors") == 0);
	const struct conn_config *c = conn(conf, "named");
	CHECK(c->right.host.kind == HOST_NAME && strcmp(c->right.host.name, "gw.example.net") == 0);
	ipsec_conf_free(conf);
	CHECK(parse_fails("config setup\n\tdnssec-enable=maybe\n", "dnssec-enable"));
}

static void test_all_types(void)
{
	struct ipsec_conf *conf = parse_ok(full_conf);
	const struct ipsec_conf_setup *s = &conf->setup;
	CHECK(s->protostack == PROTOSTACK_NONE && strcmp(s->logfile, "/var/log/pluto.log") == 0);
	CHECK(strcmp(s->plutodebug, "base crypt") == 0);
	CHECK(strcmp(s->ticket_key_file, "/etc/ipsec.d/ticket.keys") == 0);
	CHECK(s->ticket_key_rotation_s == 12 * 3600 && addr_is(&s->listen, "192.0.2.1"));
	CHECK(s->ikeport == 5500 && s->nat_ikeport == 5501 && !s->uniqueids);
	CHECK(s->ddos_mode == DDOS_BUSY && s->ddos_ike_threshold == 0);
	CHECK(strcmp(s->nssdir, "/tmp/nss") == 0 && strcmp(s->ipsecdir, "/tmp/ipsec.d") == 0);
	CHECK(strcmp(s->secretsfile, "/tmp/ipsec.secrets") == 0);

	const struct conn_config *c = conn(conf, "all-types");
	CHECK(c->line == 19);
	CHECK(c->left.host.kind == HOST_ADDRESS && addr_is(&c->left.host.addr, "192.0.2.1"));
	CHECK(c->right.host.kind == HOST_NAME && strcmp(c->right.host.name, "east.example") == 0);
	CHECK(subnet_is(&c->left.subnet, "10.1.0.0/16") && subnet_is(&c->right.subnet, "10.2.0.0/16"));
	CHECK(id_is(&c->left.id, "@west.example") && c->right.id.type == IKE_ID_KEY_ID);
	CHECK(c->left.auth == END_AUTH_SECRET && c->right.auth == END_AUTH_ECDSA);
	CHECK(c->left.protoport.set && c->left.protoport.proto == 17 && c->left.protoport.port == 1701);
	CHECK(c->right.protoport.set && c->right.protoport.proto == 6 && c->right.protoport.port == 0);
	CHECK(strcmp(c->left.cert, "westcert") == 0 && strcmp(c->right.cert, "east cert") == 0);
	CHECK(strcmp(c->left.updown, "/usr/libexec/ipsec/_updown") == 0 && c->right.updown == NULL);
	CHECK(c->authby == (AUTHBY_SECRET | AUTHBY_RSA_SHA2));
	CHECK(c->autostart == AUTO_START && c->type == CONN_TRANSPORT);
	CHECK(strcmp(c->ike, "aes256-sha2_256;dh19") == 0 && strcmp(c->esp, "aes_gcm256") == 0);
	CHECK(c->ikelifetime_s == 7200 && c->salifetime_s == 1800 && !c->rekey);
	CHECK(c->rekeymargin_s == 90 && c->rekeyfuzz_percent == 150 && c->keyingtries == 3);
	CHECK(c->dpddelay_s == 30 && c->dpdtimeout_s == 120 && c->dpdaction == DPD_RESTART);
	CHECK(!c->pfs && c->fragmentation == FRAGMENTATION_FORCE);
	CHECK(c->session_resumption && c->ticket_lifetime_s == 86400);
	CHECK(c->session_resumption_auth == RESUME_AUTH_LIBRESWAN);
	CHECK(c->retransmit_timeout_s == 120 && c->retransmit_interval_ms == 2000);
	CHECK(conn_config_check(c) == NULL);
	ipsec_conf_free(conf);
}

static void test_value_forms(void)
{
	struct ipsec_conf *conf = parse_ok(
		"conn a\n"
		"  left=%any\n"
		"  right=%any6\n"
		"  leftid=%fromcert\n"
		"  rightid=road@example.org\n"
		"  leftprotoport=udp/%any\n"
		"  rightprotoport=%any/500\n"
		"  keyingtries=%forever\n"
		"  retransmit-interval=750ms\n"
		"  rekeyfuzz=0\n"
		"  auto=route\n"
		"  keylife=1h\n"
		"  keyexchange=ike\n"
		"conn b\n"
		"  left=%defaultroute\n"
		"  right=0.0.0.0\n"
		"  auto=up\n"
		"  authby=never\n"
		"  ikelifetime=86400s\n"
		"  retransmit-interval=1m\n"
		"  leftsubnet=2001:db8::/32\n"
		"  rightsubnet=::/0\n");
	const struct conn_config *a = conn(conf, "a"), *b = conn(conf, "b");
	CHECK(a->left.host.kind == HOST_ANY && !address_is_set(&a->left.host.addr));
	CHECK(a->right.host.kind == HOST_ANY && a->right.host.addr.family == AF_INET6);
	CHECK(a->left.id.type == IKE_ID_FROMCERT && id_is(&a->right.id, "road@example.org"));
	CHECK(a->left.protoport.proto == 17 && a->left.protoport.port == 0);
	CHECK(a->right.protoport.proto == 0 && a->right.protoport.port == 500);
	CHECK(a->keyingtries == 0 && a->retransmit_interval_ms == 750 && a->rekeyfuzz_percent == 0);
	CHECK(a->autostart == AUTO_ONDEMAND && a->salifetime_s == 3600);
	CHECK(b->left.host.kind == HOST_DEFAULTROUTE && b->right.host.kind == HOST_ANY);
	CHECK(b->autostart == AUTO_START && b->authby == AUTHBY_NEVER);
	CHECK(b->ikelifetime_s == 86400 && b->retransmit_interval_ms == 60000);
	CHECK(subnet_is(&b->left.subnet, "2001:db8::/32") && subnet_is(&b->right.subnet, "::/0"));
	CHECK(strstr(conn_config_check(a), "%any") != NULL);
	CHECK(strstr(conn_config_check(a), "leftid=%fromcert") == NULL);	/* both %any first */
	ipsec_conf_free(conf);
}

static void test_quoting_and_comments(void)
{
	struct ipsec_conf *conf = parse_ok(
		"config setup\n"
		"  logfile=\"/tmp/a file #1.log\"   # comment after a quote\n"
		"  plutodebug=  base    crypt   \n"
		"conn q # comment after a header\n"
		"  leftcert=\"say \\\"hi\\\" \\\\ \\n\"\n"
		"  rightcert=a#b\n"
		"  leftupdown=\"\"\n"
		"\t # an indented comment\n"
		"  ike = aes128-sha2\n"
		"#left=192.0.2.1\n");
	CHECK(strcmp(conf->setup.logfile, "/tmp/a file #1.log") == 0);
	CHECK(strcmp(conf->setup.plutodebug, "base crypt") == 0);
	const struct conn_config *q = conn(conf, "q");
	CHECK(strcmp(q->left.cert, "say \"hi\" \\ \\n") == 0);
	CHECK(strcmp(q->right.cert, "a#b") == 0);	/* "#" needs white space before it */
	CHECK(q->left.updown == NULL);			/* empty: the default */
	CHECK(strcmp(q->ike, "aes128-sha2") == 0);
	CHECK(q->left.host.kind == HOST_UNSET);
	ipsec_conf_free(conf);

	conf = parse_ok("conn west/east:1#x\n  auto=add\n");
	CHECK(conn(conf, "west/east:1#x")->autostart == AUTO_ADD);	/* "#" needs a blank */
	ipsec_conf_free(conf);

	CHECK(parse_fails("conn q\n  leftcert=\"open\n", "test.conf:2: unterminated quoted value"));
	CHECK(parse_fails("conn q\n  leftcert=\"a\" b\n", "test.conf:2: text after the closing quote"));
	CHECK(parse_fails("conn q\n  leftcert=\"a\"#b\n", "test.conf:2: text after the closing quote"));

	/* CRLF line ends */
	conf = parse_ok("conn crlf\r\n  left=192.0.2.1\r\n  auto=add\r\n");
	CHECK(conn(conf, "crlf")->autostart == AUTO_ADD);
	ipsec_conf_free(conf);
}

static void test_default_and_also(void)
{
	struct ipsec_conf *conf = parse_ok(
		"conn %default\n"
		"  ikelifetime=1h\n"
		"  authby=secret\n"
		"  leftupdown=/bin/default\n"
		"  dpddelay=10\n"
		"conn base\n"
		"  also=crypto\n"
		"  left=192.0.2.1\n"
		"  ike=base-ike\n"
		"  auto=ignore\n"
		"conn crypto\n"
		"  ike=crypto-ike\n"
		"  esp=crypto-esp\n"
		"  salifetime=2h\n"
		"conn first\n"
		"  esp=first-esp\n"
		"  rekeymargin=1m\n"
		"conn west-east\n"
		"  also=base\n"
		"  right=192.0.2.2\n"
		"  auto=start\n"
		"  also=first\n"
		"  rekeymargin=2m\n"
		"  leftupdown=\n"
		"conn other\n"
		"  also=first\n"
		"  also=crypto\n");
	CHECK(conf->nr_conns == 5);	/* %default is not a conn */
	CHECK(ipsec_conf_find(conf, "%default") == NULL);
	const struct conn_config *c = conn(conf, "west-east");
	/* own lines win, even over an also= written after them */
	CHECK(c->autostart == AUTO_START && c->rekeymargin_s == 120);
	/* from also=base, which itself beats its also=crypto */
	CHECK(addr_is(&c->left.host.addr, "192.0.2.1") && strcmp(c->ike, "base-ike") == 0);
	/* the later also=first beats the earlier also=base (-> crypto) */
	CHECK(strcmp(c->esp, "first-esp") == 0);
	/* from crypto through base */
	CHECK(c->salifetime_s == 7200);
	/* from %default */
	CHECK(c->ikelifetime_s == 3600 && c->authby == AUTHBY_SECRET && c->dpddelay_s == 10);
	/* an empty value undoes %default */
	CHECK(c->left.updown == NULL);
	CHECK(conn_config_check(c) == NULL);

	const struct conn_config *o = conn(conf, "other");
	CHECK(strcmp(o->esp, "crypto-esp") == 0 && o->rekeymargin_s == 60);
	CHECK(strcmp(o->left.updown, "/bin/default") == 0);
	/* a fragment is still a conn, incomplete */
	const struct conn_config *b = conn(conf, "crypto");
	CHECK(strstr(conn_config_check(b), "left=") != NULL);
	ipsec_conf_free(conf);
}

static void test_also_errors(void)
{
	CHECK(parse_fails("conn a\n  also=b\nconn b\n  also=a\n",
			  "test.conf:4: also=a makes a loop: a -> b -> a"));
	CHECK(parse_fails("conn a\n  also=a\n", "test.conf:2: also=a makes a loop: a -> a"));
	CHECK(parse_fails("conn a\n  also=b\nconn b\n  also=c\nconn c\n  also=b\n",
			  "test.conf:6: also=b makes a loop"));
	CHECK(parse_fails("conn a\n  also=nowhere\n", "test.conf:2: also=nowhere: no conn nowhere"));
	CHECK(parse_fails("conn %default\n  also=nowhere\n", "also=nowhere: no conn nowhere"));
	CHECK(parse_fails("conn a\n  also=%default\n", "test.conf:2: also=%default: not a conn name"));
	CHECK(parse_fails("config setup\n  also=a\nconn a\n", "also= is only for conn sections"));
	/* a long chain that is fine */
	char text[4096];
	size_t pos = 0;
	for (int i = 0; i < 20; i++)
		pos += (size_t)snprintf(text + pos, sizeof(text) - pos, "conn c%d\n  also=c%d\n", i, i + 1);
	snprintf(text + pos, sizeof(text) - pos, "conn c20\n  ikelifetime=5m\n");
	struct ipsec_conf *conf = parse_ok(text);
	CHECK(conn(conf, "c0")->ikelifetime_s == 300);
	ipsec_conf_free(conf);
}

static void test_structure_errors(void)
{
	CHECK(parse_fails("  left=192.0.2.1\n", "test.conf:1: left= is not inside"));
	CHECK(parse_fails("conn a\nleft=192.0.2.1\n",
			  "test.conf:2: unexpected \"left=192.0.2.1\" in column 0"));
	CHECK(parse_fails("conn a\n  frobnicate=yes\n",
			  "test.conf:2: frobnicate: unknown keyword in conn section"));
	CHECK(parse_fails("conn a\n  leftfrobnicate=yes\n",
			  "test.conf:2: leftfrobnicate: unknown keyword in conn section"));
	CHECK(parse_fails("config setup\n  frobnicate=yes\n",
			  "test.conf:2: frobnicate: unknown keyword in config setup"));
	CHECK(parse_fails("config setup\n  left=192.0.2.1\n",
			  "test.conf:2: left: belongs in a conn section, not config setup"));
	CHECK(parse_fails("conn a\n  protostack=none\n",
			  "test.conf:2: protostack: belongs in config setup, not in a conn section"));
	CHECK(parse_fails("conn a\n  Left=192.0.2.1\n", "Left: unknown keyword"));
	CHECK(parse_fails("conn a\nconn a\n",
			  "test.conf:2: duplicate conn a section (first at test.conf:1)"));
	CHECK(parse_fails("config setup\nconfig setup\n", "test.conf:2: duplicate config setup section"));
	CHECK(parse_fails("conn a\n  left=192.0.2.1\n  left=192.0.2.2\n",
			  "test.conf:3: left= given twice in one section (first at test.conf:2)"));
	CHECK(parse_fails("conn a\n  salifetime=1h\n  keylife=2h\n", "test.conf:3: keylife= given twice"));
	CHECK(parse_fails("conn a b\n", "test.conf:1: expected \"conn NAME\""));
	CHECK(parse_fails("conn\n", "test.conf:1: expected \"conn NAME\""));
	CHECK(parse_fails("conn %mine\n", "test.conf:1: expected \"conn NAME\""));
	CHECK(parse_fails("conn a\x7f\n", "test.conf:1: expected \"conn NAME\""));
	CHECK(parse_fails("conn caf\xc3\xa9\n", "test.conf:1: expected \"conn NAME\""));
	CHECK(parse_fails("config stuff\n", "test.conf:1: expected \"config setup\""));
	CHECK(parse_fails("ca foo\n  cacert=x\n", "test.conf:1: ca sections are not supported"));
	CHECK(parse_fails("conn a\n  = 1\n", "test.conf:2: expected key=value"));
	CHECK(parse_fails("conn a\n  left 192.0.2.1\n", "test.conf:2: expected key=value"));
	CHECK(parse_fails("include\n", "test.conf:1: expected \"include FILE\""));
	/* lines of a refused section are still checked, once each */
	CHECK(parse_fails("conn a\nconn a\n  bogus=1\n", "test.conf:3: bogus: unknown keyword"));
	/* every error is reported, not just the first */
	char *errors = NULL;
	CHECK(ipsec_conf_parse("x.conf", "conn a\n  bogus=1\n  ikelifetime=forever\n"
				"  auto=maybe\n", &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "x.conf:2: bogus") != NULL &&
	      strstr(errors, "x.conf:3: ikelifetime=forever") != NULL &&
	      strstr(errors, "x.conf:4: auto=maybe") != NULL);
	free(errors);
	/* a flood of errors is cut short */
	char text[8192];
	size_t pos = (size_t)snprintf(text, sizeof(text), "conn a\n");
	for (int i = 0; i < 40; i++)
		pos += (size_t)snprintf(text + pos, sizeof(text) - pos, "  bad%d=1\n", i);
	CHECK(ipsec_conf_parse("x.conf", text, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "(20 more errors)") != NULL);
	free(errors);
}

static void test_bad_values(void)
{
	static const struct {
		const char *line, *want;
	} bad[] = {
		{ "uniqueids=maybe", "uniqueids=maybe: expected yes or no" },
		{ "ddos-mode=sometimes", "ddos-mode=sometimes" },
		{ "ddos-ike-threshold=1000001", "expected a number from 0 to 1000000" },
		{ "ddos-ike-threshold=-1", "expected a number" },
		{ "uniqueids=Yes", "expected yes or no" },
		{ "ikeport=0", "ikeport=0: expected a port from 1 to 65535" },
		{ "ikeport=65536", "expected a port" },
		{ "ikeport=-1", "expected a port" },
		{ "nat-ikeport=45OO", "expected a port" },
		{ "protostack=klips", "protostack=klips: KLIPS is not supported" },
		{ "protostack=pfkey", "expected one of: xfrm, netkey, none" },
		{ "listen=192.0.2", "listen=192.0.2: not an IPv4 or IPv6 address" },
		{ "ticket-key-rotation=1w", "unknown time unit (use s, m, h or d" },
		{ "ticket-key-rotation=h", "expected a time" },
		{ "ticket-key-rotation=99999999999999", "expected a time" },
		{ "ticket-key-rotation=4294967296", "expected a time" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "config setup\n  %s\n", bad[i].line);
		CHECK(parse_fails(text, "test.conf:2: "));
		CHECK(parse_fails(text, bad[i].want));
	}
	static const struct {
		const char *line, *want;
	} bad_conn[] = {
		{ "left=192.0.2.256", "left=192.0.2.256: not an IPv4" },
		{ "left=%anything", "expected an address, a host name, %any" },
		{ "left=bad_host!", "neither an IP address nor a valid host name" },
		{ "left=a..b", "neither an IP address nor a valid host name" },
		{ "right=fe80::1%eth0", "scoped" },
		{ "leftsubnet=10.0.0.1/24", "host bits" },
		{ "leftsubnet=10.0.0.0/33", "prefix length" },
		{ "rightsubnet=%any", "not an IPv4 or IPv6 address" },
		{ "leftid=west.example", "write @NAME" },
		{ "rightid=@#xyz", "hex" },
		{ "leftauth=psk", "expected one of: secret, rsasig, rsa, ecdsa, null" },
		{ "leftauth=eaponly", "EAP is not supported" },
		{ "leftprotoport=17/70000", "port from 0 to 65535" },
		{ "leftprotoport=300", "protocol name or number 0-255" },
		{ "leftprotoport=quic/443", "protocol name or number" },
		{ "authby=psk", "authby=psk: libreswan spells it authby=secret" },
		{ "authby=secret,,rsasig", "empty item" },
		{ "authby=secret,magic", "expected one of: secret, rsasig" },
		{ "auto=maybe", "expected one of: ignore, add, ondemand, route, start, up" },
		{ "type=passthrough", "type=passthrough is not supported" },
		{ "keyexchange=ikev1", "keyexchange=ikev1: IKEv1 is not supported" },
		{ "ikev2=never", "IKEv1 is not supported" },
		{ "ikelifetime=8x", "ikelifetime=8x: unknown time unit" },
		{ "ikelifetime=-1h", "expected a time" },
		{ "ikelifetime=1.5h", "unknown time unit" },
		{ "ikelifetime=5000000d", "time too large" },
		{ "salifetime=1ms", "unknown time unit" },
		{ "retransmit-interval=1d", "unknown time unit (use ms, s, m or h" },
		{ "rekey=1", "expected yes or no" },
		{ "rekeyfuzz=10001%", "expected a percentage from 0% to 10000%" },
		{ "rekeyfuzz=50%%", "expected a percentage" },
		{ "keyingtries=lots", "expected a number from 0 to 1000000 or %forever" },
		{ "keyingtries=1000001", "expected a number" },
		{ "dpdaction=explode", "expected one of: hold, clear, restart" },
		{ "fragmentation=maybe", "expected one of: yes, no, force" },
		{ "session-resumption=please", "session-resumption=please: expected yes or no" },
		{ "session-resumption-auth=strongswan", "expected one of: rfc, libreswan" },
		{ "ticket-lifetime=forever", "expected a time" },
	};
	for (size_t i = 0; i < sizeof(bad_conn) / sizeof(bad_conn[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "conn x\n  left=192.0.2.9\n  %s\n", bad_conn[i].line);
		if (strncmp(bad_conn[i].line, "left=", 5) == 0)
			snprintf(text, sizeof(text), "conn x\n  right=192.0.2.9\n  %s\n", bad_conn[i].line);
		CHECK(parse_fails(text, "test.conf:3: "));
		CHECK(parse_fails(text, bad_conn[i].want));
	}
	/* a bad value in %default is reported once, at its line */
	char *errors = NULL;
	CHECK(ipsec_conf_parse("d.conf", "conn %default\n  rekey=sometimes\nconn a\nconn b\n",
				&errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "d.conf:2: rekey=sometimes") != NULL &&
	      strchr(errors, '\n') == NULL);
	free(errors);
}

static void test_include(void)
{
	tmp_make();
	tmp_write("main.conf",
		  "config setup\n"
		  "  protostack=none\n"
		  "include conns/*.conf\n"
		  "include nothing-here/*.conf\n"
		  "conn last\n"
		  "  also=from-b\n");
	tmp_mkdir("conns");
	tmp_write("conns/b.conf", "conn from-b\n  ikelifetime=3h\n  include ../extra.conf\n");
	tmp_write("conns/a.conf", "conn from-a\n  auto=add\n");
	tmp_write("conns/a.conf.orig", "this file is not included\n");
	tmp_write("extra.conf", "conn from-extra\n  auto=start\n");
	char path[256];
	snprintf(path, sizeof(path), "%s/main.conf", tmpdir);
	char *errors = NULL;
	struct ipsec_conf *conf = ipsec_conf_load(path, &errors);
	CHECK(conf != NULL && errors == NULL);
	if (conf != NULL) {
		CHECK(conf->setup.protostack == PROTOSTACK_NONE);
		/* in file order: the glob is sorted */
		CHECK(conf->nr_conns == 4);
		CHECK(strcmp(conf->conns[0].name, "from-a") == 0);
		CHECK(strcmp(conf->conns[1].name, "from-b") == 0);
		CHECK(strcmp(conf->conns[2].name, "from-extra") == 0);
		CHECK(strcmp(conf->conns[3].name, "last") == 0);
		CHECK(conn(conf, "last")->ikelifetime_s == 3 * 3600);
		CHECK(conn(conf, "from-extra")->autostart == AUTO_START);
		CHECK(strstr(conn(conf, "from-a")->file, "conns/a.conf") != NULL);
	}
	ipsec_conf_free(conf);
	free(errors);

	/* errors name the included file and line */
	tmp_write("bad.conf", "conn ok\ninclude inc/bad2.conf\n");
	tmp_mkdir("inc");
	tmp_write("inc/bad2.conf", "conn sub\n  leftsubnet=10.0.0.1/8\n");
	snprintf(path, sizeof(path), "%s/bad.conf", tmpdir);
	CHECK(ipsec_conf_load(path, &errors) == NULL);
	CHECK(errors != NULL &&
	      strstr(errors, "inc/bad2.conf:2: leftsubnet=10.0.0.1/8: host bits") != NULL);
	free(errors);

	/* a missing literal include is an error against the include line */
	tmp_write("missing.conf", "conn a\ninclude does-not-exist.conf\n");
	snprintf(path, sizeof(path), "%s/missing.conf", tmpdir);
	CHECK(ipsec_conf_load(path, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "missing.conf:2: include ") != NULL &&
	      strstr(errors, "does-not-exist.conf: No such file or directory") != NULL);
	free(errors);

	/* an include loop stops at the depth limit */
	tmp_write("loop.conf", "include loop.conf\n");
	snprintf(path, sizeof(path), "%s/loop.conf", tmpdir);
	CHECK(ipsec_conf_load(path, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "loop.conf:1: include ") != NULL &&
	      strstr(errors, "nested more than 10 deep") != NULL);
	free(errors);

	/* not a file, not there, not text */
	CHECK(ipsec_conf_load(tmpdir, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "not a regular file") != NULL);
	free(errors);
	snprintf(path, sizeof(path), "%s/none.conf", tmpdir);
	CHECK(ipsec_conf_load(path, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "none.conf: No such file or directory") != NULL);
	free(errors);
	snprintf(path, sizeof(path), "%s/nul.conf", tmpdir);
	FILE *f = fopen(path, "w");
	fwrite("conn a\n\0\n", 1, 9, f);
	fclose(f);
	CHECK(ipsec_conf_load(path, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "NUL byte") != NULL);
	free(errors);
	tmp_remove();
}

static void test_swap_and_check(void)
{
	struct ipsec_conf *conf = parse_ok(
		"conn a\n  left=192.0.2.1\n  right=2001:db8::1\n"
		"conn b\n  left=192.0.2.1\n  right=192.0.2.2\n  leftsubnet=10.0.0.0/8\n"
		"  rightsubnet=2001:db8::/32\n"
		"conn c\n  left=192.0.2.1\n  leftid=%fromcert\n  right=%any\n"
		"conn d\n  left=192.0.2.1\n  leftid=@west\n  leftsubnet=10.0.0.0/8\n  right=host.example\n");
	CHECK(strstr(conn_config_check(conn(conf, "a")), "mix IPv4 and IPv6") != NULL);
	CHECK(strstr(conn_config_check(conn(conf, "b")), "leftsubnet= and rightsubnet=") != NULL);
	CHECK(strstr(conn_config_check(conn(conf, "c")), "leftcert=") != NULL);
	struct conn_config *d = &conf->conns[3];
	CHECK(conn_config_check(d) == NULL);
	conn_config_swap_ends(d);
	CHECK(d->right.host.kind == HOST_ADDRESS && id_is(&d->right.id, "@west"));
	CHECK(subnet_is(&d->right.subnet, "10.0.0.0/8") && d->left.host.kind == HOST_NAME);
	ipsec_conf_free(conf);
}

static void test_keyword_list(void)
{
	char *list = ipsec_conf_keywords_str();
	static const char *const names[] = {
		"protostack=", "ticket-key-file=", "ddos-mode=", "ddos-ike-threshold=", "nat-ikeport=", "uniqueids=", "authby=",
		"session-resumption=", "session-resumption-auth=", "retransmit-interval=",
		"left|rightsubnet=", "left|rightprotoport=", "left|right=",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK(strstr(list, names[i]) != NULL);
	free(list);
}

static void test_sample_config(void)
{
	char *errors = NULL;
	struct ipsec_conf *conf = ipsec_conf_load("configs/ipsec.conf", &errors);
	if (errors != NULL)
		fprintf(stderr, "%s\n", errors);
	CHECK(conf != NULL);
	for (size_t i = 0; conf != NULL && i < conf->nr_conns; i++) {
		const struct conn_config *c = &conf->conns[i];
		if (c->autostart != AUTO_IGNORE) {
			const char *why = conn_config_check(c);
			if (why != NULL)
				fprintf(stderr, "  conn %s: %s\n", c->name, why);
			CHECK(why == NULL);
		}
	}
	ipsec_conf_free(conf);
	free(errors);
}

UNIT_MAIN(UNIT(test_defaults), UNIT(test_all_types), UNIT(test_dnssec_keys), UNIT(test_value_forms),
	  UNIT(test_quoting_and_comments), UNIT(test_default_and_also), UNIT(test_also_errors),
	  UNIT(test_structure_errors), UNIT(test_bad_values), UNIT(test_include),
	  UNIT(test_swap_and_check), UNIT(test_keyword_list), UNIT(test_sample_config))
