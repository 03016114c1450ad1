/*
 * whack's side of the control socket: send one request, copy pluto's
 * reply lines to `out`, return pluto's exit status.
 */
#ifndef WHACK_CLIENT_H
#define WHACK_CLIENT_H

#include <stdio.h>

#include "whack_msg.h"

/*
 * Returns the status of pluto's end record, or one of whack's own
 * (WHACK_STATUS_NOT_RUNNING, _PROTOCOL, _USAGE) after saying why on
 * `diag`, each line prefixed "whack: ".
 */
int whack_call(const char *ctlsocket, const struct whack_request *req, FILE *out, FILE *diag);

#endif
