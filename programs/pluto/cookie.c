/* Stateless cookies (cookie.h). */
#include <limits.h>
#include <string.h>

#include "chunk.h"
#include "cookie.h"
#include "halfopen.h"
#include "ikev2_algs.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ikev2_prf.h"
#include "ikev2_random.h"
#include "log.h"
#include "pluto.h"
#include "state.h"

#define COOKIE_SECRET_LEN 32
#define COOKIE_LIFETIME 120	/* seconds a secret stays current */
#define COOKIE_LEN (1 + 32)

static unsigned threshold = 25000;	/* libreswan's ddos-ike-threshold default */
static struct {
	uint8_t version;
	struct secret current, previous;
	double made;
} secrets;
static unsigned long demanded;

static enum ddos_mode mode = DDOS_AUTO;

void cookie_set_threshold(unsigned t) { threshold = t; }
void cookie_set_mode(enum ddos_mode m) { mode = m; }

unsigned cookie_threshold(void)
{
	return mode == DDOS_BUSY ? 0 : mode == DDOS_UNLIMITED ? UINT_MAX : threshold;
}

static void refresh_secret(void)
{
	double now = pluto_now();
	if (secrets.current.len != 0 && now - secrets.made < COOKIE_LIFETIME)
		return;
	secret_free(&secrets.previous);
	secrets.previous = secrets.current;
	secrets.current = secret_alloc(COOKIE_SECRET_LEN);
	random_bytes(secrets.current.ptr, secrets.current.len);
	secrets.version++;
	secrets.made = now;
}

static bool make_cookie(const struct msg_digest *md, const struct secret *key, uint8_t version,
			uint8_t out[COOKIE_LEN])
{
	const struct ikev2_payload *ni = md_first(md, IKEV2_PL_NONCE);
	if (ni == NULL || key->len == 0)
		return false;
	uint8_t spi[8];
	struct wire_out w = wire_out_buf(spi, sizeof(spi));
	wire_put_u64(&w, md->hdr.spi_i);
	struct bytes parts[] = { ni->body, BYTES(md->remote.addr.bytes, address_len(&md->remote.addr)),
				 BYTES(spi, sizeof(spi)) };
	struct secret mac = { 0 };
	struct crypto_error err = { 0 };
	bool ok = prf_compute_v(prf_by_id(IKEV2_PRF_HMAC_SHA2_256), secret_bytes(*key), parts, 3, &mac, &err) &&
		  mac.len == COOKIE_LEN - 1;
	if (ok) {
		out[0] = version;
		memcpy(out + 1, mac.ptr, COOKIE_LEN - 1);
	}
	secret_free(&mac);
	return ok;
}

bool cookie_check_or_demand(const struct msg_digest *md)
{
	struct ikev2_notify n;
	bool have = md_notify(md, IKEV2_N_COOKIE, &n);
	/* ddos-mode=unlimited never asks, not even one busy address */
	if (!have && ike_sa_half_open_count() < cookie_threshold() &&
	    (mode == DDOS_UNLIMITED || !halfopen_peer_over_limit(&md->remote.addr)))
		return true;
	refresh_secret();
	uint8_t expect[COOKIE_LEN];
	if (have && n.data.len == COOKIE_LEN) {
		const struct secret *key = n.data.ptr[0] == secrets.version ? &secrets.current
					 : n.data.ptr[0] == (uint8_t)(secrets.version - 1) ? &secrets.previous : NULL;
		if (key != NULL && make_cookie(md, key, n.data.ptr[0], expect) &&
		    secret_eq(BYTES(expect, COOKIE_LEN), n.data))
			return true;
		log_info("%s with a wrong or stale cookie: demanding a new one",
			 ikev2_exchange_name(md->hdr.exchange));
	}
	if (!make_cookie(md, &secrets.current, secrets.version, expect))
		return true;	/* no Ni: the exchange handler refuses it */
	demanded++;
	ikev2_send_stateless_notify(md, IKEV2_N_COOKIE, BYTES(expect, COOKIE_LEN));
	return false;
}

void cookie_shutdown(void)
{
	secret_free(&secrets.current);
	secret_free(&secrets.previous);
}
