/* pluto's checks of a parsed ipsec.conf (pluto_config.c): which conns
 * `ipsec checkconfig` holds to be complete, and plutodebug=. */
#include <stdio.h>
#include <stdlib.h>

#include "ipsec_conf.h"
#include "log.h"
#include "pluto_config.h"
#include "unit.h"

static struct ipsec_conf *parse(const char *text)
{
	char *errors = NULL;
	struct ipsec_conf *c = ipsec_conf_parse("test.conf", text, &errors);
	CHECK(c != NULL);
	free(errors);
	return c;
}

#define COMPLETE "  left=192.0.2.1\n  right=192.0.2.2\n  authby=secret\n"

/* configs/ipsec.conf's shape: an auto=ignore fragment with no left=,
 * used through also= by a complete conn */
static void test_ignored_fragment_not_checked(void)
{
	struct ipsec_conf *c = parse("conn fragment\n  authby=secret\n  auto=ignore\n"
				     "conn full\n  also=fragment\n  left=192.0.2.1\n  right=192.0.2.2\n"
				     "  auto=add\n");
	CHECK(pluto_config_check_conns(c));
	ipsec_conf_free(c);
}

/* the same incomplete conn is an error once it would be loaded */
static void test_incomplete_conn_checked(void)
{
	struct ipsec_conf *c = parse("conn fragment\n  authby=secret\n  auto=add\n"
				     "conn full\n" COMPLETE "  auto=add\n");
	CHECK(!pluto_config_check_conns(c));
	ipsec_conf_free(c);
	/* auto= defaults to ignore: an unnamed auto is not checked either */
	c = parse("conn fragment\n  authby=secret\n");
	CHECK(pluto_config_check_conns(c));
	ipsec_conf_free(c);
}

static void test_plutodebug(void)
{
	static const struct { const char *setup; bool debug; } cases[] = {
		{ "", false },
		{ "  plutodebug=none\n", false },
		{ "  plutodebug=\"\"\n", false },
		{ "  plutodebug=all\n", true },
		{ "  plutodebug=\"base crypt\"\n", true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[200];
		snprintf(text, sizeof(text), "config setup\n%sconn a\n" COMPLETE, cases[i].setup);
		struct ipsec_conf *c = parse(text);
		log_set_debug(false);
		pluto_config_apply_debug(c);
		CHECK(log_debugging() == cases[i].debug);
		ipsec_conf_free(c);
	}
	log_set_debug(false);
}

UNIT_MAIN(UNIT(test_ignored_fragment_not_checked), UNIT(test_incomplete_conn_checked),
	  UNIT(test_plutodebug))
