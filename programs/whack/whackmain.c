/*
 * whack: the operator's control client for pluto.
 *
 * Turns the command line into requests (whack_options.c), sends each in
 * turn over pluto's control socket (whack_client.c), prints pluto's
 * lines, and exits with pluto's status, stopping at the first failure.
 */
#include <stdio.h>

#include "version.h"
#include "whack_client.h"
#include "whack_options.h"

int main(int argc, char **argv)
{
	static struct whack_invocation inv;
	char why[512];
	if (!whack_options_parse(argc, argv, &inv, why, sizeof(why))) {
		fprintf(stderr, "whack: %s\n", why);
		return WHACK_STATUS_USAGE;
	}
	switch (inv.action) {
	case WHACK_ACTION_HELP:
		whack_usage(stdout);
		return 0;
	case WHACK_ACTION_VERSION:
		printf("whack (%s) %s\n", SWAN_PACKAGE, SWAN_VERSION);
		return 0;
	case WHACK_ACTION_DEBUG_LIST:
		whack_debug_list(stdout);
		return 0;
	case WHACK_ACTION_IMPAIR_LIST:
		whack_impair_list(stdout);
		return 0;
	case WHACK_ACTION_RUN:
		break;
	}
	for (size_t i = 0; i < inv.n_requests; i++) {
		int status = whack_call(inv.ctlsocket, &inv.requests[i], stdout, stderr);
		if (status != WHACK_STATUS_OK)
			return status;
	}
	return WHACK_STATUS_OK;
}
