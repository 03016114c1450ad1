/*
 * UDP sockets for IKE: port 500 and the NAT-T port 4500, IPv4 and IPv6.
 *
 * Sockets are bound to the wildcard address with packet-info enabled, so
 * pluto learns (and answers from) the local address each datagram was sent
 * to; this works unchanged in network namespaces and with addresses that
 * appear after start-up.  On the NAT-T port every IKE message carries a
 * 4-byte zero non-ESP marker; the server strips it on receive and adds it
 * on send, so the rest of pluto never sees it.
 */
#ifndef SERVER_H
#define SERVER_H

#include <stdbool.h>

#include "chunk.h"
#include "ip_address.h"

struct iface {
	int fd;
	int family;		/* AF_INET or AF_INET6 */
	uint16_t port;		/* host order */
	bool natt;		/* non-ESP marker on this socket */
	struct event *ev;
	struct iface *next;
};

/* Open the sockets; false (logged) if none could be opened. */
bool server_listen(uint16_t ikeport, uint16_t nattport);
void server_close(void);

/* Send one IKE message from local to remote (the marker is added on NAT-T). */
bool server_send(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg);

/* A NAT-keepalive (RFC 3948 §2.3: the single octet 0xff, no marker) from
 * local (the NAT-T port) to remote. */
bool server_send_nat_keepalive(const ip_endpoint *local, const ip_endpoint *remote);

/* The path of a received datagram after the socket read: strips the
 * non-ESP marker (natt: it arrived on the NAT-T port) and hands the IKE
 * message to demux.  Tests and fuzzers inject datagrams here. */
void server_receive(const ip_endpoint *local, const ip_endpoint *remote, bool natt,
		    const uint8_t *buf, size_t len);

/* With a hook set, server_send() hands each outgoing message to it
 * instead of a socket (tests); NULL restores the sockets. */
typedef bool server_send_hook(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg);
void server_set_send_hook(server_send_hook *hook);

/* Statistics for status output. */
struct server_stats {
	unsigned long rx_packets, tx_packets, rx_dropped;
};
extern struct server_stats server_stats;

#endif
