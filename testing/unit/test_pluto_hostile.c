/*
 * The daemon's exchanges against hostile input (../shared/notes/bad-inputs.md),
 * through its real packet path (pluto_harness.h): every case starts a fresh
 * responder, brings the scripted peer to a state (no SA, half-open after
 * IKE_SA_INIT, established, holding a ticket), sends one hostile message
 * and checks
 *   - the answer: none (RFC 7296 says drop), an unprotected notify, or a
 *     protected one (opened with the peer's keys);
 *   - the SA table: unchanged (fingerprint of serials, states, SPIs, Child
 *     SAs), or the IKE SA gone where the RFC makes the error fatal;
 *   - a log line saying what was wrong;
 *   - that an unchanged SA still works afterwards (a valid next message
 *     succeeds), so "unchanged" is not a dead SA that merely looks alike.
 * Under ASan (make VARIANT=asan) the same run proves no crash and no leak.
 * Items refer to bad-inputs.md.
 */
#include <stdio.h>

#include "ikev2_numbers.h"
#include "pluto_craft.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

#define X4(s) s s s s
#define X16(s) X4(X4(s))
#define X64(s) X4(X16(s))

/* SA bodies: ENCR AES-GCM-16/256, PRF HMAC-SHA2-256, DH 19 */
#define T_ENCR(more) more " 00 000c 01 00 0014 800e 0100 "
#define T_PRF(more) more " 00 0008 02 00 0005 "
#define T_DH19 "00 00 0008 04 00 0013 "
#define TS_10_2 "07 00 0010 0000 ffff 0a020000 0a02ffff "
#define ESP_SA "00 00 0020 01 03 04 02 aabbccdd " T_ENCR("03") "00 00 0008 05 00 0000 "
#define NONCE32 X4("0001020304050607")

enum phase { P_NONE, P_HALF_OPEN, P_ESTABLISHED };
enum answer { NO_ANSWER, CLEAR, PROTECTED, CLEAR_SA_INIT };
enum after { SAME, SA_GONE, SA_ADDED };

struct hostile {
	const char *name;
	enum phase phase;
	struct bytes (*build)(struct peer *p);
	enum answer answer;
	uint16_t notify;	/* CLEAR / PROTECTED: the (first error) notify; 0: none */
	enum after after;
	const char *log;	/* a substring of the log line */
};

static struct peer peer;

/* ---- the messages ------------------------------------------------------- */

#define INIT(fn, ...) \
	static struct bytes fn(struct peer *p) { return craft_sa_init(p, &(struct init_spec){ __VA_ARGS__ }); }
/* A second peer presents the first one's ticket, which stays usable. */
static struct peer resumer;
static bool resumer_up;
static struct peer *resumer_of(const struct peer *p)
{
	if (!resumer_up)
		resumer_up = peer_init(&resumer);
	chunk_free(&resumer.ticket);
	secret_free(&resumer.ticket_sk_d);
	resumer.ticket = chunk_clone(chunk_bytes(p->ticket));
	resumer.ticket_sk_d = secret_clone(secret_bytes(p->ticket_sk_d));
	return &resumer;
}
#define RESUME(fn, ...) \
	static struct bytes fn(struct peer *p) { return craft_resume(resumer_of(p), &(struct resume_spec){ __VA_ARGS__ }); }
#define AUTH(fn, ...) \
	static struct bytes fn(struct peer *p) { return craft_auth(p, &(struct auth_spec){ __VA_ARGS__ }); }
#define SEALED(fn, ...) \
	static struct bytes fn(struct peer *p) { return craft_sealed(p, &(struct sealed_spec){ __VA_ARGS__ }); }

/* 1. datagrams and headers */
static struct bytes short_datagram(struct peer *p)
{
	struct bytes m = peer_sa_init(p);
	return BYTES(m.ptr, 27);
}
static struct bytes length_long(struct peer *p) { return craft_damage(peer_sa_init(p), DAMAGE_LENGTH_LONG); }
static struct bytes length_short(struct peer *p) { return craft_damage(peer_sa_init(p), DAMAGE_LENGTH_SHORT); }
static struct bytes response_flag(struct peer *p)
{
	struct bytes m = peer_sa_init(p);
	((uint8_t *)m.ptr)[19] |= IKEV2_FLAG_RESPONSE;
	return m;
}
static struct bytes major_3(struct peer *p)
{
	struct bytes m = peer_sa_init(p);
	((uint8_t *)m.ptr)[17] = 0x30;
	return m;
}

/* 2-3. payload chains (unprotected) */
INIT(unknown_critical, .raw = { { 200, true, "00" } })
INIT(unknown_noncritical, .raw = { { 200, false, "00" } })
INIT(too_many_payloads, .raw = { { IKEV2_PL_VID, false, "00", 64 } })

/* 4. SA payload */
INIT(sa_spi8, .sa_hex = "00 00 002c 01 01 08 03 0102030405060708 " T_ENCR("03") T_PRF("03") T_DH19)
INIT(sa_no_dh, .sa_hex = "00 00 001c 01 01 00 02 " T_ENCR("03") T_PRF("00"))
INIT(sa_no_transforms, .sa_hex = "00 00 0008 01 01 00 00")
INIT(sa_count_255, .sa_hex = "00 00 0024 01 01 00 ff " T_ENCR("03") T_PRF("03") T_DH19)
INIT(sa_length_long, .sa_hex = "00 00 0030 01 01 00 03 " T_ENCR("03") T_PRF("03") T_DH19)
INIT(sa_more_flag, .sa_hex = "02 00 0024 01 01 00 03 " T_ENCR("03") T_PRF("03") T_DH19)
INIT(sa_no_key_length, .sa_hex = "00 00 0020 01 01 00 03 03 00 0008 01 00 0014 " T_PRF("03") T_DH19)
/* 5. KE */
INIT(ke_group_0, .ke_group_set = true, .ke_group = 0)
INIT(ke_group_1025, .ke_group_set = true, .ke_group = 1025)
INIT(ke_empty, .ke_data_hex = "")
INIT(ke_short, .ke_data_hex = X16("01"))
INIT(ke_long, .ke_data_hex = X64("01") "01")
INIT(ke_off_curve, .ke_data_hex = X64("01"))
INIT(no_ke, .no_ke = true)
/* 6. nonce */
INIT(nonce_empty, .nonce_hex = "")
INIT(nonce_15, .nonce_hex = "000102030405060708090a0b0c0d0e")
INIT(nonce_257, .nonce_hex = X16(X16("01")) "01")
INIT(no_nonce, .no_ni = true)
INIT(two_nonces, .two_ni = true)
INIT(no_sa, .no_sa = true)
/* 11. notify */
INIT(cookie_short, .cookie_hex = "00")
INIT(notify_bad_protocol, .raw = { { IKEV2_PL_NOTIFY, false, "07 04 4009 deadbeef" } })

/* 13. SK damaged after sealing (half-open: IKE_AUTH) */
static struct bytes auth_icv(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_ICV); }
static struct bytes auth_ciphertext(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_CIPHERTEXT); }
static struct bytes auth_truncated(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_TRUNCATE_SK); }
static struct bytes auth_length_long(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_LENGTH_LONG); }
static struct bytes auth_natt_marker(struct peer *p) { return peer_auth(p, 0); }	/* sent on 4500, see run() */

/* IKE_AUTH contents (inside SK) */
AUTH(auth_no_id, .omit = PEER_OMIT_ID)
AUTH(auth_no_auth, .omit = PEER_OMIT_AUTH)
AUTH(auth_wrong, .omit = PEER_BAD_AUTH)
AUTH(auth_two_idi, .two_idi = true)
AUTH(auth_method_0, .auth_method = 0xff)
AUTH(auth_id_empty, .id_hex = "02 000000")
AUTH(auth_id_ipv4_short, .id_hex = "01 000000 0a")
AUTH(auth_id_dn_truncated, .id_hex = "09 000000 3082")
AUTH(auth_ts_count_0, .ts_hex = "00 000000")
AUTH(auth_ts_count_2_of_1, .ts_hex = "02 000000 " TS_10_2)
AUTH(auth_ts_selector_len, .ts_hex = "01 000000 07 00 0014 0000 ffff 0a020000 0a02ffff")
AUTH(auth_ts_start_after_end, .ts_hex = "01 000000 07 00 0010 0000 ffff 0a02ffff 0a020000")
AUTH(auth_ts_unknown_type, .ts_hex = "01 000000 0b 00 0010 0000 ffff 0a020000 0a02ffff")
AUTH(auth_esp_spi8, .sa_hex = "00 00 0024 01 03 08 02 0102030405060708 " T_ENCR("03") "00 00 0008 05 00 0000")
AUTH(auth_cert_empty, .raw = { { IKEV2_PL_CERT, false, "" } })
AUTH(auth_certreq_odd, .raw = { { IKEV2_PL_CERTREQ, false, "04 0102030405" } })
AUTH(auth_inner_critical, .raw = { { 200, true, "00" } })
AUTH(auth_too_many, .raw = { { IKEV2_PL_NOTIFY, false, "00 00 4000", 64 } })
SEALED(auth_inner_len_long, .exchange = IKEV2_EXCH_IKE_AUTH, .first = IKEV2_PL_NONCE,
       .plain_hex = "00 00 00ff 0102030405060708")
SEALED(auth_inner_len_3, .exchange = IKEV2_EXCH_IKE_AUTH, .first = IKEV2_PL_NONCE,
       .plain_hex = "00 00 0003")
SEALED(auth_inner_sk, .exchange = IKEV2_EXCH_IKE_AUTH, .first = IKEV2_PL_SK,
       .plain_hex = "00 00 0008 00000000")
/* 14. state: exchanges that may not come yet, or again */
SEALED(info_before_auth, .exchange = IKEV2_EXCH_INFORMATIONAL)
SEALED(child_before_auth, .exchange = IKEV2_EXCH_CREATE_CHILD_SA,
       .raw = { { IKEV2_PL_SA, false, ESP_SA }, { IKEV2_PL_NONCE, false, NONCE32 } })
static struct bytes auth_twice(struct peer *p) { return craft_sealed(p, &(struct sealed_spec){
	.exchange = IKEV2_EXCH_IKE_AUTH, .raw = { { IKEV2_PL_IDi, false, "02 000000 77657374" } } }); }
SEALED(msgid_ahead, .exchange = IKEV2_EXCH_INFORMATIONAL, .msgid_delta = 5)
SEALED(msgid_behind, .exchange = IKEV2_EXCH_INFORMATIONAL, .msgid_delta = -2)

/* 12. INFORMATIONAL: Delete */
SEALED(del_count_mismatch, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { IKEV2_PL_DELETE, false, "03 04 0002 11223344" } })
SEALED(del_protocol_0, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { IKEV2_PL_DELETE, false, "00 00 0000" } })
SEALED(del_ike_spi8, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { IKEV2_PL_DELETE, false, "01 08 0001 0102030405060708" } })
SEALED(del_esp_spi8, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { IKEV2_PL_DELETE, false, "03 08 0001 0102030405060708" } })
SEALED(del_esp_unknown, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { IKEV2_PL_DELETE, false, "03 04 0001 11223344" } })
SEALED(del_ike_twice, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { IKEV2_PL_DELETE, false, "01 00 0000", 1 } })
SEALED(info_critical, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { 200, true, "00" } })
SEALED(info_notify_proto_4, .exchange = IKEV2_EXCH_INFORMATIONAL, .raw = { { IKEV2_PL_NOTIFY, false, "04 04 4009 deadbeef" } })
SEALED(info_bad_chain, .exchange = IKEV2_EXCH_INFORMATIONAL, .first = IKEV2_PL_DELETE, .plain_hex = "00 00 0010 01000000")

/* CREATE_CHILD_SA */
SEALED(cc_no_sa, .exchange = IKEV2_EXCH_CREATE_CHILD_SA, .raw = { { IKEV2_PL_NONCE, false, NONCE32 } })
SEALED(cc_no_nonce, .exchange = IKEV2_EXCH_CREATE_CHILD_SA, .raw = { { IKEV2_PL_SA, false, ESP_SA } })
SEALED(cc_rekey_unknown, .exchange = IKEV2_EXCH_CREATE_CHILD_SA,
       .raw = { { IKEV2_PL_NOTIFY, false, "03 04 4009 deadbeef" }, { IKEV2_PL_SA, false, ESP_SA },
		{ IKEV2_PL_NONCE, false, NONCE32 }, { IKEV2_PL_TSi, false, "01 000000 " TS_10_2 },
		{ IKEV2_PL_TSr, false, "01 000000 07 00 0010 0000 ffff 0a010000 0a01ffff" } })
SEALED(cc_ts_count_0, .exchange = IKEV2_EXCH_CREATE_CHILD_SA,
       .raw = { { IKEV2_PL_SA, false, ESP_SA }, { IKEV2_PL_NONCE, false, NONCE32 },
		{ IKEV2_PL_TSi, false, "00 000000" }, { IKEV2_PL_TSr, false, "00 000000" } })
SEALED(cc_ike_spi0, .exchange = IKEV2_EXCH_CREATE_CHILD_SA,
       .raw = { { IKEV2_PL_SA, false, "00 00 0024 01 01 00 03 " T_ENCR("03") T_PRF("03") T_DH19 },
		{ IKEV2_PL_NONCE, false, NONCE32 } })

/* 16-21. IKE_SESSION_RESUME */
RESUME(resume_no_ticket, .no_ticket = true)
RESUME(resume_ticket_empty, .ticket_hex = "")
RESUME(resume_ticket_1, .ticket_hex = "01")
RESUME(resume_ticket_garbage, .ticket_len = 120)
RESUME(resume_ticket_max, .ticket_len = 4000)
RESUME(resume_no_ni, .no_ni = true)
RESUME(resume_two_ni, .two_ni = true)
RESUME(resume_with_sa, .with_sa = true)
RESUME(resume_with_ke, .with_ke = true)
static struct bytes resume_tag_flipped(struct peer *p)
{
	struct peer *r = resumer_of(p);
	r->ticket.ptr[r->ticket.len - 1] ^= 1;
	return craft_resume(r, &(struct resume_spec){ 0 });
}
static struct bytes resume_ticket_cut(struct peer *p)
{
	struct peer *r = resumer_of(p);
	r->ticket.len--;
	return craft_resume(r, &(struct resume_spec){ 0 });
}

/* ---- the table ---------------------------------------------------------- */

#define N(x) IKEV2_N_##x
static const struct hostile table[] = {
	/* 1 */
	{ "datagram of 27 octets", P_NONE, short_datagram, NO_ANSWER, 0, SAME, "dropping message" },
	{ "header length > datagram", P_NONE, length_long, NO_ANSWER, 0, SAME, "dropping message" },
	{ "header length < datagram", P_NONE, length_short, NO_ANSWER, 0, SAME, "dropping message" },
	{ "IKE_SA_INIT with the R flag", P_NONE, response_flag, NO_ANSWER, 0, SAME, "" },
	{ "major version 3", P_NONE, major_3, CLEAR, N(INVALID_MAJOR_VERSION), SAME, "dropping message" },
	/* 2-3 */
	{ "unknown critical payload", P_NONE, unknown_critical, CLEAR, N(UNSUPPORTED_CRITICAL_PAYLOAD), SAME, "critical" },
	{ "unknown non-critical payload is skipped", P_NONE, unknown_noncritical, CLEAR_SA_INIT, 0, SA_ADDED, "responded to IKE_SA_INIT" },
	{ "65 payloads", P_NONE, too_many_payloads, NO_ANSWER, 0, SAME, "dropping message" },
	/* 4 */
	{ "IKE proposal with an 8-octet SPI", P_NONE, sa_spi8, CLEAR, N(NO_PROPOSAL_CHOSEN), SAME, "must be empty in IKE_SA_INIT" },
	{ "IKE proposal without DH", P_NONE, sa_no_dh, CLEAR, N(NO_PROPOSAL_CHOSEN), SAME, "no acceptable proposal" },
	{ "proposal with 0 transforms", P_NONE, sa_no_transforms, NO_ANSWER, 0, SAME, "SA payload" },
	{ "transform count 255 of 3", P_NONE, sa_count_255, NO_ANSWER, 0, SAME, "SA payload" },
	{ "proposal length beyond the payload", P_NONE, sa_length_long, NO_ANSWER, 0, SAME, "SA payload" },
	{ "last proposal says more follow", P_NONE, sa_more_flag, NO_ANSWER, 0, SAME, "SA payload" },
	{ "AES-GCM without key length", P_NONE, sa_no_key_length, CLEAR, N(NO_PROPOSAL_CHOSEN), SAME, "no acceptable proposal" },
	/* 5 */
	{ "KE group 0", P_NONE, ke_group_0, NO_ANSWER, 0, SAME, "D-H group 0" },
	{ "KE group 1025 (private use)", P_NONE, ke_group_1025, CLEAR, N(INVALID_KE_PAYLOAD), SAME, "KE for group 1025" },
	{ "KE data empty", P_NONE, ke_empty, NO_ANSWER, 0, SAME, "no key exchange data" },
	{ "KE data short", P_NONE, ke_short, NO_ANSWER, 0, SAME, "bad KE value" },
	{ "KE data long", P_NONE, ke_long, NO_ANSWER, 0, SAME, "bad KE value" },
	{ "KE point off the curve", P_NONE, ke_off_curve, NO_ANSWER, 0, SAME, "bad KE value" },
	{ "no KE", P_NONE, no_ke, NO_ANSWER, 0, SAME, "lacks or repeats SA, KE or Ni" },
	{ "no SA", P_NONE, no_sa, NO_ANSWER, 0, SAME, "lacks or repeats SA, KE or Ni" },
	/* 6 */
	{ "nonce of 0 octets", P_NONE, nonce_empty, NO_ANSWER, 0, SAME, "Nonce" },
	{ "nonce of 15 octets", P_NONE, nonce_15, NO_ANSWER, 0, SAME, "Nonce" },
	{ "nonce of 257 octets", P_NONE, nonce_257, NO_ANSWER, 0, SAME, "Nonce" },
	{ "no nonce", P_NONE, no_nonce, NO_ANSWER, 0, SAME, "lacks or repeats SA, KE or Ni" },
	{ "two nonces", P_NONE, two_nonces, NO_ANSWER, 0, SAME, "lacks or repeats SA, KE or Ni" },
	/* 11 */
	{ "COOKIE of 1 octet unasked", P_NONE, cookie_short, CLEAR, N(COOKIE), SAME, "with COOKIE" },
	{ "notify with protocol 7", P_NONE, notify_bad_protocol, NO_ANSWER, 0, SAME, "protocol ID 7" },
	/* 13: SK damaged after sealing */
	{ "IKE_AUTH with a wrong ICV", P_HALF_OPEN, auth_icv, NO_ANSWER, 0, SAME, "SK payload rejected" },
	{ "IKE_AUTH with a flipped ciphertext bit", P_HALF_OPEN, auth_ciphertext, NO_ANSWER, 0, SAME, "SK payload rejected" },
	{ "IKE_AUTH with the SK body cut to 8 octets", P_HALF_OPEN, auth_truncated, NO_ANSWER, 0, SAME, "" },
	{ "IKE_AUTH header length too long", P_HALF_OPEN, auth_length_long, NO_ANSWER, 0, SAME, "dropping message" },
	{ "IKE_AUTH on 4500 without the marker", P_HALF_OPEN, auth_natt_marker, NO_ANSWER, 0, SAME, "" },
	/* 7-10 inside SK */
	{ "IKE_AUTH without IDi", P_HALF_OPEN, auth_no_id, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "IDi or AUTH missing" },
	{ "IKE_AUTH without AUTH", P_HALF_OPEN, auth_no_auth, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "IDi or AUTH missing" },
	{ "IKE_AUTH with a wrong AUTH", P_HALF_OPEN, auth_wrong, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "AUTHENTICATION_FAILED" },
	{ "IKE_AUTH with two IDi", P_HALF_OPEN, auth_two_idi, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "IKE_AUTH" },
	{ "AUTH method 255", P_HALF_OPEN, auth_method_0, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "AUTH method" },
	{ "IDi with empty data", P_HALF_OPEN, auth_id_empty, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "ID_IPV4_ADDR of 1 octet", P_HALF_OPEN, auth_id_ipv4_short, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "ID_DER_ASN1_DN truncated", P_HALF_OPEN, auth_id_dn_truncated, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "no connection for ID" },
	{ "TS count 0", P_HALF_OPEN, auth_ts_count_0, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS count 2, one present", P_HALF_OPEN, auth_ts_count_2_of_1, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS selector length wrong", P_HALF_OPEN, auth_ts_selector_len, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS start after end", P_HALF_OPEN, auth_ts_start_after_end, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS of unknown type", P_HALF_OPEN, auth_ts_unknown_type, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "ESP proposal with an 8-octet SPI", P_HALF_OPEN, auth_esp_spi8, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "CERT of 0 octets", P_HALF_OPEN, auth_cert_empty, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "CERTREQ hashes not a multiple of 20", P_HALF_OPEN, auth_certreq_odd, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "unknown critical payload inside SK", P_HALF_OPEN, auth_inner_critical, PROTECTED, N(UNSUPPORTED_CRITICAL_PAYLOAD), SA_GONE, "malformed IKE_AUTH request" },
	{ "65 payloads inside SK", P_HALF_OPEN, auth_too_many, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "inner payload length beyond the plaintext", P_HALF_OPEN, auth_inner_len_long, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "inner payload length 3", P_HALF_OPEN, auth_inner_len_3, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "SK inside SK", P_HALF_OPEN, auth_inner_sk, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	/* 14 */
	{ "INFORMATIONAL before IKE_AUTH", P_HALF_OPEN, info_before_auth, NO_ANSWER, 0, SAME, "unexpected INFORMATIONAL request" },
	{ "CREATE_CHILD_SA before IKE_AUTH", P_HALF_OPEN, child_before_auth, NO_ANSWER, 0, SAME, "unexpected CREATE_CHILD_SA request" },
	{ "IKE_AUTH again when established", P_ESTABLISHED, auth_twice, NO_ANSWER, 0, SAME, "unexpected IKE_AUTH request" },
	{ "request 5 ahead of the window", P_ESTABLISHED, msgid_ahead, NO_ANSWER, 0, SAME, "unexpected message ID" },
	{ "request behind the window", P_ESTABLISHED, msgid_behind, NO_ANSWER, 0, SAME, "unexpected message ID" },
	/* 12 */
	{ "Delete: 2 SPIs announced, 1 present", P_ESTABLISHED, del_count_mismatch, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "2 SPIs of 4 octets need 8 octets" },
	{ "Delete: protocol 0", P_ESTABLISHED, del_protocol_0, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "protocol ID 0" },
	{ "Delete: IKE with an 8-octet SPI", P_ESTABLISHED, del_ike_spi8, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "SPI size 8" },
	{ "Delete: ESP with an 8-octet SPI", P_ESTABLISHED, del_esp_spi8, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "SPI size 8" },
	{ "Delete: an ESP SPI we do not have", P_ESTABLISHED, del_esp_unknown, PROTECTED, 0, SAME, "" },
	{ "Delete of the IKE SA twice in one message", P_ESTABLISHED, del_ike_twice, PROTECTED, 0, SA_GONE, "peer deleted the IKE SA" },
	{ "INFORMATIONAL with an unknown critical payload", P_ESTABLISHED, info_critical, PROTECTED, N(UNSUPPORTED_CRITICAL_PAYLOAD), SAME, "malformed INFORMATIONAL request" },
	{ "notify with protocol 4 and an SPI", P_ESTABLISHED, info_notify_proto_4, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed INFORMATIONAL request" },
	{ "inner chain length beyond the plaintext", P_ESTABLISHED, info_bad_chain, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed INFORMATIONAL request" },
	/* CREATE_CHILD_SA */
	{ "CREATE_CHILD_SA without SA", P_ESTABLISHED, cc_no_sa, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "CREATE_CHILD_SA: no SA payload" },
	{ "CREATE_CHILD_SA without Ni", P_ESTABLISHED, cc_no_nonce, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "CREATE_CHILD_SA: no Ni" },
	{ "REKEY_SA of an unknown Child SA", P_ESTABLISHED, cc_rekey_unknown, PROTECTED, N(CHILD_SA_NOT_FOUND), SAME, "CHILD_SA_NOT_FOUND" },
	{ "CREATE_CHILD_SA with TS count 0", P_ESTABLISHED, cc_ts_count_0, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed CREATE_CHILD_SA request" },
	{ "IKE rekey with an empty SPI", P_ESTABLISHED, cc_ike_spi0, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "not 8 octets" },
	/* 16-21 */
	{ "IKE_SESSION_RESUME without TICKET_OPAQUE", P_ESTABLISHED, resume_no_ticket, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "TICKET_OPAQUE empty", P_ESTABLISHED, resume_ticket_empty, NO_ANSWER, 0, SAME, "data of 0 octets" },
	{ "TICKET_OPAQUE of 1 octet", P_ESTABLISHED, resume_ticket_1, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "TICKET_OPAQUE of 120 garbage octets", P_ESTABLISHED, resume_ticket_garbage, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "TICKET_OPAQUE of 4000 octets", P_ESTABLISHED, resume_ticket_max, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "ticket with its tag flipped", P_ESTABLISHED, resume_tag_flipped, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "ticket one octet short", P_ESTABLISHED, resume_ticket_cut, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "IKE_SESSION_RESUME without Ni", P_ESTABLISHED, resume_no_ni, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "IKE_SESSION_RESUME with two Ni", P_ESTABLISHED, resume_two_ni, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "IKE_SESSION_RESUME with an SA payload", P_ESTABLISHED, resume_with_sa, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "IKE_SESSION_RESUME with a KE payload", P_ESTABLISHED, resume_with_ke, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
};

/* ---- running a case ----------------------------------------------------- */

static bool failed;
#define EXPECT(e) do { if (!(e)) { failed = true; unit_fail(__FILE__, __LINE__, #e); } } while (0)

static bool reach(enum phase ph)
{
	switch (ph) {
	case P_NONE:
		return true;
	case P_HALF_OPEN:
		harness_receive(peer_sa_init(&peer));
		return harness_sent_count() == 1 && peer_sa_init_response(&peer, harness_last_sent());
	case P_ESTABLISHED:
		return peer_establish(&peer);
	}
	return false;
}

static void check_answer(const struct hostile *hc)
{
	size_t n = harness_sent_count();
	struct ikev2_header hdr;
	static struct ikev2_digest d;
	switch (hc->answer) {
	case NO_ANSWER:
		EXPECT(n == 0);
		return;
	case CLEAR:
	case CLEAR_SA_INIT:
		EXPECT(n == 1);
		if (n != 1 || !peer_decode(harness_last_sent(), &hdr, &d)) {
			EXPECT(!"an unprotected answer that decodes");
			return;
		}
		EXPECT(ikev2_header_is_response(&hdr) && ikev2_digest_first(&d, IKEV2_PL_SK) == NULL);
		if (hc->answer == CLEAR_SA_INIT)
			EXPECT(ikev2_digest_first(&d, IKEV2_PL_SA) != NULL && hdr.spi_r != 0);
		else
			EXPECT(d.count >= 1 && peer_has_notify(&d, hc->notify, NULL));
		return;
	case PROTECTED: {
		EXPECT(n == 1);
		struct chunk plain = { 0 };
		if (n != 1 || !peer_open(&peer, harness_last_sent(), &d, &plain)) {
			EXPECT(!"a protected answer that opens");
			return;
		}
		peer.next_msgid++;
		if (hc->notify != 0)
			EXPECT(peer_first_error(&d) == hc->notify);
		else
			EXPECT(peer_first_error(&d) == 0);
		chunk_free(&plain);
		return;
	}
	}
}

/* An unchanged SA must still do its job. */
static void check_still_works(enum phase ph)
{
	switch (ph) {
	case P_NONE:
		EXPECT(peer_restart(&peer) && peer_establish(&peer));
		return;
	case P_HALF_OPEN:
		harness_clear_sent();
		harness_receive(peer_auth(&peer, 0));
		EXPECT(harness_sent_count() == 1 && peer_auth_response(&peer, harness_last_sent()));
		return;
	case P_ESTABLISHED: {
		harness_clear_sent();
		harness_receive(craft_sealed(&peer, &(struct sealed_spec){ .exchange = IKEV2_EXCH_INFORMATIONAL }));
		struct ikev2_digest d;
		struct chunk plain = { 0 };
		EXPECT(harness_sent_count() == 1 && peer_open(&peer, harness_last_sent(), &d, &plain));
		chunk_free(&plain);
		return;
	}
	}
}

static void run(const struct hostile *hc)
{
	failed = false;
	/* debug lines too: drops an attacker can repeat are logged only there */
	if (!harness_start(&(struct harness_options){ .debug = true }) || !peer_init(&peer)) {
		EXPECT(!"harness start");
		return;
	}
	harness_clear_sent();
	if (!reach(hc->phase)) {
		EXPECT(!"reaching the case's state");
		goto out;
	}
	unsigned count = harness_sa_count();
	unsigned long before = harness_state_fingerprint();
	harness_clear_sent();
	harness_log_mark();
	struct bytes m = hc->build(&peer);
	EXPECT(m.len > 0);
	if (hc->build == auth_natt_marker) {
		uint8_t buf[PEER_MSG_MAX];	/* a non-zero "marker": ESP, not IKE */
		memset(buf, 0x01, 4);
		memcpy(buf + 4, m.ptr, m.len);
		harness_receive_natt(BYTES(buf, m.len + 4));
	} else {
		harness_receive(m);
	}
	check_answer(hc);
	switch (hc->after) {
	case SAME:
		EXPECT(harness_sa_count() == count && harness_state_fingerprint() == before);
		break;
	case SA_GONE:
		EXPECT(harness_sa_count() == count - 1);
		break;
	case SA_ADDED:
		EXPECT(harness_sa_count() == count + 1);
		break;
	}
	EXPECT(harness_log_contains(hc->log));
	if (failed) {
		printf("     case \"%s\"\n", hc->name);
		harness_log_dump();
	}
	if (hc->after == SAME && !failed) {
		check_still_works(hc->phase);
		if (failed)
			printf("     case \"%s\": the SA no longer works\n", hc->name);
	}
out:
	peer_free(&peer);
	if (resumer_up)
		peer_free(&resumer);
	resumer_up = false;
	harness_stop();
}

static void test_hostile_table(void)
{
	unit_nss_init();
	unsigned bad = 0;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		run(&table[i]);
		bad += failed;
	}
	printf("     %zu hostile cases, %u failed\n", sizeof(table) / sizeof(table[0]), bad);
}

UNIT_MAIN(UNIT(test_hostile_table))
