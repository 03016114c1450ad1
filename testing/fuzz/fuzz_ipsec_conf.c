/*
 * libFuzzer target for the ipsec.conf parser.
 *
 * Besides "no crash, no leak": every input is either accepted with no
 * error text or refused with some, and an accepted conn's check never
 * crashes.  Inputs that include other files are skipped so that a run
 * never reads the host's files.
 */
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "ipsec_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (strstr(text, "include") != NULL) {
		free(text);
		return 0;
	}
	char *errors = NULL;
	struct ipsec_conf *conf = ipsec_conf_parse("fuzz.conf", text, &errors);
	if ((conf == NULL) == (errors == NULL))
		abort();	/* refused exactly when there is something to say */
	for (size_t i = 0; conf != NULL && i < conf->nr_conns; i++) {
		conn_config_check(&conf->conns[i]);
		if (ipsec_conf_find(conf, conf->conns[i].name) == NULL)
			abort();
	}
	ipsec_conf_free(conf);
	free(errors);
	free(text);
	return 0;
}
