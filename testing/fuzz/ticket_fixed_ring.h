/*
 * The fixed key ring and clock shared by fuzz_ticket_unseal.c and the
 * unit test that checks its seed corpus still unseals.  Test-only keys.
 */
#ifndef TICKET_FIXED_RING_H
#define TICKET_FIXED_RING_H

#include "ticket_keys.h"

#define FIXED_NOW UINT64_C(1700000000)
#define FIXED_ROTATION UINT64_C(86400)
#define FIXED_LIFETIME UINT64_C(28800)

static const uint8_t fixed_key_id[TICKET_KEY_ID_LEN] = {
	0x46, 0x55, 0x5a, 0x5a, 0x4b, 0x45, 0x59, 0x31,
};
static const uint8_t fixed_key[TICKET_KEY_LEN] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};
/* a previous key, so lookups have more than one candidate */
static const uint8_t fixed_old_key_id[TICKET_KEY_ID_LEN] = {
	0x46, 0x55, 0x5a, 0x5a, 0x4b, 0x45, 0x59, 0x30,
};
static const uint8_t fixed_old_key[TICKET_KEY_LEN] = {
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
	0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
};

static inline struct ticket_keys *fixed_ring_new(void)
{
	struct ticket_keys *ring = ticket_keys_new(FIXED_ROTATION, FIXED_LIFETIME);
	if (ring == NULL ||
	    ticket_keys_add(ring, fixed_old_key_id, BYTES(fixed_old_key, sizeof(fixed_old_key)),
			    FIXED_NOW - 2 * FIXED_ROTATION, FIXED_NOW - FIXED_ROTATION) != NULL ||
	    ticket_keys_add(ring, fixed_key_id, BYTES(fixed_key, sizeof(fixed_key)),
			    FIXED_NOW - FIXED_ROTATION, FIXED_NOW + FIXED_ROTATION) != NULL)
		return NULL;
	return ring;
}

#endif
