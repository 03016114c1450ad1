/* Random octets from the NSS DRBG. */
#include <limits.h>

#include <pk11pub.h>

#include "ikev2_random.h"

bool random_bytes(void *buf, size_t len)
{
	if (len == 0)
		return true;
	if (len > INT_MAX)
		return false;
	return PK11_GenerateRandom(buf, (int)len) == SECSuccess;
}
