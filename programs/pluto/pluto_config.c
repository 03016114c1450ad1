/* Configuration glue (pluto_config.h). */
#include <stdlib.h>

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
		if (initiate && cfg->autostart == AUTO_START)
			ikev2_initiate(conn_by_name(cfg->name));
	}
}

bool pluto_reread_secrets_file(void)
{
	const char *path = pluto_options.secrets;
	return pluto_secrets_load(path);
}
