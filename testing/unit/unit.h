/*
 * A small unit-test harness.  A test file lists its cases and ends with
 * UNIT_MAIN:
 *
 *   static void test_foo(void) { CHECK(1 + 1 == 2); }
 *   UNIT_MAIN(UNIT(test_foo), UNIT(test_bar))
 *
 * Each case is run once; a failed CHECK reports file:line and marks the
 * case failed (the case goes on, so one run shows every failure).  The
 * program prints "ok"/"FAIL" per case and then "<prog>: N passed,
 * N failed", and exits non-zero when anything failed.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chunk.h"

struct unit_case {
	const char *name;
	void (*fn)(void);
};

#define UNIT(f) { #f, f }

void unit_fail(const char *file, int line, const char *expr);
int unit_run(const char *prog, const struct unit_case *cases, size_t n);
/* NSS without a database; shut down at exit by the harness. */
void unit_nss_init(void);
/* The directory holding the shared RFCs and vectors (../shared/rfc). */
const char *unit_rfc_dir(void);
/* Hex string to a static-lifetime chunk freed at exit. */
struct bytes unit_hex(const char *hex);

#define CHECK(e) \
	do { if (!(e)) unit_fail(__FILE__, __LINE__, #e); } while (0)
#define CHECK_EQ_BYTES(a, b) \
	do { if (!bytes_eq((a), (b))) unit_fail(__FILE__, __LINE__, #a " == " #b); } while (0)

#define UNIT_MAIN(...) \
	int main(int argc, char **argv) \
	{ \
		(void)argc; \
		static const struct unit_case cases[] = { __VA_ARGS__ }; \
		return unit_run(argv[0], cases, sizeof(cases) / sizeof(cases[0])); \
	}

#endif
