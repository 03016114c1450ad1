/* Names of IKEv2 registry values, for log lines (see ikev2_numbers.h). */
#include <stddef.h>

#include "ikev2_numbers.h"

struct name {
	unsigned value;
	const char *name;
};

#define N(prefix, v) { prefix##v, #v }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *find(const struct name *table, size_t n, unsigned value)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].value == value)
			return table[i].name;
	return NULL;
}

static const char *lookup(const struct name *table, size_t n, unsigned value)
{
	const char *name = find(table, n, value);
	return name != NULL ? name : "UNKNOWN";
}

static const struct name exchanges[] = {
	N(IKEV2_EXCH_, IKE_SA_INIT), N(IKEV2_EXCH_, IKE_AUTH),
	N(IKEV2_EXCH_, CREATE_CHILD_SA), N(IKEV2_EXCH_, INFORMATIONAL),
	N(IKEV2_EXCH_, IKE_SESSION_RESUME),
};

/* RFC 7296 §3.2 notation, as in the RFC's message diagrams. */
static const struct name payloads[] = {
	{ IKEV2_PL_NONE, "NONE" }, { IKEV2_PL_SA, "SA" }, { IKEV2_PL_KE, "KE" },
	{ IKEV2_PL_IDi, "IDi" }, { IKEV2_PL_IDr, "IDr" }, { IKEV2_PL_CERT, "CERT" },
	{ IKEV2_PL_CERTREQ, "CERTREQ" }, { IKEV2_PL_AUTH, "AUTH" },
	{ IKEV2_PL_NONCE, "Nonce" }, { IKEV2_PL_NOTIFY, "N" }, { IKEV2_PL_DELETE, "D" },
	{ IKEV2_PL_VID, "V" }, { IKEV2_PL_TSi, "TSi" }, { IKEV2_PL_TSr, "TSr" },
	{ IKEV2_PL_SK, "SK" }, { IKEV2_PL_CP, "CP" }, { IKEV2_PL_EAP, "EAP" },
	{ IKEV2_PL_SKF, "SKF" },
};

static const struct name notifies[] = {
	N(IKEV2_N_, UNSUPPORTED_CRITICAL_PAYLOAD), N(IKEV2_N_, INVALID_IKE_SPI),
	N(IKEV2_N_, INVALID_MAJOR_VERSION), N(IKEV2_N_, INVALID_SYNTAX),
	N(IKEV2_N_, INVALID_MESSAGE_ID), N(IKEV2_N_, INVALID_SPI),
	N(IKEV2_N_, NO_PROPOSAL_CHOSEN), N(IKEV2_N_, INVALID_KE_PAYLOAD),
	N(IKEV2_N_, AUTHENTICATION_FAILED), N(IKEV2_N_, SINGLE_PAIR_REQUIRED),
	N(IKEV2_N_, NO_ADDITIONAL_SAS), N(IKEV2_N_, INTERNAL_ADDRESS_FAILURE),
	N(IKEV2_N_, FAILED_CP_REQUIRED), N(IKEV2_N_, TS_UNACCEPTABLE),
	N(IKEV2_N_, INVALID_SELECTORS), N(IKEV2_N_, TEMPORARY_FAILURE),
	N(IKEV2_N_, CHILD_SA_NOT_FOUND),
	N(IKEV2_N_, INITIAL_CONTACT), N(IKEV2_N_, SET_WINDOW_SIZE),
	N(IKEV2_N_, ADDITIONAL_TS_POSSIBLE), N(IKEV2_N_, IPCOMP_SUPPORTED),
	N(IKEV2_N_, NAT_DETECTION_SOURCE_IP), N(IKEV2_N_, NAT_DETECTION_DESTINATION_IP),
	N(IKEV2_N_, COOKIE), N(IKEV2_N_, USE_TRANSPORT_MODE),
	N(IKEV2_N_, HTTP_CERT_LOOKUP_SUPPORTED), N(IKEV2_N_, REKEY_SA),
	N(IKEV2_N_, ESP_TFC_PADDING_NOT_SUPPORTED), N(IKEV2_N_, NON_FIRST_FRAGMENTS_ALSO),
	N(IKEV2_N_, REDIRECT_SUPPORTED), N(IKEV2_N_, REDIRECT), N(IKEV2_N_, REDIRECTED_FROM),
	N(IKEV2_N_, TICKET_LT_OPAQUE), N(IKEV2_N_, TICKET_REQUEST), N(IKEV2_N_, TICKET_ACK),
	N(IKEV2_N_, TICKET_NACK), N(IKEV2_N_, TICKET_OPAQUE),
	N(IKEV2_N_, IKEV2_FRAGMENTATION_SUPPORTED), N(IKEV2_N_, SIGNATURE_HASH_ALGORITHMS),
};

static const struct name protocols[] = {
	N(IKEV2_PROTO_, NONE), N(IKEV2_PROTO_, IKE), N(IKEV2_PROTO_, AH), N(IKEV2_PROTO_, ESP),
};

static const struct name id_types[] = {
	N(IKEV2_, ID_IPV4_ADDR), N(IKEV2_, ID_FQDN), N(IKEV2_, ID_RFC822_ADDR),
	N(IKEV2_, ID_IPV6_ADDR), N(IKEV2_, ID_DER_ASN1_DN), N(IKEV2_, ID_DER_ASN1_GN),
	N(IKEV2_, ID_KEY_ID),
};

static const struct name auth_methods[] = {
	N(IKEV2_AUTH_, RSA_SIG), N(IKEV2_AUTH_, PSK), N(IKEV2_AUTH_, DSS_SIG),
	N(IKEV2_AUTH_, ECDSA_SHA256_P256), N(IKEV2_AUTH_, ECDSA_SHA384_P384),
	N(IKEV2_AUTH_, ECDSA_SHA512_P521), N(IKEV2_AUTH_, DIGITAL_SIGNATURE),
};

static const struct name cert_encodings[] = {
	N(IKEV2_CERT_, X509_SIGNATURE), N(IKEV2_CERT_, CRL),
	N(IKEV2_CERT_, HASH_URL_X509), N(IKEV2_CERT_, HASH_URL_X509_BUNDLE),
};

static const struct name ts_types[] = {
	N(IKEV2_, TS_IPV4_ADDR_RANGE), N(IKEV2_, TS_IPV6_ADDR_RANGE),
};

static const struct name cfg_types[] = {
	N(IKEV2_, CFG_REQUEST), N(IKEV2_, CFG_REPLY), N(IKEV2_, CFG_SET), N(IKEV2_, CFG_ACK),
};

static const struct name cp_attrs[] = {
	N(IKEV2_CP_, INTERNAL_IP4_ADDRESS), N(IKEV2_CP_, INTERNAL_IP4_NETMASK),
	N(IKEV2_CP_, INTERNAL_IP4_DNS), N(IKEV2_CP_, INTERNAL_IP4_NBNS),
	N(IKEV2_CP_, INTERNAL_IP4_DHCP), N(IKEV2_CP_, APPLICATION_VERSION),
	N(IKEV2_CP_, INTERNAL_IP6_ADDRESS), N(IKEV2_CP_, INTERNAL_IP6_DNS),
	N(IKEV2_CP_, INTERNAL_IP6_DHCP), N(IKEV2_CP_, INTERNAL_IP4_SUBNET),
	N(IKEV2_CP_, SUPPORTED_ATTRIBUTES), N(IKEV2_CP_, INTERNAL_IP6_SUBNET),
};

#define NAME_FN(fn, table) \
	const char *fn(unsigned value) { return lookup(table, COUNT(table), value); }

NAME_FN(ikev2_exchange_name, exchanges)
NAME_FN(ikev2_payload_name, payloads)
NAME_FN(ikev2_notify_name, notifies)
NAME_FN(ikev2_protocol_name, protocols)
NAME_FN(ikev2_id_type_name, id_types)
NAME_FN(ikev2_auth_method_name, auth_methods)
NAME_FN(ikev2_cert_encoding_name, cert_encodings)
NAME_FN(ikev2_ts_type_name, ts_types)
NAME_FN(ikev2_cfg_type_name, cfg_types)
NAME_FN(ikev2_cp_attr_name, cp_attrs)

bool ikev2_payload_known(unsigned type)
{
	return type != IKEV2_PL_NONE && find(payloads, COUNT(payloads), type) != NULL;
}
