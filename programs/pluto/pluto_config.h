/* ipsec.conf as pluto runs it: the parsed file and the connections. */
#ifndef PLUTO_CONFIG_H
#define PLUTO_CONFIG_H

#include <stdbool.h>

struct ipsec_conf;

/* Parse the config file; NULL and logged errors when it is unusable. */
struct ipsec_conf *pluto_config_read(void);
bool pluto_config_load(void);
void pluto_config_free(void);
const struct ipsec_conf *pluto_config(void);
/* Load one conn (re-reading the file), replacing nothing: false + why. */
bool pluto_config_add_conn(const char *name, const char **why);
/* Load every auto=add|start conn; initiate the auto=start ones. */
void pluto_config_add_all(bool initiate);
/* Re-read the secrets file; on failure *why as pluto_secrets_reload(). */
bool pluto_reread_secrets_file(char **why);
/* conn_config_check() for every conn that would be loaded (not
 * auto=ignore ones); errors logged. */
bool pluto_config_check_conns(const struct ipsec_conf *c);
/* Apply config setup's plutodebug=. */
void pluto_config_apply_debug(const struct ipsec_conf *c);

#endif
