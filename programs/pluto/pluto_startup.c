/* Start-up and shut-down (pluto_startup.h). */
#include <stdio.h>
#include <stdlib.h>

#include "connections.h"
#include "cookie.h"
#include "dns.h"
#include "halfopen.h"
#include "kernel_policy_owners.h"
#include "ike_sa_life.h"
#include "ikev2_exchanges.h"
#include "ipsec_conf.h"
#include "kernel_glue.h"
#include "log.h"
#include "pluto.h"
#include "pluto_config.h"
#include "pluto_secrets.h"
#include "pluto_startup.h"
#include "resume_keys.h"
#include "server.h"
#include "state.h"
#include "whack_server.h"

bool pluto_checkconfig(void)
{
	struct ipsec_conf *c = pluto_config_read();
	if (c == NULL)
		return false;
	bool ok = pluto_config_check_conns(c);
	ipsec_conf_free(c);
	ok = pluto_secrets_load(pluto_options.secrets) && ok;
	pluto_secrets_free();
	if (ok)
		printf("%s and %s: OK\n", pluto_options.config, pluto_options.secrets);
	return ok;
}

bool pluto_reread_secrets(void)
{
	return pluto_reread_secrets_file(NULL);
}

bool pluto_startup(void)
{
	if (!pluto_config_load())
		return false;
	pluto_config_apply_debug(pluto_config());
	const struct ipsec_conf_setup *setup = &pluto_config()->setup;
	if (setup->ikeport != 0 && pluto_options.ikeport == 500)
		pluto_options.ikeport = setup->ikeport;
	pluto_options.keep_alive = setup->keep_alive_s;
	halfopen_set_peer_limit(setup->max_halfopen_ike_per_peer);
	if (setup->nat_ikeport != 0 && pluto_options.nattport == 4500)
		pluto_options.nattport = setup->nat_ikeport;
	if (!pluto_secrets_load(pluto_options.secrets))
		log_warn("continuing without secrets");
	cookie_set_threshold(setup->ddos_ike_threshold);
	cookie_set_mode(setup->ddos_mode);
	const char *stack = setup->protostack == PROTOSTACK_NONE ? "none" : "xfrm";
	const struct dns_config dns = {
		.dnssec = setup->dnssec_enable,
		.rootkey_file = setup->dnssec_rootkey_file,
		.anchors_file = setup->dnssec_anchors,
	};
	return kernel_glue_init(stack) && dns_init(&dns) &&
	       resume_keys_init(setup->ticket_key_file, setup->ticket_key_rotation_s) &&
	       server_listen(pluto_options.ikeport, pluto_options.nattport) &&
	       whack_server_open(pluto_options.ctlsocket) &&
	       (pluto_config_add_all(false), true);	/* ipsec start initiates auto=start */
}

void pluto_shutdown(void)
{
	whack_server_close();
	/* tell every peer (best effort: no waiting for answers) */
	struct ike_sa *next;
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = next) {
		next = ike->next;
		if (ike->state == IKE_ESTABLISHED)
			ikev2_delete_ike_sa(ike);
	}
	while (ike_sa_first() != NULL)
		ike_sa_drop(ike_sa_first());
	kernel_glue_shutdown();
	server_close();
	conn_delete_all();
	dns_shutdown();
	resume_keys_shutdown();
	cookie_shutdown();
	halfopen_shutdown();
	policy_owners_shutdown();
	pluto_secrets_free();
	pluto_config_free();
}
