/*
 * IKEv2 protocol numbers (IANA registries), taken from
 * ../shared/rfc/iana-ikev2-numbers.md, which cites the RFC section of
 * every value.  Transform types and IDs live in ikev2_algs.h; the codec
 * carries them as raw numbers.
 *
 * The name functions return the registry name for log lines, or
 * "UNKNOWN" for a value this table does not hold; they never return NULL.
 */
#ifndef IKEV2_NUMBERS_H
#define IKEV2_NUMBERS_H

#include <stdbool.h>
#include <stdint.h>

/* UDP ports (RFC 7296 §2, §2.23). */
#define IKEV2_PORT		500
#define IKEV2_NATT_PORT		4500

#define IKEV2_MAJOR_VERSION	2
#define IKEV2_MINOR_VERSION	0

/* Exchange types (RFC 7296 §3.1; RFC 5723 §4.3.2). */
enum ikev2_exchange {
	IKEV2_EXCH_IKE_SA_INIT = 34,
	IKEV2_EXCH_IKE_AUTH = 35,
	IKEV2_EXCH_CREATE_CHILD_SA = 36,
	IKEV2_EXCH_INFORMATIONAL = 37,
	IKEV2_EXCH_IKE_SESSION_RESUME = 38,
};

/* Header flags (RFC 7296 §3.1); every other bit is an 'X' bit. */
enum ikev2_flag {
	IKEV2_FLAG_INITIATOR = 0x08,
	IKEV2_FLAG_VERSION = 0x10,
	IKEV2_FLAG_RESPONSE = 0x20,
};
#define IKEV2_FLAGS_DEFINED (IKEV2_FLAG_INITIATOR | IKEV2_FLAG_VERSION | IKEV2_FLAG_RESPONSE)

/* Payload types, the "Next Payload" values (RFC 7296 §3.2; RFC 7383 §2.5). */
enum ikev2_payload_type {
	IKEV2_PL_NONE = 0,
	IKEV2_PL_SA = 33,
	IKEV2_PL_KE = 34,
	IKEV2_PL_IDi = 35,
	IKEV2_PL_IDr = 36,
	IKEV2_PL_CERT = 37,
	IKEV2_PL_CERTREQ = 38,
	IKEV2_PL_AUTH = 39,
	IKEV2_PL_NONCE = 40,
	IKEV2_PL_NOTIFY = 41,
	IKEV2_PL_DELETE = 42,
	IKEV2_PL_VID = 43,
	IKEV2_PL_TSi = 44,
	IKEV2_PL_TSr = 45,
	IKEV2_PL_SK = 46,
	IKEV2_PL_CP = 47,
	IKEV2_PL_EAP = 48,
	IKEV2_PL_SKF = 53,
};

/* Security protocol IDs in proposals, notifies and deletes (RFC 7296 §3.3.1). */
enum ikev2_protocol {
	IKEV2_PROTO_NONE = 0,	/* notify without SPI */
	IKEV2_PROTO_IKE = 1,
	IKEV2_PROTO_AH = 2,
	IKEV2_PROTO_ESP = 3,
};

/* Transform attribute types (RFC 7296 §3.3.5); Key Length is TV. */
#define IKEV2_TRANSFORM_ATTR_KEY_LENGTH 14

/*
 * Notify message types (RFC 7296 §3.10.1; RFC 5685 §9; RFC 5723 §7;
 * RFC 7383 §2.3; RFC 7427 §4).  0..16383 are errors, 16384.. status.
 */
enum ikev2_notify_type {
	IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD = 1,
	IKEV2_N_INVALID_IKE_SPI = 4,
	IKEV2_N_INVALID_MAJOR_VERSION = 5,
	IKEV2_N_INVALID_SYNTAX = 7,
	IKEV2_N_INVALID_MESSAGE_ID = 9,
	IKEV2_N_INVALID_SPI = 11,
	IKEV2_N_NO_PROPOSAL_CHOSEN = 14,
	IKEV2_N_INVALID_KE_PAYLOAD = 17,
	IKEV2_N_AUTHENTICATION_FAILED = 24,
	IKEV2_N_SINGLE_PAIR_REQUIRED = 34,
	IKEV2_N_NO_ADDITIONAL_SAS = 35,
	IKEV2_N_INTERNAL_ADDRESS_FAILURE = 36,
	IKEV2_N_FAILED_CP_REQUIRED = 37,
	IKEV2_N_TS_UNACCEPTABLE = 38,
	IKEV2_N_INVALID_SELECTORS = 39,
	IKEV2_N_TEMPORARY_FAILURE = 43,
	IKEV2_N_CHILD_SA_NOT_FOUND = 44,

	IKEV2_N_INITIAL_CONTACT = 16384,
	IKEV2_N_SET_WINDOW_SIZE = 16385,
	IKEV2_N_ADDITIONAL_TS_POSSIBLE = 16386,
	IKEV2_N_IPCOMP_SUPPORTED = 16387,
	IKEV2_N_NAT_DETECTION_SOURCE_IP = 16388,
	IKEV2_N_NAT_DETECTION_DESTINATION_IP = 16389,
	IKEV2_N_COOKIE = 16390,
	IKEV2_N_USE_TRANSPORT_MODE = 16391,
	IKEV2_N_HTTP_CERT_LOOKUP_SUPPORTED = 16392,
	IKEV2_N_REKEY_SA = 16393,
	IKEV2_N_ESP_TFC_PADDING_NOT_SUPPORTED = 16394,
	IKEV2_N_NON_FIRST_FRAGMENTS_ALSO = 16395,
	IKEV2_N_REDIRECT_SUPPORTED = 16406,
	IKEV2_N_REDIRECT = 16407,
	IKEV2_N_REDIRECTED_FROM = 16408,
	IKEV2_N_TICKET_LT_OPAQUE = 16409,
	IKEV2_N_TICKET_REQUEST = 16410,
	IKEV2_N_TICKET_ACK = 16411,
	IKEV2_N_TICKET_NACK = 16412,
	IKEV2_N_TICKET_OPAQUE = 16413,
	IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED = 16430,
	IKEV2_N_SIGNATURE_HASH_ALGORITHMS = 16431,
};
#define IKEV2_N_FIRST_STATUS 16384

/* Identification types (RFC 7296 §3.5). */
enum ikev2_id_type {
	IKEV2_ID_IPV4_ADDR = 1,
	IKEV2_ID_FQDN = 2,
	IKEV2_ID_RFC822_ADDR = 3,
	IKEV2_ID_IPV6_ADDR = 5,
	IKEV2_ID_DER_ASN1_DN = 9,
	IKEV2_ID_DER_ASN1_GN = 10,
	IKEV2_ID_KEY_ID = 11,
};

/* Authentication methods (RFC 7296 §3.8; RFC 8247 §3.1; RFC 7427 §7). */
enum ikev2_auth_method {
	IKEV2_AUTH_RSA_SIG = 1,
	IKEV2_AUTH_PSK = 2,
	IKEV2_AUTH_DSS_SIG = 3,
	IKEV2_AUTH_ECDSA_SHA256_P256 = 9,
	IKEV2_AUTH_ECDSA_SHA384_P384 = 10,
	IKEV2_AUTH_ECDSA_SHA512_P521 = 11,
	IKEV2_AUTH_DIGITAL_SIGNATURE = 14,
};

/* Certificate encodings (RFC 7296 §3.6). */
enum ikev2_cert_encoding {
	IKEV2_CERT_X509_SIGNATURE = 4,
	IKEV2_CERT_CRL = 7,
	IKEV2_CERT_HASH_URL_X509 = 12,
	IKEV2_CERT_HASH_URL_X509_BUNDLE = 13,
};

/* Traffic selector types (RFC 7296 §3.13.1). */
enum ikev2_ts_type {
	IKEV2_TS_IPV4_ADDR_RANGE = 7,
	IKEV2_TS_IPV6_ADDR_RANGE = 8,
};

/* Configuration payload types (RFC 7296 §3.15). */
enum ikev2_cfg_type {
	IKEV2_CFG_REQUEST = 1,
	IKEV2_CFG_REPLY = 2,
	IKEV2_CFG_SET = 3,
	IKEV2_CFG_ACK = 4,
};

/* Configuration attributes (RFC 7296 §3.15.1). */
enum ikev2_cp_attr_type {
	IKEV2_CP_INTERNAL_IP4_ADDRESS = 1,
	IKEV2_CP_INTERNAL_IP4_NETMASK = 2,
	IKEV2_CP_INTERNAL_IP4_DNS = 3,
	IKEV2_CP_INTERNAL_IP4_NBNS = 4,
	IKEV2_CP_INTERNAL_IP4_DHCP = 6,
	IKEV2_CP_APPLICATION_VERSION = 7,
	IKEV2_CP_INTERNAL_IP6_ADDRESS = 8,
	IKEV2_CP_INTERNAL_IP6_DNS = 10,
	IKEV2_CP_INTERNAL_IP6_DHCP = 12,
	IKEV2_CP_INTERNAL_IP4_SUBNET = 13,
	IKEV2_CP_SUPPORTED_ATTRIBUTES = 14,
	IKEV2_CP_INTERNAL_IP6_SUBNET = 15,
};

/* Gateway identity types in REDIRECT / REDIRECTED_FROM (RFC 5685 §9.2). */
enum ikev2_gw_ident_type {
	IKEV2_GW_IPV4 = 1,
	IKEV2_GW_IPV6 = 2,
	IKEV2_GW_FQDN = 3,
};

const char *ikev2_exchange_name(unsigned exchange);
/* RFC notation: "SA", "KE", "IDi", "N", "SK", "SKF"... */
const char *ikev2_payload_name(unsigned type);
const char *ikev2_notify_name(unsigned type);
const char *ikev2_protocol_name(unsigned protocol);
const char *ikev2_id_type_name(unsigned type);
const char *ikev2_auth_method_name(unsigned method);
const char *ikev2_cert_encoding_name(unsigned encoding);
const char *ikev2_ts_type_name(unsigned type);
const char *ikev2_cfg_type_name(unsigned type);
const char *ikev2_cp_attr_name(unsigned type);

/* A payload type this codec can decode (as opposed to skip or refuse). */
bool ikev2_payload_known(unsigned type);
/* Error notify (0..16383) as opposed to status (RFC 7296 §3.10.1). */
static inline bool ikev2_notify_is_error(unsigned type) { return type < IKEV2_N_FIRST_STATUS; }

#endif
