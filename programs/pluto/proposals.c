/* ike= / esp= proposal strings (proposals.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ikev2_algs.h"
#include "proposals.h"

#define TOKEN_MAX 64

/* Copy the next element up to any of `seps` into tok; advance *s. */
static size_t next_token(const char **s, const char *seps, char *tok)
{
	size_t n = strcspn(*s, seps);
	size_t m = n < TOKEN_MAX - 1 ? n : TOKEN_MAX - 1;
	memcpy(tok, *s, m);
	tok[m] = '\0';
	*s += n;
	return n;
}

static bool add_alt(uint16_t *arr, size_t *n, uint16_t v)
{
	for (size_t i = 0; i < *n; i++)
		if (arr[i] == v)
			return true;
	if (*n >= PROPOSAL_ALTS_MAX)
		return false;
	arr[(*n)++] = v;
	return true;
}

static const char *fail(char *why, size_t whylen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return why;
}

/* One '+'-separated list of a kind: encr, integ+prf, prf or dh. */
enum part { PART_ENCR, PART_INTEG_PRF, PART_PRF, PART_INTEG, PART_DH };

static const char *parse_part(const char *text, enum part part, struct proposal *p, char *why, size_t whylen)
{
	const char *s = text;
	char tok[TOKEN_MAX];
	while (*s != '\0') {
		if (next_token(&s, "+", tok) == 0)
			return fail(why, whylen, "empty algorithm in '%s'", text);
		if (*s == '+')
			s++;
		bool ok = true;
		switch (part) {
		case PART_ENCR: {
			unsigned bits = 0;
			const struct encr_desc *e = encr_by_name(tok, &bits);
			if (e == NULL)
				return fail(why, whylen, "unknown encryption algorithm '%s'", tok);
			if (p->n_encr >= PROPOSAL_ALTS_MAX)
				return fail(why, whylen, "too many encryption algorithms at '%s'", tok);
			p->encr[p->n_encr] = e->id;
			p->encr_bits[p->n_encr++] = (uint16_t)bits;
			break;
		}
		case PART_INTEG_PRF:
		case PART_INTEG: {
			const struct integ_desc *i = integ_by_name(tok);
			if (i == NULL)
				return fail(why, whylen, "unknown integrity algorithm '%s'", tok);
			ok = add_alt(p->integ, &p->n_integ, i->id);
			if (part == PART_INTEG)
				break;
		}
			/* for IKE the same name is the PRF */
			__attribute__((fallthrough));
		case PART_PRF: {
			const struct prf_desc *f = prf_by_name(tok);
			if (f == NULL)
				return fail(why, whylen, "unknown PRF '%s'", tok);
			ok = ok && add_alt(p->prf, &p->n_prf, f->id);
			break;
		}
		case PART_DH: {
			const struct dh_desc *d = dh_by_name(tok);
			if (d == NULL)
				return fail(why, whylen, "unknown DH group '%s'", tok);
			ok = add_alt(p->dh, &p->n_dh, d->id);
			break;
		}
		}
		if (!ok)
			return fail(why, whylen, "too many alternatives at '%s'", tok);
	}
	return NULL;
}

static bool proposal_is_aead(const struct proposal *p)
{
	const struct encr_desc *e = p->n_encr > 0 ? encr_by_id(p->encr[0]) : NULL;
	return e != NULL && e->aead;
}

static const char *parse_one(const char *text, bool ike, struct proposal *p, char *why, size_t whylen)
{
	char algs[256], groups[256] = "";
	const char *semi = strchr(text, ';');
	size_t alen = semi != NULL ? (size_t)(semi - text) : strlen(text);
	if (alen >= sizeof(algs) || (semi != NULL && strlen(semi + 1) >= sizeof(groups)))
		return fail(why, whylen, "proposal too long: '%s'", text);
	memcpy(algs, text, alen);
	algs[alen] = '\0';
	if (semi != NULL)
		strcpy(groups, semi + 1);

	/* split the algorithm part on '-' */
	char *elems[4];
	size_t n = 0;
	for (char *save = NULL, *t = strtok_r(algs, "-", &save); t != NULL; t = strtok_r(NULL, "-", &save)) {
		if (n == 4)
			return fail(why, whylen, "too many '-' elements in '%s'", text);
		elems[n++] = t;
	}
	if (n == 0)
		return fail(why, whylen, "empty proposal%s", "");
	const char *err = parse_part(elems[0], PART_ENCR, p, why, whylen);
	if (err != NULL)
		return err;
	bool aead = proposal_is_aead(p);
	for (size_t i = 1; i < p->n_encr; i++)
		if (encr_by_id(p->encr[i])->aead != aead)
			return fail(why, whylen, "'%s' mixes AEAD and non-AEAD ciphers", elems[0]);
	size_t next = 1;
	if (next < n) {
		/* second element: AEAD IKE -> PRF; non-AEAD IKE -> integ+PRF;
		 * ESP -> integ (an AEAD ESP proposal has none) */
		enum part part = ike ? (aead ? PART_PRF : PART_INTEG_PRF) : PART_INTEG;
		if (!ike && aead) {
			part = PART_DH;	/* esp=aes_gcm256-modp2048 */
		}
		err = parse_part(elems[next++], part, p, why, whylen);
		if (err != NULL)
			return err;
	}
	if (next < n && groups[0] == '\0') {
		err = parse_part(elems[next++], PART_DH, p, why, whylen);
		if (err != NULL)
			return err;
	}
	if (next < n)
		return fail(why, whylen, "unexpected element '%s'", elems[next]);
	if (groups[0] != '\0' && (err = parse_part(groups, PART_DH, p, why, whylen)) != NULL)
		return err;

	if (ike) {
		if (p->n_prf == 0) {
			/* AEAD without a PRF: sha2_256 as libreswan does */
			add_alt(p->prf, &p->n_prf, IKEV2_PRF_HMAC_SHA2_256);
		}
		if (!aead && p->n_integ == 0)
			add_alt(p->integ, &p->n_integ, IKEV2_INTEG_HMAC_SHA2_256_128);
		if (p->n_dh == 0) {
			add_alt(p->dh, &p->n_dh, IKEV2_DH_ECP256);
			add_alt(p->dh, &p->n_dh, IKEV2_DH_MODP2048);
		}
	} else if (!aead && p->n_integ == 0) {
		add_alt(p->integ, &p->n_integ, IKEV2_INTEG_HMAC_SHA2_256_128);
	}
	if (aead && p->n_integ > 0)
		return fail(why, whylen, "an AEAD cipher takes no integrity algorithm: '%s'", text);
	return NULL;
}

const char *proposals_parse(const char *text, bool ike, struct proposals *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	const char *s = text;
	char one[256];
	while (*s != '\0') {
		size_t n = strcspn(s, ",");
		if (n == 0 || n >= sizeof(one))
			return fail(why, whylen, "bad proposal list '%s'", text);
		if (out->n == PROPOSALS_MAX)
			return fail(why, whylen, "more than 8 proposals in '%s'", text);
		memcpy(one, s, n);
		one[n] = '\0';
		/* spaces around ',' are common in configs */
		char *b = one;
		while (*b == ' ')
			b++;
		for (char *e = b + strlen(b); e > b && e[-1] == ' '; )
			*--e = '\0';
		const char *err = parse_one(b, ike, &out->p[out->n], why, whylen);
		if (err != NULL)
			return err;
		out->n++;
		s += n;
		if (*s == ',')
			s++;
	}
	if (out->n == 0)
		return fail(why, whylen, "no proposal in '%s'", text);
	return NULL;
}

static void append(char *buf, size_t len, size_t *at, const char *s)
{
	int n = snprintf(buf + *at, len - *at, "%s", s);
	if (n > 0)
		*at = *at + (size_t)n < len ? *at + (size_t)n : len - 1;
}

const char *proposals_str(const struct proposals *ps, bool ike, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ps->n; i++) {
		const struct proposal *p = &ps->p[i];
		char t[64];
		if (i > 0)
			append(buf, len, &at, ",");
		for (size_t j = 0; j < p->n_encr; j++) {
			append(buf, len, &at, j > 0 ? "+" : "");
			append(buf, len, &at, ikev2_transform_str(t, sizeof(t), IKEV2_TRANS_ENCR,
								  p->encr[j], p->encr_bits[j]));
		}
		const uint16_t *ids = ike ? p->prf : p->integ;
		size_t n = ike ? p->n_prf : p->n_integ;
		for (size_t j = 0; j < n; j++) {
			append(buf, len, &at, j > 0 ? "+" : "-");
			append(buf, len, &at, ikev2_transform_str(t, sizeof(t), ike ? IKEV2_TRANS_PRF
									     : IKEV2_TRANS_INTEG, ids[j], 0));
		}
		for (size_t j = 0; j < p->n_dh; j++) {
			append(buf, len, &at, j > 0 ? "+" : ";");
			append(buf, len, &at, ikev2_transform_str(t, sizeof(t), IKEV2_TRANS_DH, p->dh[j], 0));
		}
	}
	return buf;
}
