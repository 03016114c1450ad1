/* ipsec.secrets as pluto holds it: loaded at start-up and on SIGHUP. */
#ifndef PLUTO_SECRETS_H
#define PLUTO_SECRETS_H

#include <stdbool.h>

#include "chunk.h"
#include "ike_id.h"

bool pluto_secrets_load(const char *path);
/* The same; on failure *why (when not NULL) gets the parser's errors
 * (malloc'ed, the caller frees; NULL when there were none).  The secrets
 * held before stay in force. */
bool pluto_secrets_reload(const char *path, char **why);
void pluto_secrets_free(void);
/* The PSK for a pair of identities; NULL when none or ambiguous (logged). */
const struct secret *pluto_psk(const struct ike_id *local, const struct ike_id *remote);

#endif
