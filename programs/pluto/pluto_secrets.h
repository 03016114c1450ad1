/* ipsec.secrets as pluto holds it: loaded at start-up and on SIGHUP. */
#ifndef PLUTO_SECRETS_H
#define PLUTO_SECRETS_H

#include <stdbool.h>

#include "chunk.h"
#include "ike_id.h"

bool pluto_secrets_load(const char *path);
void pluto_secrets_free(void);
/* The PSK for a pair of identities; NULL when none or ambiguous (logged). */
const struct secret *pluto_psk(const struct ike_id *local, const struct ike_id *remote);

#endif
