/* Random octets from NSS (PK11_GenerateRandom): IVs, nonces, SPIs. */
#ifndef IKEV2_RANDOM_H
#define IKEV2_RANDOM_H

#include <stdbool.h>
#include <stddef.h>

/* Fills buf; false only when NSS fails (not initialised, say). */
bool random_bytes(void *buf, size_t len);

#endif
