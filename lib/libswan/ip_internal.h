/* Helpers shared by ip_address.c, ip_subnet.c and ip_endpoint.c only. */
#ifndef IP_INTERNAL_H
#define IP_INTERNAL_H

#include <stdbool.h>

#include "ip_address.h"

/*
 * A decimal number made of digits only (no sign, no space, no hex),
 * at most max; false for anything else, including overflow.
 */
bool ip_parse_decimal(const char *s, unsigned long max, unsigned long *out);

/* Zero (set == false) or set every bit after the first prefix bits. */
void ip_set_host_bits(ip_address *a, unsigned prefix, bool set);

/* True when every bit after the first prefix bits is zero. */
bool ip_host_bits_zero(const ip_address *a, unsigned prefix);

#endif
