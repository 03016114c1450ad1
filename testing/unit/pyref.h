/*
 * An independent reference for the tests: a short python3 program using
 * only the standard hmac/hashlib modules, run with popen().  Inputs go in
 * as hex arguments; every output line is hex, decoded into chunks.
 *
 * Used where no published vectors exist (RFC 5723 resumption keys, PSK
 * AUTH), so that our NSS-based code is checked against a computation that
 * shares none of it.
 */
#ifndef PYREF_H
#define PYREF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define PYREF_MAX_LINES 16

struct pyref_out {
	struct chunk line[PYREF_MAX_LINES];
	size_t n;
};

/* script must not contain single quotes; args are hex or plain words. */
static __attribute__((unused)) bool pyref_run(const char *script, const char *const *args,
					      size_t nargs, struct pyref_out *out)
{
	size_t cap = strlen(script) + 64;
	for (size_t i = 0; i < nargs; i++)
		cap += strlen(args[i]) + 4;
	char *cmd = xmalloc(cap);
	size_t len = (size_t)snprintf(cmd, cap, "python3 -c '%s'", script);
	for (size_t i = 0; i < nargs; i++)
		len += (size_t)snprintf(cmd + len, cap - len, " '%s'", args[i]);
	memset(out, 0, sizeof(*out));
	FILE *p = popen(cmd, "r");
	free(cmd);
	if (p == NULL)
		return false;
	char buf[8192];
	bool ok = true;
	while (fgets(buf, sizeof(buf), p) != NULL && out->n < PYREF_MAX_LINES) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (!hex_decode(buf, &out->line[out->n])) {
			ok = false;
			break;
		}
		out->n++;
	}
	if (pclose(p) != 0)
		ok = false;
	return ok;
}

static __attribute__((unused)) void pyref_free(struct pyref_out *out)
{
	for (size_t i = 0; i < out->n; i++)
		chunk_free(&out->line[i]);
	out->n = 0;
}

/* Lower-case hex of b in a fresh heap string. */
static __attribute__((unused)) char *pyref_hex(struct bytes b)
{
	char *s = xmalloc(2 * b.len + 1);
	return hex_encode(b, s, 2 * b.len + 1);
}

#endif
