/* pluto's impairments (impair.c): switching, listing, what they change. */
#include <stdio.h>

#include "../../programs/pluto/impair.h"
#include "unit.h"

static void test_off_by_default_and_switching(void)
{
	char list[128];
	for (unsigned i = 0; i <= WHACK_IMPAIR_LAST; i++)
		CHECK(!impaired(i));
	CHECK(impair_list(list, sizeof(list))[0] == '\0');
	const char *why = NULL;
	CHECK(impair_set(WHACK_IMPAIR_TICKET_TAMPER, true, &why));
	CHECK(impaired(WHACK_IMPAIR_TICKET_TAMPER));
	CHECK(!impaired(WHACK_IMPAIR_TICKET_REPLAY) && !impaired(WHACK_IMPAIR_TICKET_ACK));
	CHECK(impair_set(WHACK_IMPAIR_TICKET_ACK, true, &why));
	CHECK(strcmp(impair_list(list, sizeof(list)), "ticket-tamper ticket-ack") == 0);
	CHECK(impair_set(WHACK_IMPAIR_TICKET_TAMPER, false, &why));
	CHECK(!impaired(WHACK_IMPAIR_TICKET_TAMPER) && impaired(WHACK_IMPAIR_TICKET_ACK));
	CHECK(strcmp(impair_list(list, sizeof(list)), "ticket-ack") == 0);
	/* none: everything off */
	CHECK(impair_set(WHACK_IMPAIR_TICKET_REPLAY, true, &why));
	CHECK(impair_set(WHACK_IMPAIR_NONE, false, &why));
	for (unsigned i = 0; i <= WHACK_IMPAIR_LAST; i++)
		CHECK(!impaired(i));
	CHECK(impair_list(list, sizeof(list))[0] == '\0');
}

static void test_refused(void)
{
	const char *why = NULL;
	CHECK(!impair_set(WHACK_IMPAIR_LAST + 1, true, &why) && why != NULL);
	why = NULL;
	CHECK(!impair_set(WHACK_IMPAIR_NONE, true, &why) && why != NULL);
	CHECK(!impaired(WHACK_IMPAIR_NONE) && !impaired(WHACK_IMPAIR_LAST + 1));
}

static void test_list_truncates_safely(void)
{
	const char *why;
	for (unsigned i = 1; i <= WHACK_IMPAIR_LAST; i++)
		CHECK(impair_set(i, true, &why));
	char tiny[8];
	impair_list(tiny, sizeof(tiny));
	CHECK(strlen(tiny) < sizeof(tiny));
	CHECK(strncmp(tiny, "ticket-", 7) == 0);
	impair_set(WHACK_IMPAIR_NONE, false, &why);
}

static void test_tamper_flips_one_bit(void)
{
	uint8_t t[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct chunk c = impair_tampered_copy(BYTES(t, sizeof(t)));
	CHECK(c.len == sizeof(t));
	unsigned bits = 0;
	for (size_t i = 0; i < c.len; i++)
		bits += (unsigned)__builtin_popcount(c.ptr[i] ^ t[i]);
	CHECK(bits == 1);
	CHECK(c.ptr[4] != t[4]);	/* the middle: inside the sealed part */
	chunk_free(&c);
	c = impair_tampered_copy(EMPTY_BYTES);
	CHECK(c.len == 0);
	chunk_free(&c);
}

static void test_ticket_clock(void)
{
	const char *why;
	CHECK(impair_ticket_clock(1000) == 1000);
	CHECK(impair_set(WHACK_IMPAIR_TICKET_EXPIRE, true, &why));
	/* beyond any ticket's lifetime (24h at most) */
	CHECK(impair_ticket_clock(1000) == 1000 + IMPAIR_TICKET_CLOCK_SHIFT);
	CHECK(IMPAIR_TICKET_CLOCK_SHIFT > 24 * 3600);
	impair_set(WHACK_IMPAIR_NONE, false, &why);
	CHECK(impair_ticket_clock(1000) == 1000);
}

UNIT_MAIN(UNIT(test_off_by_default_and_switching), UNIT(test_refused), UNIT(test_list_truncates_safely),
	  UNIT(test_tamper_flips_one_bit), UNIT(test_ticket_clock))
