/* pluto's secrets (pluto_secrets.h). */
#include <stdlib.h>

#include "log.h"
#include "pluto_secrets.h"
#include "secrets.h"

static struct secrets *secrets;

bool pluto_secrets_load(const char *path)
{
	return pluto_secrets_reload(path, NULL);
}

bool pluto_secrets_reload(const char *path, char **why)
{
	char *errors = NULL;
	struct secrets *s = secrets_load(path, &errors);
	if (s == NULL) {
		log_error("cannot load secrets: %s", errors != NULL ? errors : path);
		if (why != NULL && errors != NULL)
			*why = errors;
		else
			free(errors);
		return false;
	}
	if (s->notes != NULL)
		log_info("%s", s->notes);
	free(errors);
	pluto_secrets_free();
	secrets = s;
	log_info("loaded %zu secrets from %s", s->nr_entries, path);
	return true;
}

void pluto_secrets_free(void)
{
	if (secrets != NULL)
		secrets_free(secrets);
	secrets = NULL;
}

const struct secret *pluto_psk(const struct ike_id *local, const struct ike_id *remote)
{
	const struct secret_entry *e = NULL;
	if (secrets == NULL)
		return NULL;
	switch (secrets_find_psk(secrets, local, remote, &e)) {
	case SECRETS_FOUND:
		return &e->psk;
	case SECRETS_AMBIGUOUS:
		log_warn("ipsec.secrets: several equally good PSKs disagree for this pair of IDs");
		return NULL;
	case SECRETS_NONE:
		break;
	}
	return NULL;
}
