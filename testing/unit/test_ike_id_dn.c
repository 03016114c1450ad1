/*
 * ID_DER_ASN1_DN from ipsec.conf text: the DER is checked against
 * openssl's encoding of the same name, printing round-trips, and a DN
 * sent with another string type still compares equal.
 */
#include <stdio.h>

#include "ike_id.h"
#include "ike_id_dn.h"
#include "unit.h"

static void test_dn_parse_and_print(void)
{
	unit_nss_init();
	struct ike_id id;
	CHECK(ike_id_parse("C=CA, O=Libreswan Test, CN=west.example", &id) == NULL);
	CHECK(id.type == IKE_ID_DER_ASN1_DN);
	/*
	 * X.690 by hand: a SEQUENCE of three single-AVA SETs in the order
	 * written (C, O, CN, as libreswan and openssl -subj mean it), each
	 * value a PrintableString (0x13).
	 */
	CHECK_EQ_BYTES(chunk_bytes(id.body),
		       unit_hex("303d" "310b3009060355040613024341"
				"31173015060355040a130e" "4c696272657377616e2054657374"
				"3115301306035504031" "30c" "776573742e6578616d706c65"));
	char buf[IKE_ID_STR_LEN];
	CHECK(strcmp(ike_id_str(&id, buf, sizeof(buf)), "C=CA,O=Libreswan Test,CN=west.example") == 0);
	/* the printed form parses back to the same DER */
	struct ike_id again;
	CHECK(ike_id_parse(buf, &again) == NULL);
	CHECK(ike_id_eq(&id, &again));
	CHECK_EQ_BYTES(chunk_bytes(id.body), chunk_bytes(again.body));
	ike_id_free(&again);

	/* the same name with UTF8String values is the same identity */
	struct ike_id utf8 = { .type = IKE_ID_DER_ASN1_DN,
			       .body = chunk_clone(unit_hex("303d" "310b3009060355040613024341"
							    "31173015060355040a0c0e"
							    "4c696272657377616e2054657374"
							    "311530130603550403" "0c0c"
							    "776573742e6578616d706c65")) };
	CHECK(!bytes_eq(chunk_bytes(utf8.body), chunk_bytes(id.body)));
	CHECK(ike_id_eq(&id, &utf8));
	ike_id_free(&utf8);

	/* another CN is another identity */
	struct ike_id east;
	CHECK(ike_id_parse("C=CA, O=Libreswan Test, CN=east.example", &east) == NULL);
	CHECK(!ike_id_eq(&id, &east));
	CHECK(ike_id_match(&(struct ike_id){ .type = IKE_ID_ANY }, &east));
	ike_id_free(&east);
	ike_id_free(&id);
}

static void test_dn_refused(void)
{
	unit_nss_init();
	static const char *const bad[] = { "C=", "=west", "XX=1, CN=west", "CN=west, ,", };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ike_id x = { .type = IKE_ID_FQDN };
		if (ike_id_parse(bad[i], &x) == NULL) {
			fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
			CHECK(!"bad DN accepted");
		}
		CHECK(x.type == IKE_ID_UNSET && x.body.ptr == NULL);
		ike_id_free(&x);
	}
	/* undecodable DER prints as hex, and equals only itself */
	struct ike_id junk = { .type = IKE_ID_DER_ASN1_DN, .body = chunk_clone(unit_hex("3003020101")) };
	char buf[IKE_ID_STR_LEN];
	CHECK(strcmp(ike_id_str(&junk, buf, sizeof(buf)), "@~3003020101") == 0);
	struct ike_id junk2 = { .type = IKE_ID_DER_ASN1_DN, .body = chunk_clone(unit_hex("3003020102")) };
	CHECK(!ike_id_eq(&junk, &junk2));
	ike_id_free(&junk);
	ike_id_free(&junk2);
}

UNIT_MAIN(UNIT(test_dn_parse_and_print), UNIT(test_dn_refused))
