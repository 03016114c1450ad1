/*
 * Secrets in ipsec.secrets text: "quoted", 0x hex, 0s base64, 0t text.
 *
 * Decoding writes straight into the final wiped-on-free buffer, sized
 * from the text, so no copy of key material is left behind; reasons
 * never quote the input.
 */
#include <string.h>

#include "secrets.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits, with single "_" allowed between digits for readability. */
static const char *decode_hex(const char *s, struct secret *out)
{
	size_t n = strlen(s);
	struct secret k = secret_alloc(n / 2 + 1);
	size_t len = 0;
	int hi = -1;
	const char *err = NULL;
	for (const char *p = s; *p != '\0' && err == NULL; p++) {
		if (*p == '_') {
			if (p == s || p[1] == '\0' || p[1] == '_')
				err = "misplaced '_' in 0x hex secret";
			continue;
		}
		int v = hex_digit(*p);
		if (v < 0)
			err = "bad digit in 0x hex secret";
		else if (hi < 0)
			hi = v;
		else {
			k.ptr[len++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (err == NULL && hi >= 0)
		err = "odd number of digits in 0x hex secret";
	if (err == NULL && len == 0)
		err = "empty 0x hex secret";
	if (err != NULL) {
		secret_free(&k);
		return err;
	}
	k.len = len;
	*out = k;
	return NULL;
}

static int base64_digit(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* One 4-character group: 1 to 3 bytes; "=" only as trailing padding. */
static const char *decode_group(const char *g, bool last, uint8_t *dst, size_t *len)
{
	int v[4];
	int pad = 0;
	for (int i = 0; i < 4; i++) {
		if (g[i] == '=' && last && i >= 2) {
			pad++;
			v[i] = 0;
			continue;
		}
		if (pad > 0)
			return "bad padding in 0s base64 secret";
		v[i] = base64_digit(g[i]);
		if (v[i] < 0)
			return "bad character in 0s base64 secret";
	}
	uint32_t bits = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
			(uint32_t)v[3];
	uint8_t bytes[3] = { (uint8_t)(bits >> 16), (uint8_t)(bits >> 8), (uint8_t)bits };
	memcpy(dst, bytes, (size_t)(3 - pad));
	*len = (size_t)(3 - pad);
	wipe(bytes, sizeof(bytes));
	wipe(&bits, sizeof(bits));
	return NULL;
}

static const char *decode_base64(const char *s, struct secret *out)
{
	size_t n = strlen(s);
	if (n == 0)
		return "empty 0s base64 secret";
	if (n % 4 != 0)
		return "0s base64 secret is not made of 4-character groups";
	struct secret k = secret_alloc(n / 4 * 3);
	size_t len = 0;
	for (size_t i = 0; i < n; i += 4) {
		size_t got;
		const char *err = decode_group(s + i, i + 4 == n, k.ptr + len, &got);
		if (err != NULL) {
			secret_free(&k);
			return err;
		}
		len += got;
	}
	k.len = len;
	*out = k;
	return NULL;
}

const char *secret_decode(const char *text, bool quoted, struct secret *out)
{
	*out = (struct secret){ .ptr = NULL, .len = 0 };
	const char *err = NULL;
	if (quoted) {
		if (text[0] == '\0')
			return "empty secret";
		*out = secret_clone(BYTES(text, strlen(text)));
	} else if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		err = decode_hex(text + 2, out);
	} else if (text[0] == '0' && (text[1] == 's' || text[1] == 'S')) {
		err = decode_base64(text + 2, out);
	} else if (text[0] == '0' && (text[1] == 't' || text[1] == 'T')) {
		if (text[2] == '\0')
			return "empty 0t secret";
		*out = secret_clone(BYTES(text + 2, strlen(text + 2)));
	} else {
		return "a secret is written \"in double quotes\", or as 0x hex, 0s base64 or 0t text";
	}
	if (err == NULL && out->len > SECRET_MAX) {
		secret_free(out);
		err = "secret too long";
	}
	return err;
}
