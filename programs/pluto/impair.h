/*
 * Impairments: faults pluto injects on request, for the test suite only
 * (`ipsec whack --impair WHAT`, whack(8)).  This file holds which ones
 * are on and the small transformations they make; the code each one
 * touches asks impaired() at that one place.  Nothing is on unless
 * whack switches it on, and every use is logged as "IMPAIR: ...".
 */
#ifndef IMPAIR_H
#define IMPAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "whack_msg.h"

/* What ticket-expire adds to the gateway's clock when it judges a
 * ticket: beyond the longest lifetime any ticket can have. */
#define IMPAIR_TICKET_CLOCK_SHIFT (24 * 3600 + 1)

/* Switches one impairment (WHACK_IMPAIR_NONE, off: every one).  false
 * with *why set when `what` is unknown or "none" is switched on. */
bool impair_set(unsigned what, bool on, const char **why);
bool impaired(enum whack_impair what);
/* The names of those on, space-separated ("" when none is). */
const char *impair_list(char *buf, size_t len);

/* ticket-tamper: a copy of the ticket with one bit of its sealed part flipped. */
struct chunk impair_tampered_copy(struct bytes ticket);
/* ticket-expire: the clock the gateway judges a ticket's expiry by. */
uint64_t impair_ticket_clock(uint64_t now);

#endif
