/* Impairments for the test suite (impair.h). */
#include <stdio.h>
#include <string.h>

#include "impair.h"
#include "log.h"

static bool on[WHACK_IMPAIR_LAST + 1];

bool impair_set(unsigned what, bool switch_on, const char **why)
{
	if (what > WHACK_IMPAIR_LAST) {
		*why = "unknown impairment";
		return false;
	}
	if (what == WHACK_IMPAIR_NONE) {
		if (switch_on) {
			*why = "'none' can only be switched off";
			return false;
		}
		memset(on, 0, sizeof(on));
		log_info("IMPAIR: every impairment off");
		return true;
	}
	on[what] = switch_on;
	log_info("IMPAIR: %s %s", whack_impair_name(what), switch_on ? "on" : "off");
	return true;
}

bool impaired(enum whack_impair what)
{
	return what > WHACK_IMPAIR_NONE && what <= WHACK_IMPAIR_LAST && on[what];
}

const char *impair_list(char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = '\0';
	for (unsigned i = WHACK_IMPAIR_NONE + 1; i <= WHACK_IMPAIR_LAST; i++) {
		if (!on[i] || at >= len)
			continue;
		int n = snprintf(buf + at, len - at, "%s%s", at > 0 ? " " : "", whack_impair_name(i));
		at = n < 0 ? len : at + (size_t)n;
	}
	return buf;
}

struct chunk impair_tampered_copy(struct bytes ticket)
{
	struct chunk c = chunk_clone(ticket);
	/* the middle octet: inside the sealed state whatever the ticket's
	 * header size, so the gateway's AEAD check is what refuses it */
	if (c.len > 0)
		c.ptr[c.len / 2] ^= 0x01;
	return c;
}

uint64_t impair_ticket_clock(uint64_t now)
{
	return impaired(WHACK_IMPAIR_TICKET_EXPIRE) ? now + IMPAIR_TICKET_CLOCK_SHIFT : now;
}
