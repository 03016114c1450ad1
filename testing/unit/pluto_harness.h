/*
 * The daemon's real packet path in one process, without sockets: a
 * responder pluto (config and secrets in temporary files, protostack=none,
 * ticket keys in memory) whose outgoing datagrams are captured by the
 * server's send hook, and into which datagrams are injected through
 * server_receive(), exactly as a socket read would hand them over.
 *
 * The responder is 127.0.0.1 (it must be an address of this host for
 * conn_from_config), the scripted peer 127.0.0.2, both on port 500.
 *
 * The clock (pluto_now, pluto_wallclock) is the harness's: it only moves
 * with harness_advance(), so timers and ticket expiry are reproducible.
 */
#ifndef PLUTO_HARNESS_H
#define PLUTO_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ip_address.h"

struct ike_sa;

#define HARNESS_PSK "harness shared secret, long enough for PSK"
#define HARNESS_LOCAL_ID "@east"
#define HARNESS_PEER_ID "west"	/* the peer sends ID_FQDN "west" */

struct harness_options {
	const char *ike;	/* ike= of the conn; NULL: aes_gcm256-sha2_256;dh19 */
	const char *extra_conn;	/* more "key=value" lines for the conn, or NULL */
	bool debug;		/* debug log lines too */
	bool no_log;		/* log to /dev/null (fuzzing: millions of inputs) */
};

/* Starts the responder; false (and a message on stderr) when it cannot. */
bool harness_start(const struct harness_options *opts);
/* Drops every SA and frees everything the responder holds. */
void harness_stop(void);
/* Drops every SA (no messages), keeping the configuration. */
void harness_drop_all(void);

const ip_endpoint *harness_responder(void);
const ip_endpoint *harness_peer(void);

/* True while the responder handles an injected datagram (fault
 * injection tells the daemon's NSS calls from the peer's by it). */
extern bool harness_in_daemon;

/* Inject one datagram from the peer (port 500, no marker). */
void harness_receive(struct bytes msg);
/* Inject on the NAT-T port: the datagram must carry the marker. */
void harness_receive_natt(struct bytes msg);

/* The datagrams the responder sent since the last harness_clear_sent(). */
size_t harness_sent_count(void);
struct bytes harness_sent(size_t i);
/* The last one, or EMPTY_BYTES when nothing was sent. */
struct bytes harness_last_sent(void);
void harness_clear_sent(void);
/* The ports the last one went from and to (0 when nothing was sent). */
void harness_last_sent_ports(uint16_t *from, uint16_t *to);

/* Log lines written since the last harness_log_mark(). */
void harness_log_mark(void);
bool harness_log_contains(const char *needle);
/* Print the log since the mark (for a failing case). */
void harness_log_dump(void);

/* Move the clock forward and run the timers that became due. */
void harness_advance(double seconds);

/* Number of IKE SAs pluto holds, and a fingerprint of the whole table
 * (serial numbers, states, SPIs, children) to prove that a message left
 * no trace (the kernel's SA and policy counts included). */
unsigned harness_sa_count(void);
/* Number of Child SAs of one IKE SA. */
unsigned harness_child_count(const struct ike_sa *ike);
unsigned long harness_state_fingerprint(void);
/* The (protostack=none) kernel holds exactly the installed Child SAs'
 * ESP SAs and policies: nothing half-made left behind. */
bool harness_kernel_consistent(void);

#endif
