/* The unit-test harness (see unit.h). */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nss.h>

#include "unit.h"

static int case_failures;
static bool nss_up;
static struct chunk *hex_pool;
static size_t hex_pool_len;

void unit_fail(const char *file, int line, const char *expr)
{
	fprintf(stderr, "  %s:%d: CHECK failed: %s\n", file, line, expr);
	case_failures++;
}

void unit_nss_init(void)
{
	if (nss_up)
		return;
	if (NSS_NoDB_Init(NULL) != SECSuccess) {
		fprintf(stderr, "NSS_NoDB_Init failed\n");
		exit(2);
	}
	nss_up = true;
}

const char *unit_rfc_dir(void)
{
	const char *d = getenv("RFC_DIR");
	return d != NULL ? d : "../shared/rfc";
}

struct bytes unit_hex(const char *hex)
{
	struct chunk c;
	if (!hex_decode(hex, &c)) {
		fprintf(stderr, "bad hex in test: %s\n", hex);
		exit(2);
	}
	hex_pool = xrealloc(hex_pool, (hex_pool_len + 1) * sizeof(*hex_pool));
	hex_pool[hex_pool_len++] = c;
	return chunk_bytes(c);
}

/* false when NSS still holds objects a test forgot to free */
static bool unit_cleanup(void)
{
	for (size_t i = 0; i < hex_pool_len; i++)
		chunk_free(&hex_pool[i]);
	free(hex_pool);
	if (nss_up && NSS_Shutdown() != SECSuccess) {
		printf("FAIL NSS_Shutdown: NSS objects were leaked (SEC_ERROR_BUSY)\n");
		return false;
	}
	return true;
}

int unit_run(const char *prog, const struct unit_case *cases, size_t n)
{
	char *copy = xstrdup(prog);
	const char *name = basename(copy);
	const char *only = getenv("UNIT_ONLY");
	int passed = 0, failed = 0;
	for (size_t i = 0; i < n; i++) {
		if (only != NULL && strcmp(only, cases[i].name) != 0)
			continue;
		case_failures = 0;
		cases[i].fn();
		if (case_failures == 0) {
			passed++;
			printf("ok   %s\n", cases[i].name);
		} else {
			failed++;
			printf("FAIL %s\n", cases[i].name);
		}
		fflush(stdout);
	}
	if (!unit_cleanup())
		failed++;
	printf("%s: %d passed, %d failed\n", name, passed, failed);
	free(copy);
	return failed == 0 ? 0 : 1;
}
