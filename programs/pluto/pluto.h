/*
 * Daemon-wide settings and the event base, shared by every pluto file.
 */
#ifndef PLUTO_H
#define PLUTO_H

#include <stdbool.h>
#include <stdint.h>


struct event_base;

struct pluto_options {
	const char *config;	/* ipsec.conf */
	const char *secrets;	/* ipsec.secrets */
	const char *ctlsocket;	/* whack control socket */
	const char *rundir;	/* pid file and default control socket */
	const char *nssdir;	/* NSS database; none: crypto only */
	const char *logfile;	/* NULL: syslog unless stderrlog */
	bool stderrlog;
	bool nofork;
	bool debug;
	bool checkconfig;	/* parse config and secrets, report, exit */
	uint16_t ikeport;	/* 500 */
	uint16_t nattport;	/* 4500 */
	double keep_alive;	/* keep-alive=: NAT-keepalive interval; 0: none */
};

extern struct pluto_options pluto_options;
extern struct event_base *pluto_event_base;

/* Seconds since an arbitrary start (monotonic), for timers and status. */
double pluto_now(void);
/* Wall-clock seconds since the epoch (ticket expiry is wall-clock). */
uint64_t pluto_wallclock(void);

/* Ask the event loop to stop after the current callback (clean shutdown). */
void pluto_request_shutdown(void);

#endif
