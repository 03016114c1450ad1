/*
 * The Notify payload (RFC 7296 §3.10) with one table of per-type
 * preconditions: where a specification fixes the data format, a notify
 * that breaks it is refused before anything uses it.
 */
#include "ikev2_payloads.h"

#define NOTIFY_FIXED_SIZE 4	/* Protocol ID, SPI Size, Notify Message Type */
#define CHILD_SPI_SIZE 4
#define ANY_LEN 0xffff

enum spi_rule {
	SPI_ANY,	/* only the generic rules */
	SPI_NONE,	/* no SPI (RFC 5723 §7 for TICKET_*, RFC 5685 §9) */
	SPI_CHILD,	/* the AH/ESP SPI of a Child SA (RFC 7296 §3.10) */
};

struct notify_rule {
	uint16_t type;
	uint16_t min, max;	/* notification data length */
	enum spi_rule spi;
	/* a format check beyond the length, or NULL */
	bool (*check)(struct bytes data, struct ikev2_error *err);
};

static bool check_even(struct bytes data, struct ikev2_error *err)
{
	if (data.len % 2 != 0)
		return ikev2_syntax_error(err, "%zu octets of data, not a list of 2-octet values",
					  data.len);
	return true;
}

static bool check_ticket_lt(struct bytes data, struct ikev2_error *err)
{
	struct ikev2_ticket_lt t;
	return ikev2_ticket_lt_decode(data, &t, err);
}

static bool check_redirect(struct bytes data, struct ikev2_error *err)
{
	struct ikev2_redirect r;
	return ikev2_redirect_decode(data, &r, err);
}

static bool check_redirected_from(struct bytes data, struct ikev2_error *err)
{
	struct ikev2_redirect r;
	if (!ikev2_redirect_decode(data, &r, err))
		return false;
	if (r.nonce.len != 0)
		return ikev2_syntax_error(err, "%zu octets after the gateway identity", r.nonce.len);
	return true;
}

static const struct notify_rule rules[] = {
	{ IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, 1, 1, SPI_NONE, NULL },
	{ IKEV2_N_INVALID_MESSAGE_ID, 4, 4, SPI_NONE, NULL },	/* §2.3 */
	{ IKEV2_N_INVALID_SPI, 4, 4, SPI_ANY, NULL },		/* §1.5 */
	{ IKEV2_N_INVALID_KE_PAYLOAD, 2, 2, SPI_NONE, NULL },	/* §1.3 */
	{ IKEV2_N_INVALID_SELECTORS, 0, ANY_LEN, SPI_CHILD, NULL },
	{ IKEV2_N_CHILD_SA_NOT_FOUND, 0, ANY_LEN, SPI_CHILD, NULL },	/* §2.25 */
	{ IKEV2_N_INITIAL_CONTACT, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_SET_WINDOW_SIZE, 4, 4, SPI_NONE, NULL },	/* §2.3 */
	{ IKEV2_N_ADDITIONAL_TS_POSSIBLE, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_IPCOMP_SUPPORTED, 3, ANY_LEN, SPI_NONE, NULL },	/* §2.22: CPI, ID, ... */
	{ IKEV2_N_NAT_DETECTION_SOURCE_IP, 20, 20, SPI_NONE, NULL },	/* SHA-1, §2.23 */
	{ IKEV2_N_NAT_DETECTION_DESTINATION_IP, 20, 20, SPI_NONE, NULL },
	{ IKEV2_N_COOKIE, 1, 64, SPI_NONE, NULL },		/* §2.6 */
	{ IKEV2_N_USE_TRANSPORT_MODE, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_HTTP_CERT_LOOKUP_SUPPORTED, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_REKEY_SA, 0, 0, SPI_CHILD, NULL },		/* §1.3.3 */
	{ IKEV2_N_ESP_TFC_PADDING_NOT_SUPPORTED, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_NON_FIRST_FRAGMENTS_ALSO, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_REDIRECT_SUPPORTED, 0, 0, SPI_NONE, NULL },	/* RFC 5685 §9.1 */
	{ IKEV2_N_REDIRECT, 3, ANY_LEN, SPI_NONE, check_redirect },
	{ IKEV2_N_REDIRECTED_FROM, 3, ANY_LEN, SPI_NONE, check_redirected_from },
	{ IKEV2_N_TICKET_LT_OPAQUE, 5, ANY_LEN, SPI_NONE, check_ticket_lt },	/* RFC 5723 §7.1 */
	{ IKEV2_N_TICKET_REQUEST, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_TICKET_ACK, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_TICKET_NACK, 0, 0, SPI_NONE, NULL },
	{ IKEV2_N_TICKET_OPAQUE, 1, ANY_LEN, SPI_NONE, NULL },	/* RFC 5723 §7.2 */
	{ IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, 0, 0, SPI_NONE, NULL },	/* RFC 7383 §2.3 */
	{ IKEV2_N_SIGNATURE_HASH_ALGORITHMS, 2, ANY_LEN, SPI_NONE, check_even },	/* RFC 7427 §4 */
};

static const struct notify_rule *find_rule(uint16_t type)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].type == type)
			return &rules[i];
	return NULL;
}

static bool check_rule(const struct notify_rule *r, const struct ikev2_notify *n,
		       struct ikev2_error *err)
{
	const char *name = ikev2_notify_name(n->type);
	if (r->spi == SPI_NONE && n->spi.len != 0)
		return ikev2_syntax_error(err, "N(%s): SPI of %zu octets, must have none",
					  name, n->spi.len);
	if (r->spi == SPI_CHILD && n->spi.len != CHILD_SPI_SIZE)
		return ikev2_syntax_error(err, "N(%s): needs the %d-octet SPI of an AH or ESP SA, has %zu octets",
					  name, CHILD_SPI_SIZE, n->spi.len);
	if (n->data.len < r->min || n->data.len > r->max) {
		if (r->min == r->max)
			return ikev2_syntax_error(err, "N(%s): data of %zu octets, must be %u",
						  name, n->data.len, r->min);
		return ikev2_syntax_error(err, "N(%s): data of %zu octets, must be %u..%u",
					  name, n->data.len, r->min, r->max);
	}
	if (r->check != NULL && !r->check(n->data, err)) {
		ikev2_error_prefix(err, "N(%s): ", name);
		return false;
	}
	return true;
}

/* RFC 7296 §3.10: only AH and ESP SAs are named by an SPI here. */
static bool check_spi(struct ikev2_notify *n, uint8_t spi_size, struct ikev2_error *err)
{
	if (spi_size == 0) {
		n->protocol = IKEV2_PROTO_NONE;	/* "MUST be ignored on receipt" */
		return true;
	}
	if (n->protocol != IKEV2_PROTO_AH && n->protocol != IKEV2_PROTO_ESP)
		return ikev2_syntax_error(err, "N(%s): protocol ID %u (%s) with an SPI of %u octets, only AH or ESP SAs have one",
					  ikev2_notify_name(n->type), n->protocol,
					  ikev2_protocol_name(n->protocol), spi_size);
	if (spi_size != CHILD_SPI_SIZE)
		return ikev2_syntax_error(err, "N(%s): SPI size %u for %s, must be %d",
					  ikev2_notify_name(n->type), spi_size,
					  ikev2_protocol_name(n->protocol), CHILD_SPI_SIZE);
	return true;
}

bool ikev2_notify_decode(struct bytes body, struct ikev2_notify *n, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	uint8_t spi_size;
	if (!wire_get_u8(&in, &n->protocol) || !wire_get_u8(&in, &spi_size) ||
	    !wire_get_u16(&in, &n->type))
		return ikev2_syntax_error(err, "Notify payload: body of %zu octets is shorter than its %d-octet fixed part",
					  body.len, NOTIFY_FIXED_SIZE);
	if (!wire_get_bytes(&in, spi_size, &n->spi))
		return ikev2_syntax_error(err, "N(%s): SPI size %u but only %zu octets left",
					  ikev2_notify_name(n->type), spi_size, wire_in_left(&in));
	if (n->type == 0)
		return ikev2_syntax_error(err, "Notify payload: notify type 0 is reserved");
	if (!check_spi(n, spi_size, err))
		return false;
	n->data = wire_in_rest(&in);
	const struct notify_rule *r = find_rule(n->type);
	return r == NULL || check_rule(r, n, err);
}

void ikev2_notify_encode(struct wire_out *out, const struct ikev2_notify *n)
{
	wire_put_u8(out, n->protocol);
	wire_put_u8(out, (uint8_t)n->spi.len);
	wire_put_u16(out, n->type);
	wire_put_bytes(out, n->spi);
	wire_put_bytes(out, n->data);
}
