/*
 * Hostile inputs (../shared/notes/bad-inputs.md items 1-13 and 16) as
 * literal messages, each with the exact outcome: the reaction (drop or
 * which notify, with its data), and a substring of the reason that says
 * what and where.  A few positive cases pin down what RFC 7296 says must
 * be ignored rather than refused.
 *
 * Every message is an IKE header (HDR: IKE_SA_INIT request; HDRX: an
 * INFORMATIONAL request on an existing SA) followed by payloads written
 * out in hex, one payload per line: Next Payload, flags, length, body.
 */
#include <stdio.h>

#include "ikev2_message.h"
#include "ikev2_payloads.h"
#include "unit.h"

/* SPIi, SPIr = 0, Next Payload, version 2.0, IKE_SA_INIT, I flag, MID 0, Length */
#define HDR(np, len) "0102030405060708 0000000000000000 " np " 20 22 08 00000000 " len " "
/* SPIi, SPIr, Next Payload, version 2.0, INFORMATIONAL, I flag, MID 2, Length */
#define HDRX(np, len) "0102030405060708 1112131415161718 " np " 20 25 08 00000002 " len " "

#define X4(s) s s s s
#define X16(s) X4(X4(s))
#define X64(s) X4(X16(s))
#define N16 "000102030405060708090a0b0c0d0e0f "	/* 16 octets of nonce */
/* a well-formed transform and proposal: ENCR_AES_CBC with Key Length 128 */
#define T_AES "00 00 000c 01 00 000c 800e 0080 "
#define TS4 "07 00 0010 0000 ffff c0000200 c00002ff "	/* 192.0.2.0-255, all ports */

enum mode {
	MSG,		/* ikev2_message_decode() of the hex */
	INNER,		/* ikev2_inner_decode() of the hex, first payload `first` */
	UDP4500,	/* a port-4500 datagram: marker first, then MSG */
};

struct hostile {
	const char *name;
	const char *hex;
	enum ikev2_error_kind kind;	/* IKEV2_ERROR_NONE: must decode */
	uint16_t notify;		/* for IKEV2_ERROR_NOTIFY */
	const char *reason;		/* a substring of err.reason */
	enum mode mode;
	uint8_t first;			/* INNER: the SK Next Payload */
	int data;			/* expected notify data octet, -1 for none */
	enum ikev2_udp_encap encap;	/* UDP4500: what the marker says */
	void (*check)(const struct ikev2_message *m);	/* more, for positive cases */
};

#define DROP(r) .kind = IKEV2_ERROR_DROP, .reason = (r), .data = -1
#define SYNTAX(r) .kind = IKEV2_ERROR_NOTIFY, .notify = IKEV2_N_INVALID_SYNTAX, .reason = (r), .data = -1
#define OK .kind = IKEV2_ERROR_NONE, .data = -1

static void flags_ignored(const struct ikev2_message *m)
{
	CHECK(m->hdr.flags == IKEV2_FLAG_INITIATOR && m->hdr.reserved_flags == 0xc7);
	CHECK(m->hdr.minor == 15);
}
static void all_skipped(const struct ikev2_message *m)
{
	CHECK(m->outer.count == 0 && m->outer.skipped == 64);
}
static void one_skipped(const struct ikev2_message *m)
{
	CHECK(m->outer.count == 1 && m->outer.skipped == 1);
	CHECK(m->outer.payloads[0].type == IKEV2_PL_NONCE && m->outer.payloads[0].offset == 36);
}
static void reserved_noted(const struct ikev2_message *m)
{
	CHECK(m->outer.reserved_bits && m->outer.count == 1);
}
static void critical_noted(const struct ikev2_message *m)
{
	CHECK(m->outer.count == 1 && m->outer.payloads[0].critical);
}
static void unknown_attribute(const struct ikev2_message *m)
{
	static struct ikev2_sa sa;
	struct ikev2_error err;
	CHECK(ikev2_sa_decode(m->outer.payloads[0].body, &sa, &err));
	CHECK(sa.ntransforms == 1 && sa.transforms[0].unknown_attribute);
	CHECK(sa.transforms[0].key_length == 0);
}
static void protocol_ignored(const struct ikev2_message *m)
{
	struct ikev2_notify n;
	struct ikev2_error err;
	CHECK(ikev2_notify_decode(m->outer.payloads[0].body, &n, &err));
	CHECK(n.protocol == IKEV2_PROTO_NONE && n.type == IKEV2_N_INITIAL_CONTACT);
}
static void ticket_lt(const struct ikev2_message *m)
{
	struct ikev2_notify n;
	struct ikev2_ticket_lt t;
	struct ikev2_error err;
	CHECK(ikev2_notify_decode(m->outer.payloads[0].body, &n, &err));
	CHECK(ikev2_ticket_lt_decode(n.data, &t, &err));
	CHECK(t.lifetime == 3600 && t.ticket.len == 1);
}
static void sk_aad(const struct ikev2_message *m)
{
	struct bytes aad;
	CHECK(ikev2_message_aad(m, &aad) && aad.len == 32);
	CHECK(ikev2_message_encrypted(m) == &m->outer.payloads[0]);
}

static const struct hostile header_cases[] = {
	{ "header truncated to 27 octets",
	  "0102030405060708 0000000000000000 28 20 22 08 00000000 000000",
	  DROP("IKE header: message of 27 octets is shorter than the 28-octet header") },
	{ "empty datagram", "",
	  DROP("message of 0 octets is shorter than the 28-octet header") },
	{ "length field bigger than the datagram",
	  HDR("00", "0000001d"),
	  DROP("IKE header: length field 29 but the message is 28 octets") },
	{ "length field smaller than the datagram",
	  HDR("00", "0000001c") "00000000",
	  DROP("IKE header: length field 28 but the message is 32 octets") },
	{ "major version 3",
	  "0102030405060708 0000000000000000 00 30 22 08 00000000 0000001c",
	  .kind = IKEV2_ERROR_NOTIFY, .notify = IKEV2_N_INVALID_MAJOR_VERSION,
	  .reason = "major version 3, only 2 is supported", .data = -1 },
	{ "major version 1 (IKEv1)",
	  "0102030405060708 0000000000000000 00 10 22 08 00000000 0000001c",
	  DROP("major version 1 (IKEv1 or older)") },
	{ "initiator SPI zero",
	  "0000000000000000 0000000000000000 00 20 22 08 00000000 0000001c",
	  DROP("initiator SPI is zero") },
	{ "IKE_SA_INIT request with a responder SPI",
	  "0102030405060708 0000000000000001 00 20 22 08 00000000 0000001c",
	  DROP("IKE_SA_INIT request with non-zero responder SPI 0000000000000001") },
	{ "IKE_SESSION_RESUME request with a responder SPI",
	  "0102030405060708 0000000000000001 00 20 26 08 00000000 0000001c",
	  DROP("IKE_SESSION_RESUME request with non-zero responder SPI") },
	{ "reserved flag bits and minor version are ignored (positive)",
	  "0102030405060708 0000000000000000 00 2f 22 cf 00000000 0000001c",
	  OK, .check = flags_ignored },
};

static const struct hostile chain_cases[] = {
	{ "payload length past the end",
	  HDR("28", "00000030") "00 00 0020 " N16,
	  SYNTAX("payload Nonce(40) at offset 28: length 32 but only 20 octets left") },
	{ "zero-length payload",
	  HDR("28", "00000020") "00 00 0000",
	  SYNTAX("payload Nonce(40) at offset 28: length 0 is less than the 4-octet generic header") },
	{ "payload length 3",
	  HDR("28", "00000020") "00 00 0003",
	  SYNTAX("length 3 is less than the 4-octet generic header") },
	{ "generic header cut after 2 octets",
	  HDR("28", "0000001e") "00 00",
	  SYNTAX("payload Nonce(40) at offset 28: 2 octets left, less than the 4-octet generic header") },
	{ "next payload announced, nothing left",
	  HDR("2b", "0000001c"),
	  SYNTAX("payload V(43) at offset 28: 0 octets left") },
	{ "octets after the last payload",
	  HDR("28", "00000034") "00 00 0014 " N16 "00000000",
	  SYNTAX("4 octets after the last payload, at offset 48") },
	{ "65 payloads (CVE-2026-12413 class)",
	  HDR("64", "00000120") X64("64 00 0004 ") "00 00 0004",
	  SYNTAX("more than 64 payloads (payload UNKNOWN(100) at offset 284)") },
	{ "64 unknown non-critical payloads are skipped (positive)",
	  HDR("64", "0000011c") X16("64 00 0004 ") X16("64 00 0004 ") X16("64 00 0004 ")
	  X4("64 00 0004 ") X4("64 00 0004 ") X4("64 00 0004 ") "64 00 0004 64 00 0004 64 00 0004 "
	  "00 00 0004",
	  OK, .check = all_skipped },
	{ "unknown payload marked critical",
	  HDR("64", "00000020") "00 80 0004",
	  .kind = IKEV2_ERROR_NOTIFY, .notify = IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD,
	  .reason = "payload type 100 at offset 28 is unknown and marked critical", .data = 100 },
	{ "unknown critical payload after a known one",
	  HDR("28", "00000034") "31 00 0014 " N16 "00 80 0004",
	  .kind = IKEV2_ERROR_NOTIFY, .notify = IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD,
	  .reason = "payload type 49 at offset 48", .data = 49 },
	{ "unknown non-critical payload is skipped (positive)",
	  HDR("64", "00000038") "28 00 0008 deadbeef " "00 00 0014 " N16,
	  OK, .check = one_skipped },
	{ "generic header RESERVED bits are ignored (positive)",
	  HDR("28", "00000030") "00 7f 0014 " N16,
	  OK, .check = reserved_noted },
	{ "critical bit on a known payload is ignored (positive)",
	  HDR("28", "00000030") "00 80 0014 " N16,
	  OK, .check = critical_noted },
};

static const struct hostile sa_cases[] = {
	{ "SA without proposals",
	  HDR("21", "00000020") "00 00 0004",
	  SYNTAX("SA payload at offset 28: SA payload holds no proposal") },
	{ "proposal length beyond the SA payload",
	  HDR("21", "00000034") "00 00 0018 00 00 0018 01 01 00 01 " T_AES,
	  SYNTAX("SA proposal 1: length 24 but only 20 octets are left in the payload") },
	{ "proposal length shorter than its header",
	  HDR("21", "00000034") "00 00 0018 00 00 0006 01 01 00 01 " T_AES,
	  SYNTAX("SA proposal 1: length 6 is less than the 8-octet proposal header") },
	{ "proposal header truncated",
	  HDR("21", "00000024") "00 00 0008 00 00 0014",
	  SYNTAX("SA proposal 1: 4 octets left, less than the 8-octet proposal header") },
	{ "lone proposal says more follow",
	  HDR("21", "00000034") "00 00 0018 02 00 0014 01 01 00 01 " T_AES,
	  SYNTAX("SA proposal 1: Last Substruc is 2 but 0 octets follow in the payload") },
	{ "first of two proposals says last",
	  HDR("21", "00000048") "00 00 002c 00 00 0014 01 01 00 01 " T_AES
	  "00 00 0014 02 01 00 01 " T_AES,
	  SYNTAX("SA proposal 1: Last Substruc is 0 but 20 octets follow in the payload") },
	{ "proposal numbers skip",
	  HDR("21", "00000048") "00 00 002c 02 00 0014 01 01 00 01 " T_AES
	  "00 00 0014 03 01 00 01 " T_AES,
	  SYNTAX("SA proposal 2: Proposal Num 3, expected 2") },
	{ "proposal number 0",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 00 01 00 01 " T_AES,
	  SYNTAX("SA proposal 1: Proposal Num 0, expected 1") },
	{ "two proposals not starting at 1",
	  HDR("21", "00000048") "00 00 002c 02 00 0014 02 01 00 01 " T_AES
	  "00 00 0014 03 01 00 01 " T_AES,
	  SYNTAX("SA proposal 1: Proposal Num 2, the first of several must be 1") },
	{ "unknown protocol ID",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 04 00 01 " T_AES,
	  SYNTAX("SA proposal 1: unknown protocol ID 4") },
	{ "IKE proposal with a 4-octet SPI",
	  HDR("21", "00000038") "00 00 001c 00 00 0018 01 01 04 01 aabbccdd " T_AES,
	  SYNTAX("SA proposal 1: SPI size 4 is invalid for protocol IKE") },
	{ "ESP proposal with an 8-octet SPI",
	  HDR("21", "0000003c") "00 00 0020 00 00 001c 01 03 08 01 1122334455667788 " T_AES,
	  SYNTAX("SA proposal 1: SPI size 8 is invalid for protocol ESP") },
	{ "ESP proposal without SPI",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 03 00 01 " T_AES,
	  SYNTAX("SA proposal 1: SPI size 0 is invalid for protocol ESP") },
	{ "ESP proposal with SPI 0",
	  HDR("21", "00000038") "00 00 001c 00 00 0018 01 03 04 01 00000000 " T_AES,
	  SYNTAX("SA proposal 1: SPI is zero") },
	{ "SPI longer than the proposal",
	  HDR("21", "00000028") "00 00 000c 00 00 0008 01 03 04 01",
	  SYNTAX("SA proposal 1: SPI of 4 octets but only 0 are left in the proposal") },
	{ "Num Transforms 0",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 00 " T_AES,
	  SYNTAX("SA proposal 1: Num Transforms is 0") },
	{ "Num Transforms 255 with one present",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 ff " T_AES,
	  SYNTAX("SA proposal 1: declares 255 transforms but holds 1") },
	{ "more transforms than declared",
	  HDR("21", "00000040") "00 00 0024 00 00 0020 01 01 00 01 "
	  "03 00 000c 01 00 000c 800e 0080 " T_AES,
	  SYNTAX("SA proposal 1 transform 2: beyond the 1 transforms the proposal declares") },
	{ "last transform says more",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "03 00 000c 01 00 000c 800e 0080",
	  SYNTAX("SA proposal 1 transform 1: Last Substruc is 3 but 0 octets follow in the proposal") },
	{ "first of two transforms says last",
	  HDR("21", "00000040") "00 00 0024 00 00 0020 01 01 00 02 " T_AES T_AES,
	  SYNTAX("SA proposal 1 transform 1: Last Substruc is 0 but 12 octets follow in the proposal") },
	{ "transform header cut short",
	  HDR("21", "0000002c") "00 00 0010 00 00 000c 01 01 00 01 00 00 0008",
	  SYNTAX("SA proposal 1 transform 1: 4 octets left, less than the 8-octet transform header") },
	{ "transform length below its header",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "00 00 0004 01 00 000c 800e 0080",
	  SYNTAX("SA proposal 1 transform 1: length 4 is less than the 8-octet transform header") },
	{ "transform length past the proposal",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "00 00 0010 01 00 000c 800e 0080",
	  SYNTAX("SA proposal 1 transform 1: length 16 but only 12 octets are left in the proposal") },
	{ "Key Length attribute in TLV format (TV/TLV confusion)",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "00 00 000c 01 00 000c 000e 0080",
	  SYNTAX("SA proposal 1 transform 1: Key Length attribute in TLV format, it must be TV") },
	{ "TLV attribute longer than the transform",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "00 00 000c 01 00 000c 0063 0100",
	  SYNTAX("attribute type 99 has length 256 but only 0 octets are left in the transform") },
	{ "attribute header cut short",
	  HDR("21", "00000032") "00 00 0016 00 00 0012 01 01 00 01 "
	  "00 00 000a 01 00 000c 800e",
	  SYNTAX("SA proposal 1 transform 1: attribute needs 4 octets but 2 are left in the transform") },
	{ "Key Length of 127 bits",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "00 00 000c 01 00 000c 800e 007f",
	  SYNTAX("Key Length 127 bits is not a positive multiple of 8") },
	{ "Key Length of 0 bits",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "00 00 000c 01 00 000c 800e 0000",
	  SYNTAX("Key Length 0 bits is not a positive multiple of 8") },
	{ "Key Length attribute repeated",
	  HDR("21", "00000038") "00 00 001c 00 00 0018 01 01 00 01 "
	  "00 00 0010 01 00 000c 800e 0080 800e 0100",
	  SYNTAX("SA proposal 1 transform 1: Key Length attribute repeated") },
	{ "unknown TV attribute marks the transform, not the message (positive)",
	  HDR("21", "00000034") "00 00 0018 00 00 0014 01 01 00 01 "
	  "00 00 000c 01 00 000c 8063 0001",
	  OK, .check = unknown_attribute },
};

static const struct hostile ke_nonce_cases[] = {
	{ "KE group 0",
	  HDR("22", "00000028") "00 00 000c 0000 0000 aabbccdd",
	  SYNTAX("KE payload at offset 28: KE payload: D-H group 0 (NONE)") },
	{ "KE without data",
	  HDR("22", "00000024") "00 00 0008 000e 0000",
	  SYNTAX("KE payload: no key exchange data for group 14") },
	{ "KE shorter than its fixed part",
	  HDR("22", "00000022") "00 00 0006 000e",
	  SYNTAX("KE payload: body of 2 octets is shorter than its 4-octet fixed part") },
	{ "nonce of 0 octets",
	  HDR("28", "00000020") "00 00 0004",
	  SYNTAX("Nonce payload: 0 octets, must be 16..256") },
	{ "nonce of 15 octets",
	  HDR("28", "0000002f") "00 00 0013 000102030405060708090a0b0c0d0e",
	  SYNTAX("Nonce payload: 15 octets, must be 16..256") },
	{ "nonce of 257 octets",
	  HDR("28", "00000121") "00 00 0105 " X16(N16) "ff",
	  SYNTAX("Nonce payload: 257 octets, must be 16..256") },
	{ "nonce of 256 octets (positive)",
	  HDR("28", "00000120") "00 00 0104 " X16(N16),
	  OK },
};

static const struct hostile id_auth_cert_cases[] = {
	{ "ID payload with an empty body",
	  HDR("23", "00000020") "00 00 0004",
	  SYNTAX("IDi payload at offset 28: ID payload: body of 0 octets is shorter than its 4-octet fixed part") },
	{ "ID_IPV4_ADDR of 5 octets",
	  HDR("23", "00000029") "00 00 000d 01 000000 c0000201 00",
	  SYNTAX("ID payload: ID_IPV4_ADDR of 5 octets, must be 4") },
	{ "ID_IPV4_ADDR of 1 octet",
	  HDR("23", "00000025") "00 00 0009 01 000000 c0",
	  SYNTAX("ID payload: ID_IPV4_ADDR of 1 octets, must be 4") },
	{ "ID_IPV6_ADDR of 4 octets",
	  HDR("24", "00000028") "00 00 000c 05 000000 c0000201",
	  SYNTAX("IDr payload at offset 28: ID payload: ID_IPV6_ADDR of 4 octets, must be 16") },
	{ "ID_FQDN without data",
	  HDR("23", "00000024") "00 00 0008 02 000000",
	  SYNTAX("ID payload: ID_FQDN (2) with empty identification data") },
	{ "ID type 0",
	  HDR("23", "00000028") "00 00 000c 00 000000 61626364",
	  SYNTAX("ID payload: ID type 0 is reserved") },
	{ "AUTH method 0",
	  HDR("27", "00000028") "00 00 000c 00 000000 01020304",
	  SYNTAX("AUTH payload: auth method 0 is reserved") },
	{ "AUTH without data",
	  HDR("27", "00000024") "00 00 0008 02 000000",
	  SYNTAX("AUTH payload: PSK (2) with empty authentication data") },
	{ "AUTH shorter than its fixed part",
	  HDR("27", "00000022") "00 00 0006 0100",
	  SYNTAX("AUTH payload: body of 2 octets is shorter than its 4-octet fixed part") },
	{ "CERTREQ hash list of 21 octets",
	  HDR("26", "00000036") "00 00 001a 04 00112233445566778899aabbccddeeff0011223344",
	  SYNTAX("CERTREQ payload: CA list of 21 octets is not a multiple of the 20-octet SHA-1 hash") },
	{ "CERT with an empty body",
	  HDR("25", "00000020") "00 00 0004",
	  SYNTAX("CERT payload: empty body, no certificate encoding") },
	{ "CERT without certificate data",
	  HDR("25", "00000021") "00 00 0005 04",
	  SYNTAX("CERT payload: X509_SIGNATURE (4) with empty certificate data") },
	{ "CERT hash and URL without URL",
	  HDR("25", "00000035") "00 00 0019 0c 00112233445566778899aabbccddeeff00112233",
	  SYNTAX("CERT payload: HASH_URL_X509 of 20 octets, needs a 20-octet hash and a URL") },
};

static const struct hostile ts_cases[] = {
	{ "TS count 0",
	  HDR("2c", "00000024") "00 00 0008 00 000000",
	  SYNTAX("TSi payload at offset 28: TS payload: Number of TSs is 0") },
	{ "TS count larger than present",
	  HDR("2c", "00000034") "00 00 0018 02 000000 " TS4,
	  SYNTAX("TS payload: Number of TSs is 2 but only 1 selectors are present") },
	{ "TS count 255",
	  HDR("2c", "00000034") "00 00 0018 ff 000000 " TS4,
	  SYNTAX("TS payload: 255 selectors, more than the 64 supported") },
	{ "IPv4 selector length 17",
	  HDR("2d", "00000035") "00 00 0019 01 000000 07 00 0011 0000 ffff c0000200 c00002ff 00",
	  SYNTAX("TS selector 1: Selector Length 17, TS_IPV4_ADDR_RANGE needs 16") },
	{ "IPv6 selector length 16 (CVE-2023-23009 class)",
	  HDR("2c", "00000034") "00 00 0018 01 000000 08 00 0010 0000 ffff c0000200 c00002ff",
	  SYNTAX("TS selector 1: Selector Length 16, TS_IPV6_ADDR_RANGE needs 40") },
	{ "selector beyond the payload",
	  HDR("2c", "00000030") "00 00 0014 01 000000 07 00 0010 0000 ffff c0000200",
	  SYNTAX("TS selector 1: Selector Length 16 but only 12 octets left") },
	{ "selector header cut short",
	  HDR("2c", "00000028") "00 00 000c 01 000000 07 00 00 10",
	  SYNTAX("TS selector 1: 4 octets left, less than the 8-octet selector header") },
	{ "start port greater than end port",
	  HDR("2c", "00000034") "00 00 0018 01 000000 07 06 0010 0050 004f c0000200 c00002ff",
	  SYNTAX("TS selector 1: start port 80 is greater than end port 79") },
	{ "OPAQUE ports 65535..0 (positive)",
	  HDR("2c", "00000034") "00 00 0018 01 000000 07 06 0010 ffff 0000 c0000200 c00002ff",
	  OK },
	{ "start address greater than end address",
	  HDR("2c", "00000034") "00 00 0018 01 000000 07 00 0010 0000 ffff c00002ff c0000200",
	  SYNTAX("TS selector 1: start address is greater than end address") },
	{ "IPv6 start address greater than end address",
	  HDR("2c", "0000004c") "00 00 0030 01 000000 08 00 0028 0000 ffff "
	  "20010db8000000000000000000000002 20010db8000000000000000000000001",
	  SYNTAX("TS selector 1: start address is greater than end address") },
	{ "unknown TS type",
	  HDR("2c", "00000034") "00 00 0018 01 000000 09 00 0010 0000 ffff c0000200 c00002ff",
	  SYNTAX("TS selector 1: unknown TS type 9") },
	{ "octets after the selectors",
	  HDR("2c", "00000038") "00 00 001c 01 000000 " TS4 "00000000",
	  SYNTAX("TS payload: 4 octets after the 1 selectors") },
	{ "second selector wrong",
	  HDR("2c", "00000044") "00 00 0028 02 000000 " TS4 "07 00 0010 0000 ffff c00002ff c0000200",
	  SYNTAX("TS selector 2: start address is greater than end address") },
};

static const struct hostile notify_cases[] = {
	{ "notify protocol ID 4 with an SPI",
	  HDR("29", "00000028") "00 00 000c 04 04 4009 aabbccdd",
	  SYNTAX("N(REKEY_SA): protocol ID 4 (UNKNOWN) with an SPI of 4 octets") },
	{ "notify protocol ID 4 without SPI is ignored (positive)",
	  HDR("29", "00000024") "00 00 0008 04 00 4000",
	  OK, .check = protocol_ignored },
	{ "notify ESP with an 8-octet SPI",
	  HDR("29", "0000002c") "00 00 0010 03 08 4009 1122334455667788",
	  SYNTAX("N(REKEY_SA): SPI size 8 for ESP, must be 4") },
	{ "notify IKE with an SPI",
	  HDR("29", "0000002c") "00 00 0010 01 08 4000 1122334455667788",
	  SYNTAX("N(INITIAL_CONTACT): protocol ID 1 (IKE) with an SPI of 8 octets") },
	{ "notify SPI size beyond the payload",
	  HDR("29", "00000024") "00 00 0008 03 c8 4009",
	  SYNTAX("N(REKEY_SA): SPI size 200 but only 0 octets left") },
	{ "notify shorter than its fixed part",
	  HDR("29", "00000023") "00 00 0007 00 00 40",
	  SYNTAX("Notify payload: body of 3 octets is shorter than its 4-octet fixed part") },
	{ "notify type 0",
	  HDR("29", "00000024") "00 00 0008 00 00 0000",
	  SYNTAX("Notify payload: notify type 0 is reserved") },
	{ "REKEY_SA without SPI (CVE-2023-38710 class)",
	  HDR("29", "00000024") "00 00 0008 03 00 4009",
	  SYNTAX("N(REKEY_SA): needs the 4-octet SPI of an AH or ESP SA, has 0 octets") },
	{ "COOKIE of 65 octets",
	  HDR("29", "00000065") "00 00 0049 00 00 4006 " X4(N16) "ff",
	  SYNTAX("N(COOKIE): data of 65 octets, must be 1..64") },
	{ "COOKIE empty",
	  HDR("29", "00000024") "00 00 0008 00 00 4006",
	  SYNTAX("N(COOKIE): data of 0 octets, must be 1..64") },
	{ "NAT_DETECTION_SOURCE_IP of 19 octets",
	  HDR("29", "00000037") "00 00 001b 00 00 4004 " N16 "aabbcc",
	  SYNTAX("N(NAT_DETECTION_SOURCE_IP): data of 19 octets, must be 20") },
	{ "NAT_DETECTION_DESTINATION_IP of 21 octets",
	  HDR("29", "00000039") "00 00 001d 00 00 4005 " N16 "aabbccddee",
	  SYNTAX("N(NAT_DETECTION_DESTINATION_IP): data of 21 octets, must be 20") },
	{ "INVALID_KE_PAYLOAD of 3 octets",
	  HDR("29", "00000027") "00 00 000b 00 00 0011 000e00",
	  SYNTAX("N(INVALID_KE_PAYLOAD): data of 3 octets, must be 2") },
	{ "TICKET_LT_OPAQUE with a lifetime only",
	  HDR("29", "00000028") "00 00 000c 00 00 4019 00000e10",
	  SYNTAX("N(TICKET_LT_OPAQUE): data of 4 octets, must be 5..65535") },
	{ "TICKET_LT_OPAQUE well formed (positive)",
	  HDR("29", "00000029") "00 00 000d 00 00 4019 00000e10 aa",
	  OK, .check = ticket_lt },
	{ "TICKET_OPAQUE empty",
	  HDR("29", "00000024") "00 00 0008 00 00 401d",
	  SYNTAX("N(TICKET_OPAQUE): data of 0 octets, must be 1..65535") },
	{ "TICKET_OPAQUE of 1 octet (positive)",
	  HDR("29", "00000025") "00 00 0009 00 00 401d 01",
	  OK },
	{ "TICKET_REQUEST with data",
	  HDR("29", "00000025") "00 00 0009 00 00 401a 00",
	  SYNTAX("N(TICKET_REQUEST): data of 1 octets, must be 0") },
	{ "TICKET_NACK with an SPI",
	  HDR("29", "00000028") "00 00 000c 03 04 401c aabbccdd",
	  SYNTAX("N(TICKET_NACK): SPI of 4 octets, must have none") },
	{ "SIGNATURE_HASH_ALGORITHMS of odd length",
	  HDR("29", "00000027") "00 00 000b 00 00 402f 000200",
	  SYNTAX("N(SIGNATURE_HASH_ALGORITHMS): 3 octets of data, not a list of 2-octet values") },
	{ "REDIRECT to an IPv4 gateway of 5 octets",
	  HDR("29", "0000002b") "00 00 000f 00 00 4017 01 05 c000020101",
	  SYNTAX("N(REDIRECT): gateway identity type 1 with 5 octets, must be 4") },
	{ "REDIRECT gateway length past the data",
	  HDR("29", "0000002b") "00 00 000f 00 00 4017 03 09 6761746577",
	  SYNTAX("N(REDIRECT): gateway identity length 9 but only 5 octets left") },
};

static const struct hostile delete_cp_misc_cases[] = {
	{ "Delete with nspi * spisize != length",
	  HDR("2a", "00000028") "00 00 000c 03 04 0002 aabbccdd",
	  SYNTAX("D payload at offset 28: Delete payload: 2 SPIs of 4 octets need 8 octets, 4 present") },
	{ "Delete with more SPI octets than announced",
	  HDR("2a", "0000002c") "00 00 0010 03 04 0001 aabbccdd 11223344",
	  SYNTAX("Delete payload: 1 SPIs of 4 octets need 4 octets, 8 present") },
	{ "Delete protocol 0",
	  HDR("2a", "00000024") "00 00 0008 00 00 0000",
	  SYNTAX("Delete payload: protocol ID 0 is not IKE, AH or ESP") },
	{ "Delete of the IKE SA with SPI size 8",
	  HDR("2a", "00000024") "00 00 0008 01 08 0000",
	  SYNTAX("Delete payload: SPI size 8 for IKE, must be 0") },
	{ "Delete of the IKE SA with an SPI count",
	  HDR("2a", "00000024") "00 00 0008 01 00 0001",
	  SYNTAX("Delete payload: IKE SA delete with 1 SPIs, must be 0") },
	{ "Delete of ESP SAs with SPI size 0",
	  HDR("2a", "00000024") "00 00 0008 03 00 0000",
	  SYNTAX("Delete payload: SPI size 0 for ESP, must be 4") },
	{ "CP INTERNAL_IP4_ADDRESS of 3 octets",
	  HDR("2f", "0000002b") "00 00 000f 01 000000 0001 0003 0a0000",
	  SYNTAX("CP attribute 1: INTERNAL_IP4_ADDRESS with a value of 3 octets") },
	{ "CP attribute length past the payload",
	  HDR("2f", "00000028") "00 00 000c 01 000000 0001 0004",
	  SYNTAX("CP attribute 1 (INTERNAL_IP4_ADDRESS): length 4 but only 0 octets left") },
	{ "CP attribute header cut short",
	  HDR("2f", "00000026") "00 00 000a 01 000000 0001",
	  SYNTAX("CP attribute 1: 2 octets left, less than the 4-octet attribute header") },
	{ "CP type 0",
	  HDR("2f", "00000024") "00 00 0008 00 000000",
	  SYNTAX("CP payload: unknown CFG type 0") },
	{ "empty Vendor ID",
	  HDR("2b", "00000020") "00 00 0004",
	  SYNTAX("Vendor ID payload: empty") },
	{ "EAP shorter than the EAP header",
	  HDR("30", "00000022") "00 00 0006 0101",
	  SYNTAX("EAP payload: 2 octets, less than the 4-octet EAP header") },
};

static const struct hostile sk_cases[] = {
	{ "SK not last",
	  HDRX("2e", "0000002c") "29 00 0008 aabbccdd " "00 00 0008 00 00 4000",
	  SYNTAX("SK payload at offset 28 is not the last payload: 8 octets follow it") },
	{ "SK not last, after another payload",
	  HDRX("28", "0000003c") "2e 00 0014 " N16 "00 00 0008 aabbccdd 00000000",
	  SYNTAX("SK payload at offset 48 is not the last payload: 4 octets follow it") },
	{ "SK with an empty body",
	  HDRX("2e", "00000020") "29 00 0004",
	  SYNTAX("SK payload: empty, no IV, ciphertext or ICV") },
	{ "SK well formed (positive)",
	  HDRX("2e", "00000030") "29 00 0014 " N16,
	  OK, .check = sk_aad },
	{ "SKF fragment number 0",
	  HDRX("35", "00000028") "29 00 000c 0000 0002 aabbccdd",
	  DROP("SKF payload: fragment number 0 of total 2, neither may be 0") },
	{ "SKF total 0",
	  HDRX("35", "00000028") "29 00 000c 0001 0000 aabbccdd",
	  DROP("SKF payload: fragment number 1 of total 0, neither may be 0") },
	{ "SKF fragment number greater than total",
	  HDRX("35", "00000028") "00 00 000c 0003 0002 aabbccdd",
	  DROP("SKF payload: fragment number 3 is greater than total 2") },
	{ "SKF later fragment names a next payload",
	  HDRX("35", "00000028") "29 00 000c 0002 0002 aabbccdd",
	  DROP("SKF payload: fragment 2 names next payload 41, only fragment 1 may") },
	{ "SKF without fragment header",
	  HDRX("35", "00000022") "00 00 0006 0001",
	  DROP("SKF payload: body of 2 octets is shorter than the 4-octet fragment header") },
	{ "SKF without encrypted content",
	  HDRX("35", "00000024") "00 00 0008 0002 0002",
	  DROP("SKF payload: fragment 2 of 2 has no IV, ciphertext or ICV") },
	{ "SKF not last",
	  HDRX("35", "0000002c") "29 00 000c 0001 0002 aabbccdd 00 00 0004",
	  SYNTAX("SKF payload at offset 28 is not the last payload: 4 octets follow it") },
	{ "SK inside SK", "00 00 0008 aabbccdd",
	  SYNTAX("inside SK: SK payload at offset 0 inside an Encrypted payload"),
	  .mode = INNER, .first = IKEV2_PL_SK },
	{ "SKF inside SK", "29 00 000c 0001 0001 aabbccdd",
	  SYNTAX("inside SK: SKF payload at offset 0 inside an Encrypted payload"),
	  .mode = INNER, .first = IKEV2_PL_SKF },
	{ "inner payload past the plaintext", "00 00 0010 aabb",
	  SYNTAX("inside SK: payload Nonce(40) at offset 0: length 16 but only 6 octets left"),
	  .mode = INNER, .first = IKEV2_PL_NONCE },
	{ "inner unknown critical payload", "00 80 0004",
	  .kind = IKEV2_ERROR_NOTIFY, .notify = IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD,
	  .reason = "inside SK: payload type 200 at offset 0 is unknown and marked critical",
	  .data = 200, .mode = INNER, .first = 200 },
	{ "65 payloads inside SK (limit holds after reassembly too)",
	  X64("2b 00 0005 aa ") "00 00 0005 aa",
	  SYNTAX("inside SK: more than 64 payloads (payload V(43) at offset 320)"),
	  .mode = INNER, .first = IKEV2_PL_VID },
	{ "inner TS payload invalid", "00 00 0008 00 000000",
	  SYNTAX("inside SK: TSr payload at offset 0: TS payload: Number of TSs is 0"),
	  .mode = INNER, .first = IKEV2_PL_TSr },
};

static const struct hostile udp4500_cases[] = {
	{ "non-zero non-ESP marker is an ESP packet", "00000001 00000001 aabbccdd",
	  OK, .mode = UDP4500, .encap = IKEV2_ENCAP_ESP },
	{ "NAT-keepalive", "ff",
	  OK, .mode = UDP4500, .encap = IKEV2_ENCAP_KEEPALIVE },
	{ "runt datagram on 4500", "0000",
	  OK, .mode = UDP4500, .encap = IKEV2_ENCAP_RUNT },
	{ "marker, then a valid message", "00000000 " HDR("00", "0000001c"),
	  OK, .mode = UDP4500, .encap = IKEV2_ENCAP_IKE },
	{ "marker, then a truncated header", "00000000 0102030405060708 0000000000000000 00 20 22 08",
	  DROP("IKE header: message of 20 octets is shorter than the 28-octet header"),
	  .mode = UDP4500, .encap = IKEV2_ENCAP_IKE },
};

static unsigned cases_run;

static void report(const struct hostile *h, const char *what, const struct ikev2_error *err)
{
	fprintf(stderr, "  case \"%s\": %s\n    got kind %d notify %u data_len %zu reason \"%s\"\n",
		h->name, what, err->kind, err->notify, err->data_len, err->reason);
}

static bool outcome_ok(const struct hostile *h, bool ok, const struct ikev2_error *err)
{
	if (h->kind == IKEV2_ERROR_NONE)
		return ok;
	if (ok || err->kind != h->kind || strstr(err->reason, h->reason) == NULL)
		return false;
	if (h->kind == IKEV2_ERROR_NOTIFY && err->notify != h->notify)
		return false;
	if (h->data < 0)
		return err->data_len == 0;
	return err->data_len == 1 && err->data[0] == h->data;
}

static void run_one(const struct hostile *h)
{
	static struct ikev2_message m;
	static struct ikev2_digest inner;
	struct ikev2_error err = { .kind = IKEV2_ERROR_NONE };
	struct bytes msg = unit_hex(h->hex);
	bool ok;
	cases_run++;
	switch (h->mode) {
	case INNER:
		ok = ikev2_inner_decode(msg, h->first, &inner, &err);
		break;
	case UDP4500: {
		struct bytes ike = EMPTY_BYTES;
		enum ikev2_udp_encap encap = ikev2_non_esp_marker(msg, &ike);
		if (encap != h->encap) {
			report(h, "wrong encapsulation verdict", &err);
			CHECK(encap == h->encap);
			return;
		}
		if (encap != IKEV2_ENCAP_IKE)
			return;
		ok = ikev2_message_decode(ike, &m, &err);
		break;
	}
	default:
		ok = ikev2_message_decode(msg, &m, &err);
		break;
	}
	if (!outcome_ok(h, ok, &err)) {
		report(h, h->kind == IKEV2_ERROR_NONE ? "should decode" : h->reason, &err);
		CHECK(outcome_ok(h, ok, &err));
		return;
	}
	if (ok && h->check != NULL)
		h->check(&m);
}

#define RUN_TABLE(t) \
	do { for (size_t i_ = 0; i_ < sizeof(t) / sizeof((t)[0]); i_++) run_one(&(t)[i_]); } while (0)

static void test_header(void) { RUN_TABLE(header_cases); }
static void test_chain(void) { RUN_TABLE(chain_cases); }
static void test_sa(void) { RUN_TABLE(sa_cases); }
static void test_ke_nonce(void) { RUN_TABLE(ke_nonce_cases); }
static void test_id_auth_cert(void) { RUN_TABLE(id_auth_cert_cases); }
static void test_ts(void) { RUN_TABLE(ts_cases); }
static void test_notify(void) { RUN_TABLE(notify_cases); }
static void test_delete_cp_misc(void) { RUN_TABLE(delete_cp_misc_cases); }
static void test_sk(void) { RUN_TABLE(sk_cases); }
static void test_udp4500(void) { RUN_TABLE(udp4500_cases); }

static void test_table_size(void)
{
	fprintf(stderr, "  %u hostile-input cases\n", cases_run);
	CHECK(cases_run >= 40);
}

UNIT_MAIN(UNIT(test_header), UNIT(test_chain), UNIT(test_sa), UNIT(test_ke_nonce),
	  UNIT(test_id_auth_cert), UNIT(test_ts), UNIT(test_notify), UNIT(test_delete_cp_misc),
	  UNIT(test_sk), UNIT(test_udp4500), UNIT(test_table_size))
