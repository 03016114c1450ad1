/* Configuration glue (pluto_config.h). */
#include <stdlib.h>
#include <string.h>

#include "conn_resolve.h"
#include "cert_cache.h"
#include "connections.h"
#include "ikev2_exchanges.h"
#include "ipsec_conf.h"
#include "log.h"
#include "pluto.h"
#include "pluto_config.h"
#include "pluto_secrets.h"

static struct ipsec_conf *conf;

struct ipsec_conf *pluto_config_read(void)
{
	char *errors = NULL;
	struct ipsec_conf *c = ipsec_conf_load(pluto_options.config, &errors);
	if (c == NULL)
		log_error("%s", errors != NULL ? errors : "cannot read the configuration");
	free(errors);
	return c;
}

bool pluto_config_load(void)
{
	struct ipsec_conf *c = pluto_config_read();
	if (c == NULL)
		return false;
	pluto_config_free();
	conf = c;
	return true;
}

void pluto_config_free(void)
{
	if (conf != NULL)
		ipsec_conf_free(conf);
	conf = NULL;
}

const struct ipsec_conf *pluto_config(void)
{
	return conf;
}

static bool add_one(const struct conn_config *cfg, const char **why)
{
	if (conn_by_name(cfg->name) != NULL) {
		*why = "a connection with that name is already loaded";
		return false;
	}
	const char *check = conn_config_check(cfg);
	if (check != NULL) {
		*why = check;
		return false;
	}
	struct connection *c = conn_from_config(cfg, why);
	if (c == NULL)
		return false;
	conn_add(c);
	log_info("\"%s\": added", c->name);
	conn_resolve_start(c);
	return true;
}

bool pluto_config_add_conn(const char *name, const char **why)
{
	/* re-read so that an edited file takes effect, like libreswan's addconn */
	if (!pluto_config_load()) {
		*why = "the configuration file has errors (see the log)";
		return false;
	}
	const struct conn_config *cfg = ipsec_conf_find(conf, name);
	if (cfg == NULL) {
		*why = "no such conn in the configuration file";
		return false;
	}
	return add_one(cfg, why);
}

void pluto_config_add_all(bool initiate)
{
	for (size_t i = 0; i < conf->nr_conns; i++) {
		const struct conn_config *cfg = &conf->conns[i];
		if (cfg->autostart == AUTO_IGNORE)
			continue;
		const char *why = NULL;
		if (!add_one(cfg, &why)) {
			log_warn("\"%s\": not loaded: %s", cfg->name, why);
			continue;
		}
		struct connection *c = conn_by_name(cfg->name);
		if (initiate && cfg->autostart == AUTO_START && !conn_resolve_pending(c))
			ikev2_initiate(c);
	}
}

/* Also the certificates: the operator may have changed the NSS database. */
bool pluto_reread_secrets_file(char **why)
{
	cert_cache_flush();
	return pluto_secrets_reload(pluto_options.secrets, why);
}

/*
 * Conns that are complete enough to be loaded.  An auto=ignore conn is
 * not checked: such a section is often only a fragment pulled in by
 * other conns' also= (configs/ipsec.conf's psk-resumable has no left=),
 * and it is never loaded unless named by `ipsec auto --add`, which
 * checks it then.  The conns that include it are checked with its keys.
 */
bool pluto_config_check_conns(const struct ipsec_conf *c)
{
	bool ok = true;
	for (size_t i = 0; i < c->nr_conns; i++) {
		if (c->conns[i].autostart == AUTO_IGNORE)
			continue;
		const char *why = conn_config_check(&c->conns[i]);
		if (why != NULL) {
			log_error("conn %s: %s", c->conns[i].name, why);
			ok = false;
		}
	}
	return ok;
}

/* plutodebug= in config setup: any value but "none" turns debugging on
 * (categories are not distinguished), as --debug on the command line does. */
void pluto_config_apply_debug(const struct ipsec_conf *c)
{
	const char *d = c->setup.plutodebug;
	if (d != NULL && d[0] != '\0' && strcmp(d, "none") != 0)
		log_set_debug(true);
}
