/* Failure reporting for the crypto core (see ikev2_crypto_error.h). */
#include <prerror.h>

#include "ikev2_crypto_error.h"

const char *crypto_status_name(enum crypto_status s)
{
	switch (s) {
	case CRYPTO_OK: return "OK";
	case CRYPTO_UNSUPPORTED: return "UNSUPPORTED";
	case CRYPTO_BAD_LENGTH: return "BAD_LENGTH";
	case CRYPTO_BAD_PUBLIC_VALUE: return "BAD_PUBLIC_VALUE";
	case CRYPTO_AUTH_FAILED: return "AUTH_FAILED";
	case CRYPTO_BAD_PADDING: return "BAD_PADDING";
	case CRYPTO_BAD_REQUEST: return "BAD_REQUEST";
	case CRYPTO_NSS_FAILURE: return "NSS_FAILURE";
	}
	return "UNKNOWN";
}

bool crypto_fail(struct crypto_error *err, enum crypto_status s, const char *reason)
{
	if (err != NULL)
		*err = (struct crypto_error){ .status = s, .reason = reason, .nss_error = 0 };
	return false;
}

bool crypto_fail_nss(struct crypto_error *err, enum crypto_status s, const char *reason)
{
	if (err != NULL)
		*err = (struct crypto_error){ .status = s, .reason = reason,
					      .nss_error = PR_GetError() };
	return false;
}
