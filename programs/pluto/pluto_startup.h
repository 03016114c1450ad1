/* Start-up and shut-down of the daemon's subsystems (pluto_startup.c). */
#ifndef PLUTO_STARTUP_H
#define PLUTO_STARTUP_H

#include <stdbool.h>

/* Config, secrets, ticket keys, kernel, sockets, control socket. */
bool pluto_startup(void);
/* Deletes every SA (with DELETE to the peers), flushes kernel state. */
void pluto_shutdown(void);
bool pluto_reread_secrets(void);
/* --checkconfig: parse and report; no sockets, no kernel. */
bool pluto_checkconfig(void);

#endif
