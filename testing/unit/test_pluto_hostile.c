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
#include <stdlib.h>

#include <event2/event.h>

#include "connections.h"
#include "ikev2_builder.h"
#include "ikev2_exchanges.h"
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
enum after { SAME, SA_GONE, SA_ADDED, NOW_ESTABLISHED };

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
static struct bytes sa_init_msgid_1(struct peer *p)
{
	struct bytes m = peer_sa_init(p);
	((uint8_t *)m.ptr)[23] = 1;	/* the message ID's last octet */
	return m;
}
static struct bytes sa_init_no_i_flag(struct peer *p)
{
	struct bytes m = peer_sa_init(p);
	((uint8_t *)m.ptr)[19] &= (uint8_t)~IKEV2_FLAG_INITIATOR;
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
INIT(sa_key_length_odd, .sa_hex = "00 00 0024 01 01 00 03 03 00 000c 01 00 0014 800e 0081 " T_PRF("03") T_DH19)
INIT(sa_key_length_tlv, .sa_hex = "00 00 0026 01 01 00 03 03 00 000e 01 00 0014 000e 0002 0100 " T_PRF("03") T_DH19)
INIT(ke_group_20, .ke_group_set = true, .ke_group = 20)
INIT(ke_group_2, .ke_group_set = true, .ke_group = 2)
/* 11. notify */
INIT(cookie_long, .cookie_hex = X64("01") "01")
INIT(natd_19_octets, .raw = { { IKEV2_PL_NOTIFY, false, "00 00 4004 " X16("01") "010203" } })
INIT(error_notify_in_request, .raw = { { IKEV2_PL_NOTIFY, false, "00 00 0007" } })
/* 2. an outer payload length below 4 / beyond the message */
static struct bytes first_len(struct peer *p, uint16_t len)
{
	struct bytes m = peer_sa_init(p);
	((uint8_t *)m.ptr)[IKEV2_HEADER_SIZE + 2] = (uint8_t)(len >> 8);
	((uint8_t *)m.ptr)[IKEV2_HEADER_SIZE + 3] = (uint8_t)len;
	return m;
}
static struct bytes payload_len_3(struct peer *p) { return first_len(p, 3); }
static struct bytes payload_len_0(struct peer *p) { return first_len(p, 0); }
static struct bytes payload_len_huge(struct peer *p) { return first_len(p, 0xffff); }
INIT(cookie_short, .cookie_hex = "00")
INIT(notify_bad_protocol, .raw = { { IKEV2_PL_NOTIFY, false, "07 04 4009 deadbeef" } })

/* 13. SK damaged after sealing (half-open: IKE_AUTH) */
static struct bytes auth_icv(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_ICV); }
static struct bytes auth_ciphertext(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_CIPHERTEXT); }
static struct bytes auth_truncated(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_TRUNCATE_SK); }
static struct bytes auth_length_long(struct peer *p) { return craft_damage(peer_auth(p, 0), DAMAGE_LENGTH_LONG); }
static struct bytes auth_natt_marker(struct peer *p) { return peer_auth(p, 0); }	/* sent on 4500, see run() */

/* SKF (RFC 7383) fragments: the daemon does not reassemble; every bad
 * fragment header is dropped at the outer check, a good one for lack of SK */
static struct bytes skf(struct peer *p, const char *body_hex)
{
	struct wire_out out = wire_out_buf(p->msg, sizeof(p->msg));
	struct ikev2_header hdr = peer_header(p, IKEV2_EXCH_IKE_AUTH, 1);
	struct ikev2_builder b;
	struct bytes msg;
	ikev2_msg_start(&b, &out, &hdr);
	ikev2_msg_add_raw(&b, IKEV2_PL_SKF, false, unit_hex(body_hex));
	return ikev2_msg_finish(&b, &msg) ? msg : EMPTY_BYTES;
}
#define SKF_REST X16("ab") X16("cd")
static struct bytes skf_number_0(struct peer *p) { return skf(p, "0000 0002 " SKF_REST); }
static struct bytes skf_beyond_total(struct peer *p) { return skf(p, "0003 0002 " SKF_REST); }
static struct bytes skf_total_0(struct peer *p) { return skf(p, "0001 0000 " SKF_REST); }
static struct bytes skf_empty(struct peer *p) { return skf(p, "0001 0002"); }
static struct bytes skf_valid_header(struct peer *p) { return skf(p, "0001 0002 " SKF_REST); }

/* IKE_AUTH contents (inside SK) */
AUTH(auth_no_id, .omit = PEER_OMIT_ID)
AUTH(auth_no_auth, .omit = PEER_OMIT_AUTH)
AUTH(auth_wrong, .omit = PEER_BAD_AUTH)
AUTH(auth_no_sa, .omit = PEER_OMIT_SA)
AUTH(auth_no_ts, .omit = PEER_OMIT_TS)
AUTH(auth_two_idi, .two_idi = true)
AUTH(auth_method_255, .auth_method = 0xff)
AUTH(auth_method_0, .omit = PEER_OMIT_AUTH, .raw = { { IKEV2_PL_AUTH, false, "00 000000 " X16("01") X16("02") } })
AUTH(auth_id_empty, .id_hex = "02 000000")
AUTH(auth_id_ipv4_short, .id_hex = "01 000000 0a")
AUTH(auth_id_dn_truncated, .id_hex = "09 000000 3082")
AUTH(auth_ts_count_0, .ts_hex = "00 000000")
AUTH(auth_ts_count_2_of_1, .ts_hex = "02 000000 " TS_10_2)
AUTH(auth_ts_selector_len, .ts_hex = "01 000000 07 00 0014 0000 ffff 0a020000 0a02ffff")
AUTH(auth_ts_start_after_end, .ts_hex = "01 000000 07 00 0010 0000 ffff 0a02ffff 0a020000")
AUTH(auth_ts_unknown_type, .ts_hex = "01 000000 0b 00 0010 0000 ffff 0a020000 0a02ffff")
AUTH(auth_esp_spi8, .sa_hex = "00 00 0024 01 03 08 02 0102030405060708 " T_ENCR("03") "00 00 0008 05 00 0000")
AUTH(auth_id_huge, .id_hex = "02 000000 " X16(X16(X16("61"))))
AUTH(auth_data_empty, .raw = { { IKEV2_PL_AUTH, false, "02 000000" } }, .omit = PEER_OMIT_AUTH)
AUTH(auth_data_long, .raw = { { IKEV2_PL_AUTH, false, "02 000000 " X16(X16("01")) } }, .omit = PEER_OMIT_AUTH)
AUTH(auth_cert_bad_der, .raw = { { IKEV2_PL_CERT, false, "04 3082ffff0201" } })
AUTH(auth_sig_method_garbage, .auth_method = 14)
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
#define CC_REKEY(fn, notify_hex) \
	SEALED(fn, .exchange = IKEV2_EXCH_CREATE_CHILD_SA, \
	       .raw = { { IKEV2_PL_NOTIFY, false, notify_hex }, { IKEV2_PL_SA, false, ESP_SA }, \
			{ IKEV2_PL_NONCE, false, NONCE32 }, { IKEV2_PL_TSi, false, "01 000000 " TS_10_2 }, \
			{ IKEV2_PL_TSr, false, "01 000000 07 00 0010 0000 ffff 0a010000 0a01ffff" } })
CC_REKEY(cc_rekey_proto_0, "00 04 4009 deadbeef")
CC_REKEY(cc_rekey_proto_ike, "01 04 4009 deadbeef")
CC_REKEY(cc_rekey_proto_ah, "02 04 4009 deadbeef")
CC_REKEY(cc_rekey_proto_5, "05 04 4009 deadbeef")
CC_REKEY(cc_rekey_no_spi, "03 00 4009")
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
/* the ticket's header: format version (octet 0), key id (octets 4-11) */
static struct bytes resume_ticket_octet(struct peer *p, size_t at, uint8_t value)
{
	struct peer *r = resumer_of(p);
	r->ticket.ptr[at] = value;
	return craft_resume(r, &(struct resume_spec){ 0 });
}
static struct bytes resume_future_format(struct peer *p) { return resume_ticket_octet(p, 0, 2); }
static struct bytes resume_older_format(struct peer *p) { return resume_ticket_octet(p, 0, 0); }
static struct bytes resume_unknown_key(struct peer *p) { return resume_ticket_octet(p, 4, (uint8_t)~p->ticket.ptr[4]); }
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
	{ "IKE_SA_INIT with the R flag", P_NONE, response_flag, NO_ANSWER, 0, SAME, "no IKE SA for IKE_SA_INIT response" },
	{ "IKE_SA_INIT with message ID 1", P_NONE, sa_init_msgid_1, NO_ANSWER, 0, SAME, "message ID is not 0" },
	{ "IKE_SA_INIT without the I flag", P_NONE, sa_init_no_i_flag, NO_ANSWER, 0, SAME, "Initiator flag not set" },
	{ "major version 3", P_NONE, major_3, CLEAR, N(INVALID_MAJOR_VERSION), SAME, "dropping message" },
	{ "generic payload length 3", P_NONE, payload_len_3, NO_ANSWER, 0, SAME, "dropping message" },
	{ "generic payload length 0", P_NONE, payload_len_0, NO_ANSWER, 0, SAME, "dropping message" },
	{ "generic payload length beyond the message", P_NONE, payload_len_huge, NO_ANSWER, 0, SAME, "dropping message" },
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
	{ "AES-GCM key length 129", P_NONE, sa_key_length_odd, NO_ANSWER, 0, SAME, "not a positive multiple of 8" },
	{ "key length as a TLV attribute", P_NONE, sa_key_length_tlv, NO_ANSWER, 0, SAME, "SA payload" },
	/* 5 */
	{ "KE group 20, SA says 19", P_NONE, ke_group_20, CLEAR, N(INVALID_KE_PAYLOAD), SAME, "KE for group 20" },
	{ "KE group 2 (unsupported)", P_NONE, ke_group_2, CLEAR, N(INVALID_KE_PAYLOAD), SAME, "KE for group 2" },
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
	{ "COOKIE of 65 octets", P_NONE, cookie_long, NO_ANSWER, 0, SAME, "must be 1..64" },
	{ "NAT_DETECTION_SOURCE_IP of 19 octets", P_NONE, natd_19_octets, NO_ANSWER, 0, SAME, "NAT_DETECTION_SOURCE_IP" },
	{ "error notify in an IKE_SA_INIT request is ignored", P_NONE, error_notify_in_request, CLEAR_SA_INIT, 0, SA_ADDED, "responded to IKE_SA_INIT" },
	{ "notify with protocol 7", P_NONE, notify_bad_protocol, NO_ANSWER, 0, SAME, "protocol ID 7" },
	/* 13: SK damaged after sealing */
	{ "IKE_AUTH with a wrong ICV", P_HALF_OPEN, auth_icv, NO_ANSWER, 0, SAME, "SK payload rejected" },
	{ "IKE_AUTH with a flipped ciphertext bit", P_HALF_OPEN, auth_ciphertext, NO_ANSWER, 0, SAME, "SK payload rejected" },
	{ "IKE_AUTH with the SK body cut to 8 octets", P_HALF_OPEN, auth_truncated, NO_ANSWER, 0, SAME, "SK payload body too short" },
	{ "IKE_AUTH header length too long", P_HALF_OPEN, auth_length_long, NO_ANSWER, 0, SAME, "dropping message" },
	{ "IKE_AUTH on 4500 without the marker", P_HALF_OPEN, auth_natt_marker, NO_ANSWER, 0, SAME, "without the non-ESP marker dropped" },
	{ "SKF fragment number 0", P_HALF_OPEN, skf_number_0, NO_ANSWER, 0, SAME, "neither may be 0" },
	{ "SKF fragment 3 of 2", P_HALF_OPEN, skf_beyond_total, NO_ANSWER, 0, SAME, "greater than total" },
	{ "SKF total 0", P_HALF_OPEN, skf_total_0, NO_ANSWER, 0, SAME, "neither may be 0" },
	{ "SKF without IV, ciphertext or ICV", P_HALF_OPEN, skf_empty, NO_ANSWER, 0, SAME, "no IV, ciphertext or ICV" },
	{ "SKF fragment, fragmentation not negotiated", P_HALF_OPEN, skf_valid_header, NO_ANSWER, 0, SAME,
	  "fragmentation was not negotiated" },
	/* 7-10 inside SK */
	{ "IKE_AUTH without IDi", P_HALF_OPEN, auth_no_id, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "IDi, AUTH, SA, TSi or TSr missing" },
	{ "IKE_AUTH without AUTH", P_HALF_OPEN, auth_no_auth, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "IDi, AUTH, SA, TSi or TSr missing" },
	{ "IKE_AUTH without the Child SA's SA", P_HALF_OPEN, auth_no_sa, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "SA, TSi or TSr missing" },
	{ "IKE_AUTH without TSi and TSr", P_HALF_OPEN, auth_no_ts, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "SA, TSi or TSr missing" },
	{ "IKE_AUTH with a wrong AUTH", P_HALF_OPEN, auth_wrong, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "AUTHENTICATION_FAILED" },
	{ "IKE_AUTH with two IDi", P_HALF_OPEN, auth_two_idi, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "IKE_AUTH" },
	{ "AUTH method 255", P_HALF_OPEN, auth_method_255, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "AUTH method" },
	{ "AUTH method 0", P_HALF_OPEN, auth_method_0, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "IDi with empty data", P_HALF_OPEN, auth_id_empty, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "ID_IPV4_ADDR of 1 octet", P_HALF_OPEN, auth_id_ipv4_short, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "ID_DER_ASN1_DN truncated", P_HALF_OPEN, auth_id_dn_truncated, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "no connection for ID" },
	{ "TS count 0", P_HALF_OPEN, auth_ts_count_0, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS count 2, one present", P_HALF_OPEN, auth_ts_count_2_of_1, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS selector length wrong", P_HALF_OPEN, auth_ts_selector_len, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS start after end", P_HALF_OPEN, auth_ts_start_after_end, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "TS of unknown type", P_HALF_OPEN, auth_ts_unknown_type, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "ESP proposal with an 8-octet SPI", P_HALF_OPEN, auth_esp_spi8, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "IDi of 4096 octets", P_HALF_OPEN, auth_id_huge, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "no connection for ID" },
	{ "AUTH data of 0 octets", P_HALF_OPEN, auth_data_empty, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed IKE_AUTH request" },
	{ "AUTH data of 256 octets", P_HALF_OPEN, auth_data_long, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "AUTHENTICATION_FAILED" },
	{ "unasked CERT with truncated DER is ignored (PSK)", P_HALF_OPEN, auth_cert_bad_der, PROTECTED, 0, NOW_ESTABLISHED, "IKE SA established" },
	{ "AUTH method 14 (RFC 7427) over a PSK value", P_HALF_OPEN, auth_sig_method_garbage, PROTECTED, N(AUTHENTICATION_FAILED), SA_GONE, "peer used AUTH method DIGITAL_SIGNATURE" },
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
	{ "Delete: an ESP SPI we do not have", P_ESTABLISHED, del_esp_unknown, PROTECTED, 0, SAME, "Delete for unknown Child SA 0x11223344 ignored" },
	{ "Delete of the IKE SA twice in one message", P_ESTABLISHED, del_ike_twice, PROTECTED, 0, SA_GONE, "peer deleted the IKE SA" },
	{ "INFORMATIONAL with an unknown critical payload", P_ESTABLISHED, info_critical, PROTECTED, N(UNSUPPORTED_CRITICAL_PAYLOAD), SAME, "malformed INFORMATIONAL request" },
	{ "notify with protocol 4 and an SPI", P_ESTABLISHED, info_notify_proto_4, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed INFORMATIONAL request" },
	{ "inner chain length beyond the plaintext", P_ESTABLISHED, info_bad_chain, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed INFORMATIONAL request" },
	/* CREATE_CHILD_SA */
	{ "CREATE_CHILD_SA without SA", P_ESTABLISHED, cc_no_sa, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "CREATE_CHILD_SA: no SA payload" },
	{ "CREATE_CHILD_SA without Ni", P_ESTABLISHED, cc_no_nonce, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "CREATE_CHILD_SA: no Ni" },
	{ "REKEY_SA of an unknown Child SA", P_ESTABLISHED, cc_rekey_unknown, PROTECTED, N(CHILD_SA_NOT_FOUND), SAME, "CHILD_SA_NOT_FOUND" },
	{ "REKEY_SA with protocol 0 and an SPI", P_ESTABLISHED, cc_rekey_proto_0, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed CREATE_CHILD_SA request" },
	{ "REKEY_SA with protocol IKE and a 4-octet SPI", P_ESTABLISHED, cc_rekey_proto_ike, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed CREATE_CHILD_SA request" },
	{ "REKEY_SA of an AH SA", P_ESTABLISHED, cc_rekey_proto_ah, PROTECTED, N(CHILD_SA_NOT_FOUND), SAME, "CHILD_SA_NOT_FOUND" },
	{ "REKEY_SA with protocol 5", P_ESTABLISHED, cc_rekey_proto_5, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed CREATE_CHILD_SA request" },
	{ "REKEY_SA without an SPI", P_ESTABLISHED, cc_rekey_no_spi, PROTECTED, N(INVALID_SYNTAX), SA_GONE, "malformed CREATE_CHILD_SA request" },
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
	{ "ticket of a future format version", P_ESTABLISHED, resume_future_format, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "ticket of format version 0", P_ESTABLISHED, resume_older_format, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
	{ "ticket under an unknown key id", P_ESTABLISHED, resume_unknown_key, CLEAR, N(TICKET_NACK), SAME, "TICKET_NACK" },
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

/* RFC 7296 §3.10.1: e.g. CHILD_SA_NOT_FOUND names the SA as the request
 * did (ESP or AH, and its SPI). */
static bool notify_spi_is(const struct ikev2_digest *d, uint16_t type, struct bytes spi)
{
	for (const struct ikev2_payload *pl = ikev2_digest_first(d, IKEV2_PL_NOTIFY); pl != NULL;
	     pl = ikev2_digest_next(d, pl, IKEV2_PL_NOTIFY)) {
		struct ikev2_notify n;
		struct ikev2_error err = { 0 };
		if (ikev2_notify_decode(pl->body, &n, &err) && n.type == type)
			return (n.protocol == IKEV2_PROTO_ESP || n.protocol == IKEV2_PROTO_AH) &&
			       bytes_eq(n.spi, spi);
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
		if (getenv("HOSTILE_VERBOSE") != NULL)
			printf("     answer: first error %u, %u payloads\n", peer_first_error(&d), d.count);
		if (hc->notify != 0)
			EXPECT(peer_first_error(&d) == hc->notify);
		else
			EXPECT(peer_first_error(&d) == 0);
		if (hc->notify == IKEV2_N_CHILD_SA_NOT_FOUND)	/* the REKEY_SA's SPI (cc_rekey_unknown) */
			EXPECT(notify_spi_is(&d, hc->notify, unit_hex("deadbeef")));
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
	case NOW_ESTABLISHED:	/* what was wrong was rightly ignored */
		EXPECT(harness_sa_count() == count && ike_sa_first() != NULL &&
		       ike_sa_first()->state == IKE_ESTABLISHED);
		break;
	}
	EXPECT(harness_log_contains(hc->log));
	EXPECT(harness_kernel_consistent());
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

/* ---- pluto as initiator: duplicate answers to its first request -------- */

/* An unprotected IKE_SA_INIT answer from the "responder" with one notify. */
static struct bytes sa_init_answer(struct bytes request, uint16_t type, struct bytes data)
{
	static uint8_t buf[256];
	struct ikev2_header req;
	static struct ikev2_digest d;
	if (!peer_decode(request, &req, &d))
		return EMPTY_BYTES;
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_header hdr = { .spi_i = req.spi_i, .major = IKEV2_MAJOR_VERSION,
				    .exchange = IKEV2_EXCH_IKE_SA_INIT, .flags = IKEV2_FLAG_RESPONSE };
	struct ikev2_builder b;
	struct bytes msg;
	ikev2_msg_start(&b, &out, &hdr);
	ikev2_msg_add_notify_data(&b, type, data);
	return ikev2_msg_finish(&b, &msg) ? msg : EMPTY_BYTES;
}

static bool request_outstanding(void)
{
	struct ike_sa *ike = ike_sa_first();
	return ike != NULL && ike->state == IKE_SA_INIT_I && ike->window.request_outstanding &&
	       ike->window.retransmit_timer != NULL &&
	       evtimer_pending(ike->window.retransmit_timer, NULL);
}

/* The request we retransmitted is answered twice with the same COOKIE
 * (or INVALID_KE_PAYLOAD): the second answer belongs to the old request,
 * and must neither end nor fail the retried one, which must stay
 * outstanding, retransmitted and answerable. */
static void duplicate_answer(uint16_t type, struct bytes data, const char *ike)
{
	unit_nss_init();
	if (!harness_start(&(struct harness_options){ .ike = ike, .debug = true })) {
		CHECK(!"harness start");
		return;
	}
	harness_clear_sent();
	CHECK(ikev2_initiate(conn_by_name("harness")));
	CHECK(harness_sent_count() == 1);
	struct chunk first = chunk_clone(harness_sent(0));
	struct bytes answer = sa_init_answer(chunk_bytes(first), type, data);
	harness_receive(answer);
	CHECK(harness_sent_count() == 2);	/* re-sent with the cookie / the group */
	CHECK(request_outstanding());
	harness_receive(sa_init_answer(chunk_bytes(first), type, data));
	CHECK(harness_sent_count() == 2);	/* no third request ... */
	CHECK(request_outstanding());		/* ... and the retry still waits */
	/* the retry's own answer is still processed (here: refused, so the
	 * SA goes; a dropped answer would leave it waiting) */
	harness_receive(sa_init_answer(harness_sent(1), IKEV2_N_NO_PROPOSAL_CHOSEN, EMPTY_BYTES));
	CHECK(harness_sa_count() == 0);
	CHECK(harness_log_contains("IKE_SA_INIT refused by the peer: NO_PROPOSAL_CHOSEN"));
	chunk_free(&first);
	harness_stop();
}

static void test_duplicate_cookie_answer(void)
{
	duplicate_answer(IKEV2_N_COOKIE, unit_hex("00112233445566778899aabbccddeeff"), NULL);
}

static void test_duplicate_invalid_ke_answer(void)
{
	duplicate_answer(IKEV2_N_INVALID_KE_PAYLOAD, unit_hex("0014"), "aes_gcm256-sha2_256;dh19+dh20");
}

UNIT_MAIN(UNIT(test_hostile_table), UNIT(test_duplicate_cookie_answer), UNIT(test_duplicate_invalid_ke_answer))
