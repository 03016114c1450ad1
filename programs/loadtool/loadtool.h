/*
 * loadtool: one process acting as many IKEv2 initiators (issue 7).
 *
 * Each client has its own IKE SPIs, its own identity (@<prefix>-N, an
 * ID_FQDN) and, optionally, its own source address on the loopback
 * interface.  A client runs IKE_SA_INIT + IKE_AUTH (PSK, one Child SA,
 * N(TICKET_REQUEST)), keeps the ticket with SK_d and the transforms, and
 * on command resumes with IKE_SESSION_RESUME + IKE_AUTH (RFC 5723), falling
 * back to a full handshake on TICKET_NACK or a time-out.
 *
 *   lt_client.c   the messages of one client (build requests, check answers)
 *   lt_run.c      the UDP socket, the event loop, window, rate, retransmits
 *   lt_stats.c    outcome counts, latency percentiles, the gateway's CPU
 *   lt_cert.c     --cert: the clients' certificate, RFC 7427 signatures
 *   lt_crypto_bench.c  the responder's crypto per full handshake / resume
 */
#ifndef LOADTOOL_H
#define LOADTOOL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_keys.h"

struct dh_keypair;
struct sk_cipher;
struct event;

/* What a run is made of: set from the command line. */
struct lt_options {
	unsigned count;			/* clients */
	unsigned window;		/* exchanges in flight at most; 0 = all at once */
	double rate;			/* new clients started per second; 0 = unlimited */
	double retransmit;		/* first retransmission after this many seconds */
	double retransmit_max;		/* back-off cap, seconds */
	double timeout;			/* give an exchange up after this many seconds */
	uint16_t dh_group;		/* 31, 19, 14 */
	bool fresh_dh;			/* a key pair per client (default: one shared,
					   RFC 7296 §2.12 allows reuse; the responder's
					   work is the same either way) */
	struct in_addr gateway;		/* the responder's address */
	uint16_t gateway_port;
	struct in_addr source;		/* first client source address */
	bool source_range;		/* client i uses source + i (loopback /8) */
	uint16_t local_port;		/* our UDP port (0: any) */
	const char *id_prefix;		/* client i is @<prefix>-<i> */
	struct secret psk;		/* shared by all clients */
	const char *cert;		/* --cert: nickname of the clients' one
					   certificate (ECDSA, AUTH method 14),
					   or NULL for PSK */
	bool cert_per_client;		/* client i uses certificate <cert>-<i> */
	const char *nssdir;		/* --nssdir: the NSS database holding it */
	int gateway_pid;		/* for CPU accounting; 0 = none */
	bool progress;			/* a progress line on stderr */
	bool quiet;			/* no per-failure lines */
	const char *timeline;		/* CSV of established SAs over time, or NULL */
};

extern struct lt_options lt_opt;

/* Where a client is in its current attempt. */
enum lt_state {
	LT_IDLE,		/* not started, or finished */
	LT_SA_INIT,		/* IKE_SA_INIT request outstanding */
	LT_RESUME,		/* IKE_SESSION_RESUME request outstanding */
	LT_AUTH,		/* IKE_AUTH request outstanding */
};

/* How an attempt (one client in one phase) ended. */
enum lt_outcome {
	LT_PENDING,
	LT_OK,			/* established (full, or resumed) */
	LT_FALLBACK_OK,		/* resume refused or timed out, full handshake worked */
	LT_FAILED,		/* refused, malformed, AUTH did not verify */
	LT_TIMEOUT,		/* no answer in time (after any fall-back) */
};

/* The ticket a client holds between phases (RFC 5723 §4.2). */
struct lt_ticket {
	struct chunk opaque;		/* as received in TICKET_LT_OPAQUE; empty: none */
	struct secret sk_d;		/* of the IKE SA that received it */
	struct ike_algs algs;		/* its transforms (dh NULL) */
};

struct lt_client {
	unsigned index;
	enum lt_state state;
	enum lt_outcome outcome;
	bool resuming;			/* this attempt began with IKE_SESSION_RESUME */
	bool fell_back;			/* ... and went on with a full handshake */
	bool nacked;			/* the fall-back was caused by TICKET_NACK */
	bool child_ok;			/* the Child SA was accepted */
	unsigned peer_sig_hashes;	/* the responder's SIGNATURE_HASH_ALGORITHMS */
	struct in_addr source;
	uint64_t spi_i, spi_r;		/* spi_i's low 32 bits are the index */
	struct chunk ni, nr;
	struct chunk cookie;		/* COOKIE to echo, or empty */
	struct dh_keypair *dh;		/* our key pair when not shared */
	struct ike_algs algs;
	struct ike_keys keys;
	struct sk_cipher *sk_out, *sk_in;
	struct chunk first_i, first_r;	/* the first messages, for AUTH */
	struct chunk request;		/* outstanding request, for retransmission */
	double started;			/* when the attempt began (monotonic seconds) */
	double sent;			/* when the outstanding exchange was first sent */
	double next_retransmit_delay;	/* next back-off step */
	unsigned retransmits;		/* of the outstanding request */
	struct event *timer;		/* retransmission / time-out */
	struct lt_ticket ticket;
};

/* lt_client.c: the protocol of one client, no I/O. */
bool lt_client_setup(void);		/* shared key pair, proposals */
void lt_client_shutdown(void);
/* Fresh SPI, nonce and keys for a new attempt; builds the first request
 * (IKE_SA_INIT, or IKE_SESSION_RESUME when resume and a ticket is held). */
bool lt_client_begin(struct lt_client *c, bool resume);
/* Processes a response to the outstanding request; on success the next
 * request (if any) is in c->request and c->state says which. */
void lt_client_response(struct lt_client *c, struct bytes msg);
/* The responder refused the resumption or did not answer: full handshake. */
bool lt_client_fallback(struct lt_client *c);
/* Drops the per-attempt state (keys, messages), keeps the ticket. */
void lt_client_reset(struct lt_client *c);
void lt_client_free(struct lt_client *c);
/* The SPI that names client i (index in the low 32 bits). */
uint64_t lt_spi_for(unsigned index);

/* lt_run.c */
bool lt_net_open(void);
void lt_net_close(void);
/* Runs one phase over all clients: full handshakes, or resumes. */
bool lt_run_phase(struct lt_client *clients, unsigned n, bool resume, const char *label);
/* Sends c->request and arms the retransmission timer. */
void lt_send_request(struct lt_client *c);
/* The attempt of c is over (outcome set). */
void lt_finish(struct lt_client *c, enum lt_outcome outcome, const char *why);
double lt_now(void);

/* lt_stats.c */
struct lt_phase_stats {
	const char *label;
	unsigned n, ok, resumed, nacked, timeout, fallback, fallback_ok, failed, child_failed;
	unsigned retransmits;
	double wall;			/* seconds from first send to last outcome */
	double gw_cpu;			/* gateway CPU seconds (/proc/<pid>/stat) */
	double gw_cpu_ns;		/* the same from /proc/<pid>/schedstat, in s */
	double p50, p90, p99, max;	/* latency, seconds */
};
/* Gateway CPU: utime+stime from /proc/<pid>/stat, seconds; <0 unknown. */
double lt_proc_cpu(int pid);
/* The scheduler's finer count, /proc/<pid>/schedstat, seconds; <0 unknown. */
double lt_proc_schedstat(int pid);
void lt_stats_compute(struct lt_phase_stats *s, const struct lt_client *clients, unsigned n,
		      const double *latencies);
void lt_stats_print(FILE *f, const struct lt_phase_stats *s);
double lt_percentile(double *sorted, size_t n, double p);

/* lt_cert.c: --cert, every client signs with one certificate's key. */
struct ikev2_digest;
/* From the open NSS database: nick for every client, or nick-<i> for
 * client i when per_client. */
bool lt_cert_setup(const char *nick, unsigned clients, bool per_client);
void lt_cert_shutdown(void);
bool lt_cert_enabled(void);
struct bytes lt_cert_subject(unsigned client);	/* DER subject: its ID */
struct bytes lt_cert_der(unsigned client);	/* the certificate, for CERT */
/* AUTH data (RFC 7427) over octets with the client's key. */
bool lt_cert_sign(unsigned client, struct bytes octets, unsigned peer_hashes, struct chunk *auth);
/* The responder's signature AUTH, against the key of its CERT payload
 * (its chain is not validated). */
bool lt_cert_verify_peer(const struct ikev2_digest *inner, struct bytes auth_data, struct bytes octets);

/* lt_crypto_bench.c: the responder's crypto, no sockets; with cert, also
 * a full handshake authenticated by the certificate of lt_cert_setup(). */
int lt_crypto_bench(unsigned iterations, uint16_t group, bool cert);

#endif
