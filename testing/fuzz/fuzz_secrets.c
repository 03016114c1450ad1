/*
 * libFuzzer target for the ipsec.secrets parser and the PSK lookup.
 *
 * Checks: accepted exactly when there is no error text; every PSK entry
 * holds a non-empty secret; a lookup's answer is consistent.  Inputs
 * that include other files are skipped (no reading the host's files).
 */
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lookup(const struct secrets *s, const char *local, const char *remote)
{
	struct ike_id l, r;
	if (ike_id_parse(local, &l) != NULL || ike_id_parse(remote, &r) != NULL)
		abort();
	const struct secret_entry *e;
	enum secrets_match m = secrets_find_psk(s, &l, &r, &e);
	if ((m == SECRETS_FOUND) != (e != NULL))
		abort();
	if (e != NULL && (e->kind != SECRET_PSK || e->psk.len == 0))
		abort();
	ike_id_free(&l);
	ike_id_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (strstr(text, "include") != NULL) {
		free(text);
		return 0;
	}
	char *errors = NULL;
	struct secrets *s = secrets_parse("fuzz.secrets", text, &errors);
	if ((s == NULL) == (errors == NULL))
		abort();
	for (size_t i = 0; s != NULL && i < s->nr_entries; i++) {
		const struct secret_entry *e = &s->entries[i];
		if (e->kind == SECRET_PSK && (e->psk.len == 0 || e->psk.len > SECRET_MAX))
			abort();
	}
	if (s != NULL) {
		lookup(s, "@a", "@b");
		lookup(s, "192.0.2.1", "%any");
		lookup(s, "road@example.org", "@#0102");
	}
	secrets_free(s);
	free(errors);
	free(text);
	return 0;
}
