/* IKE identities: config text, wire form, comparison. */
#include <stdio.h>
#include <stdlib.h>

#include "ike_id.h"
#include "unit.h"

static struct ike_id id(const char *text)
{
	struct ike_id i;
	const char *err = ike_id_parse(text, &i);
	if (err != NULL) {
		fprintf(stderr, "  %s: %s\n", text, err);
		unit_fail(__FILE__, __LINE__, text);
	}
	return i;
}

/* text parses to type with body, and prints as printed */
static bool parses_as(const char *text, enum ike_id_type type, struct bytes body,
		      const char *printed)
{
	struct ike_id i = id(text);
	char buf[IKE_ID_STR_LEN];
	bool ok = i.type == type && bytes_eq(chunk_bytes(i.body), body) &&
		  strcmp(ike_id_str(&i, buf, sizeof(buf)), printed) == 0;
	if (!ok)
		fprintf(stderr, "  %s -> %s (%s)\n", text, buf, ike_id_type_name(i.type));
	/* and what is printed reads back as the same ID */
	struct ike_id again;
	ok = ok && ike_id_parse(buf, &again) == NULL && ike_id_eq(&i, &again);
	ike_id_free(&again);
	ike_id_free(&i);
	return ok;
}

#define TEXT(s) BYTES(s, strlen(s))

static void test_parse_forms(void)
{
	CHECK(parses_as("192.0.2.1", IKE_ID_IPV4_ADDR, unit_hex("c0000201"), "192.0.2.1"));
	CHECK(parses_as("2001:db8::1", IKE_ID_IPV6_ADDR,
			unit_hex("20010db8000000000000000000000001"), "2001:db8::1"));
	CHECK(parses_as("@east.example", IKE_ID_FQDN, TEXT("east.example"), "@east.example"));
	CHECK(parses_as("road@example.org", IKE_ID_RFC822_ADDR, TEXT("road@example.org"),
			"road@example.org"));
	CHECK(parses_as("@#0a1b2c", IKE_ID_KEY_ID, unit_hex("0a1b2c"), "@#0a1b2c"));
	CHECK(parses_as("@#0x0a1b2c", IKE_ID_KEY_ID, unit_hex("0a1b2c"), "@#0a1b2c"));
	CHECK(parses_as("@[GroupName]", IKE_ID_KEY_ID, TEXT("GroupName"), "@[GroupName]"));
	CHECK(parses_as("@[GroupName", IKE_ID_KEY_ID, TEXT("GroupName"), "@[GroupName]"));
	CHECK(parses_as("@#47726f7570", IKE_ID_KEY_ID, TEXT("Group"), "@[Group]"));
	CHECK(parses_as("@~3000", IKE_ID_DER_ASN1_DN, unit_hex("3000"), "@~3000"));
	CHECK(parses_as("%any", IKE_ID_ANY, EMPTY_BYTES, "%any"));
	CHECK(parses_as("%any6", IKE_ID_ANY, EMPTY_BYTES, "%any"));
	CHECK(parses_as("%none", IKE_ID_ANY, EMPTY_BYTES, "%any"));
	CHECK(parses_as("0.0.0.0", IKE_ID_ANY, EMPTY_BYTES, "%any"));
	CHECK(parses_as("::", IKE_ID_ANY, EMPTY_BYTES, "%any"));
	CHECK(parses_as("%fromcert", IKE_ID_FROMCERT, EMPTY_BYTES, "%fromcert"));
	CHECK(parses_as("%null", IKE_ID_NULL, EMPTY_BYTES, "%null"));
}

static void test_parse_refused(void)
{
	static const char *const bad[] = {
		"", "@", "@#", "@#0", "@#zz", "@#0x", "@~", "@~xyz", "@[", "@[]", "%", "%anything",
		"%ANY", "east.example", "localhost", "192.0.2", "256.1.1.1", "fe80::1%eth0",
		"@CN=west", "@@keyid", "@east\texample", "road@ex\nample", "\x01",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ike_id x = { .type = IKE_ID_FQDN };
		if (ike_id_parse(bad[i], &x) == NULL) {
			fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
			CHECK(!"bad ID text accepted");
		}
		CHECK(x.type == IKE_ID_UNSET && x.body.ptr == NULL);
		ike_id_free(&x);
	}
	struct ike_id x;
	CHECK(ike_id_parse(NULL, &x) != NULL);
	CHECK(strstr(ike_id_parse("east.example", &x), "@NAME") != NULL);
	/* without NSS (this program never starts it) a text DN cannot be made */
	CHECK(strstr(ike_id_parse("C=CA, CN=west", &x), "need NSS") != NULL);
	CHECK(x.type == IKE_ID_UNSET);
	CHECK(strstr(ike_id_parse("@@keyid", &x), "@#HEX or @[TEXT]") != NULL);
}

static void test_parse_lengths(void)
{
	/* the longest accepted FQDN body, then one byte more */
	char *text = xmalloc(IKE_ID_BODY_MAX + 3);
	text[0] = '@';
	memset(text + 1, 'a', IKE_ID_BODY_MAX);
	text[IKE_ID_BODY_MAX + 1] = '\0';
	struct ike_id x;
	CHECK(ike_id_parse(text, &x) == NULL && x.body.len == IKE_ID_BODY_MAX);
	char buf[IKE_ID_STR_LEN];
	ike_id_str(&x, buf, sizeof(buf));
	CHECK(strlen(buf) == IKE_ID_STR_LEN - 1 && strcmp(buf + strlen(buf) - 3, "...") == 0);
	ike_id_free(&x);
	text[IKE_ID_BODY_MAX + 1] = 'a';
	text[IKE_ID_BODY_MAX + 2] = '\0';
	CHECK(ike_id_parse(text, &x) != NULL);
	text[1] = '[';	/* @[aaa...]: a key ID one byte too long */
	CHECK(ike_id_parse(text, &x) != NULL);
	free(text);

	/* hex key IDs: the limit is on the decoded body */
	size_t n = 2 * IKE_ID_BODY_MAX;
	text = xmalloc(n + 5);
	memcpy(text, "@#", 2);
	memset(text + 2, 'f', n);
	text[n + 2] = '\0';
	CHECK(ike_id_parse(text, &x) == NULL && x.body.len == IKE_ID_BODY_MAX);
	ike_id_free(&x);
	strcpy(text + n + 2, "ff");
	CHECK(ike_id_parse(text, &x) != NULL);
	free(text);
}

static void test_wire(void)
{
	struct ike_id x;
	uint8_t type;
	struct bytes body;
	CHECK(ike_id_from_wire(IKE_ID_IPV4_ADDR, unit_hex("c0000201"), &x) == NULL);
	ip_address a;
	char buf[IKE_ID_STR_LEN];
	CHECK(ike_id_address(&x, &a) && a.family == AF_INET);
	CHECK(strcmp(ike_id_str(&x, buf, sizeof(buf)), "192.0.2.1") == 0);
	CHECK(ike_id_to_wire(&x, &type, &body) && type == 1 && bytes_eq(body, unit_hex("c0000201")));
	ike_id_free(&x);
	CHECK(x.type == IKE_ID_UNSET && x.body.ptr == NULL);

	/* a received 0.0.0.0 is an address, not a wildcard */
	CHECK(ike_id_from_wire(IKE_ID_IPV4_ADDR, unit_hex("00000000"), &x) == NULL);
	CHECK(x.type == IKE_ID_IPV4_ADDR && !ike_id_is_any(&x));
	ike_id_free(&x);

	CHECK(ike_id_from_wire(IKE_ID_FQDN, TEXT("east.example"), &x) == NULL);
	CHECK(ike_id_to_wire(&x, &type, &body) && type == 2 && bytes_eq(body, TEXT("east.example")));
	ike_id_free(&x);

	/* ID_NULL: any data is ignored */
	CHECK(ike_id_from_wire(IKE_ID_NULL, unit_hex("0102"), &x) == NULL);
	CHECK(x.type == IKE_ID_NULL && x.body.len == 0);
	CHECK(ike_id_to_wire(&x, &type, &body) && type == 13 && body.len == 0);
	ike_id_free(&x);

	/* non-printable bytes are shown safely */
	CHECK(ike_id_from_wire(IKE_ID_RFC822_ADDR, unit_hex("61ff40e962"), &x) == NULL);
	CHECK(strcmp(ike_id_str(&x, buf, sizeof(buf)), "a?@?b") == 0);
	ike_id_free(&x);
	CHECK(ike_id_from_wire(IKE_ID_KEY_ID, unit_hex("00ff5d"), &x) == NULL);
	CHECK(strcmp(ike_id_str(&x, buf, sizeof(buf)), "@#00ff5d") == 0);
	ike_id_free(&x);

	/* nothing to send for the markers */
	struct ike_id any = id("%any"), fromcert = id("%fromcert"), unset = { .type = IKE_ID_UNSET };
	CHECK(!ike_id_to_wire(&any, &type, &body));
	CHECK(!ike_id_to_wire(&fromcert, &type, &body));
	CHECK(!ike_id_to_wire(&unset, &type, &body));
}

static void test_wire_hostile(void)
{
	static const struct {
		uint8_t type;
		const char *hex;
	} bad[] = {
		{ 0, "01" },	{ 1, "" },	{ 1, "c00002" },	{ 1, "c000020101" },
		{ 5, "c0000201" },	{ 5, "" },	{ 2, "" },	{ 2, "61006263" },
		{ 2, "610d" },	{ 3, "0a" },	{ 3, "" },	{ 9, "" },	{ 10, "3000" },
		{ 11, "" },	{ 4, "c0000201" },	{ 12, "01" },	{ 255, "01" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ike_id x = { .type = IKE_ID_FQDN };
		if (ike_id_from_wire(bad[i].type, unit_hex(bad[i].hex), &x) == NULL) {
			fprintf(stderr, "  accepted: type %u body %s\n", bad[i].type, bad[i].hex);
			CHECK(!"hostile wire ID accepted");
		}
		CHECK(x.type == IKE_ID_UNSET && x.body.ptr == NULL);
	}
	/* the body length bound */
	uint8_t *big = xzalloc(IKE_ID_BODY_MAX + 1);
	memset(big, 'a', IKE_ID_BODY_MAX + 1);
	struct ike_id x;
	CHECK(ike_id_from_wire(IKE_ID_KEY_ID, BYTES(big, IKE_ID_BODY_MAX), &x) == NULL);
	ike_id_free(&x);
	CHECK(ike_id_from_wire(IKE_ID_KEY_ID, BYTES(big, IKE_ID_BODY_MAX + 1), &x) != NULL);
	CHECK(ike_id_from_wire(IKE_ID_FQDN, BYTES(big, IKE_ID_BODY_MAX + 1), &x) != NULL);
	free(big);
}

static void test_compare(void)
{
	struct ike_id fqdn = id("@East.Example."), fqdn2 = id("@east.example"),
		      other = id("@west.example"), mail = id("road@example.org"),
		      mail2 = id("ROAD@example.org"), v4 = id("192.0.2.1"), v4b = id("192.0.2.2"),
		      key = id("@[east.example]"), any = id("%any"), null = id("%null");
	struct ike_id wire_fqdn;
	CHECK(ike_id_from_wire(IKE_ID_FQDN, TEXT("east.example"), &wire_fqdn) == NULL);

	CHECK(ike_id_eq(&fqdn, &fqdn2) && ike_id_eq(&fqdn, &wire_fqdn));
	CHECK(!ike_id_eq(&fqdn, &other));
	CHECK(ike_id_eq(&mail, &mail2));
	CHECK(!ike_id_eq(&v4, &v4b) && ike_id_eq(&v4, &v4));
	/* same bytes, different type: not the same identity */
	CHECK(!ike_id_eq(&fqdn2, &key));
	CHECK(ike_id_match(&any, &fqdn) && ike_id_match(&any, &v4) && ike_id_match(&any, &null));
	CHECK(ike_id_match(&fqdn, &wire_fqdn) && !ike_id_match(&fqdn, &other));
	/* a wildcard only works as the pattern */
	CHECK(!ike_id_match(&fqdn, &any));
	CHECK(ike_id_is_set(&fqdn) && !ike_id_is_set(&(struct ike_id){ .type = IKE_ID_UNSET }));

	struct ike_id copy = ike_id_clone(&fqdn);
	CHECK(ike_id_eq(&copy, &fqdn) && copy.body.ptr != fqdn.body.ptr);

	ip_address a;
	CHECK(!ike_id_address(&fqdn, &a));
	CHECK(address_parse("2001:db8::5", &a) == NULL);
	struct ike_id from_a = ike_id_from_address(&a);
	CHECK(from_a.type == IKE_ID_IPV6_ADDR && from_a.body.len == 16);
	ip_address unset = { .family = 0 };
	CHECK(ike_id_from_address(&unset).type == IKE_ID_UNSET);

	struct ike_id *all[] = { &fqdn, &fqdn2, &other, &mail, &mail2, &v4, &v4b, &key,
				 &any, &null, &wire_fqdn, &copy, &from_a };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		ike_id_free(all[i]);
}

static void test_names(void)
{
	CHECK(strcmp(ike_id_type_name(IKE_ID_KEY_ID), "ID_KEY_ID") == 0);
	CHECK(strcmp(ike_id_type_name(IKE_ID_RFC822_ADDR), "ID_RFC822_ADDR") == 0);
	CHECK(strcmp(ike_id_type_name((enum ike_id_type)77), "unknown") == 0);
	struct ike_id x = id("@a");
	char tiny[3];
	CHECK(strcmp(ike_id_str(&x, tiny, sizeof(tiny)), "@a") == 0);
	char small[4];
	ike_id_free(&x);
	x = id("@abcdef");
	CHECK(strcmp(ike_id_str(&x, small, sizeof(small)), "...") == 0);
	ike_id_free(&x);
}

UNIT_MAIN(UNIT(test_parse_forms), UNIT(test_parse_refused), UNIT(test_parse_lengths),
	  UNIT(test_wire), UNIT(test_wire_hostile), UNIT(test_compare), UNIT(test_names))
