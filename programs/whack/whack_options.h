/*
 * whack's command line: libreswan-compatible long options turned into
 * the list of requests to send, in the order they were given.
 */
#ifndef WHACK_OPTIONS_H
#define WHACK_OPTIONS_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "whack_msg.h"

#define WHACK_MAX_REQUESTS 16

enum whack_action {
	WHACK_ACTION_RUN,		/* send the requests */
	WHACK_ACTION_HELP,
	WHACK_ACTION_VERSION,
	WHACK_ACTION_DEBUG_LIST,	/* --debug list: print the categories */
	WHACK_ACTION_IMPAIR_LIST,	/* --impair list: print the impairments */
};

struct whack_invocation {
	enum whack_action action;
	/* the control socket: --ctlsocket, else --rundir/pluto.ctl, else the default */
	char ctlsocket[PATH_MAX];
	struct whack_request requests[WHACK_MAX_REQUESTS];
	size_t n_requests;
};

/*
 * Fills *inv from argv (argv[0] is skipped).  On a usage error returns
 * false with a one-line reason in why.
 */
bool whack_options_parse(int argc, char **argv, struct whack_invocation *inv,
			 char *why, size_t why_len);
void whack_usage(FILE *out);
void whack_debug_list(FILE *out);
void whack_impair_list(FILE *out);

#endif
