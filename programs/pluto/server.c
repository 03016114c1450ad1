/* IKE UDP sockets (see server.h). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <linux/xfrm.h>

#include "demux.h"
#include "log.h"
#include "pluto.h"
#include "server.h"

#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

#define NON_ESP_MARKER_LEN 4
/* Big enough for any IKE message we accept; larger datagrams are cut and
 * then fail the header's length check. */
#define MAX_DATAGRAM 65536

struct server_stats server_stats;
static struct iface *ifaces;
static server_send_hook *send_hook;

static void server_read(evutil_socket_t fd, short what, void *arg);

static bool enable_pktinfo(int fd, int family)
{
	int on = 1;
	if (family == AF_INET)
		return setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == 0;
	return setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) == 0 &&
	       setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == 0;
}

/* The kernel decapsulates UDP-encapsulated ESP arriving on 4500 only when
 * the socket says so; hosts without ESP support refuse it harmlessly. */
static void enable_espinudp(int fd)
{
	int type = UDP_ENCAP_ESPINUDP;
	if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) != 0)
		log_debug("UDP_ENCAP on NAT-T socket: %s", strerror(errno));
}

/*
 * IKE's own datagrams must never be caught by an IPsec policy: a
 * transport-mode Child SA between the two IKE endpoints (192.0.2.1/32 ===
 * 192.0.2.2/32, all protocols) would otherwise encrypt the IKE_AUTH
 * answer before the peer has the SA, and drop plain IKE arriving later.
 * A per-socket policy of "allow", both directions, takes precedence over
 * the SPD for this socket.  Needs CAP_NET_ADMIN (we still have it here);
 * kernels without XFRM refuse it, and then there is no SPD to bypass.
 */
static void bypass_ipsec(int fd, int family)
{
	static const int dirs[2] = { XFRM_POLICY_IN, XFRM_POLICY_OUT };
	for (int i = 0; i < 2; i++) {
		struct xfrm_userpolicy_info pol;
		memset(&pol, 0, sizeof(pol));
		pol.action = XFRM_POLICY_ALLOW;
		pol.sel.family = (uint16_t)family;
		pol.dir = (uint8_t)dirs[i];
		pol.lft.soft_byte_limit = XFRM_INF;
		pol.lft.hard_byte_limit = XFRM_INF;
		pol.lft.soft_packet_limit = XFRM_INF;
		pol.lft.hard_packet_limit = XFRM_INF;
		int rc = family == AF_INET
			 ? setsockopt(fd, IPPROTO_IP, IP_XFRM_POLICY, &pol, sizeof(pol))
			 : setsockopt(fd, IPPROTO_IPV6, IPV6_XFRM_POLICY, &pol, sizeof(pol));
		if (rc != 0)
			log_debug("IKE socket IPsec bypass (%s): %s", i == 0 ? "in" : "out", strerror(errno));
	}
}

/* A gateway that restarts sees every client at once: with the default
 * 208 KiB buffer a reconnect storm overflows it and clients must
 * retransmit.  root may exceed rmem_max (SO_RCVBUFFORCE). */
#define RECEIVE_BUFFER (16 << 20)

static void enlarge_receive_buffer(int fd)
{
	int size = RECEIVE_BUFFER;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) != 0)
		log_debug("SO_RCVBUF: %s", strerror(errno));
}

static struct iface *open_iface(int family, uint16_t port, bool natt)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		log_warn("socket(%s): %s", family == AF_INET ? "IPv4" : "IPv6", strerror(errno));
		return NULL;
	}
	int on = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	ip_endpoint any = { .addr = address_any(family), .port = port };
	struct sockaddr_storage ss;
	socklen_t sl = endpoint_to_sockaddr(&any, &ss);
	if (!enable_pktinfo(fd, family) || bind(fd, (struct sockaddr *)&ss, sl) != 0) {
		log_warn("cannot listen on %s port %u: %s",
			 family == AF_INET ? "IPv4" : "IPv6", port, strerror(errno));
		close(fd);
		return NULL;
	}
	if (natt)
		enable_espinudp(fd);
	bypass_ipsec(fd, family);
	enlarge_receive_buffer(fd);
	struct iface *ifp = xzalloc(sizeof(*ifp));
	ifp->fd = fd;
	ifp->family = family;
	ifp->port = port;
	ifp->natt = natt;
	ifp->ev = event_new(pluto_event_base, fd, EV_READ | EV_PERSIST, server_read, ifp);
	event_add(ifp->ev, NULL);
	log_info("listening for IKE messages on %s port %u%s",
		 family == AF_INET ? "0.0.0.0" : "[::]", port, natt ? " (NAT-T)" : "");
	return ifp;
}

bool server_listen(uint16_t ikeport, uint16_t nattport)
{
	static const int families[] = { AF_INET, AF_INET6 };
	server_close();
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		struct { uint16_t port; bool natt; } ports[] = { { ikeport, false }, { nattport, true } };
		for (size_t j = 0; j < 2; j++) {
			if (ports[j].port == 0)
				continue;
			struct iface *ifp = open_iface(families[i], ports[j].port, ports[j].natt);
			if (ifp != NULL) {
				ifp->next = ifaces;
				ifaces = ifp;
			}
		}
	}
	return ifaces != NULL;
}

void server_close(void)
{
	while (ifaces != NULL) {
		struct iface *ifp = ifaces;
		ifaces = ifp->next;
		event_free(ifp->ev);
		close(ifp->fd);
		free(ifp);
	}
}

/* The local address a datagram was sent to, from its packet-info. */
static bool local_from_cmsg(struct msghdr *mh, int family, uint16_t port, ip_endpoint *local)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (family == AF_INET && cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			local->addr = address_from_bytes(AF_INET, (const uint8_t *)&pi.ipi_addr);
			local->port = port;
			return true;
		}
		if (family == AF_INET6 && cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			local->addr = address_from_bytes(AF_INET6, pi.ipi6_addr.s6_addr);
			local->port = port;
			return true;
		}
	}
	return false;
}

static void server_read(evutil_socket_t fd, short what, void *arg)
{
	struct iface *ifp = arg;
	static uint8_t buf[MAX_DATAGRAM];
	/* Drain a bounded batch per wake-up so one busy socket cannot starve timers. */
	for (int n = 0; n < 64; n++) {
		struct sockaddr_storage from;
		union { struct cmsghdr align; uint8_t space[256]; } control;
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr mh = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control.space, .msg_controllen = sizeof(control.space),
		};
		ssize_t len = recvmsg(fd, &mh, 0);
		if (len < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				log_warn("recvmsg: %s", strerror(errno));
			break;
		}
		server_stats.rx_packets++;
		ip_endpoint remote, local;
		if (!endpoint_from_sockaddr((struct sockaddr *)&from, mh.msg_namelen, &remote) ||
		    !local_from_cmsg(&mh, ifp->family, ifp->port, &local)) {
			server_stats.rx_dropped++;
			continue;
		}
		server_receive(&local, &remote, ifp->natt, buf, (size_t)len);
	}
	log_flush();
}

void server_receive(const ip_endpoint *local, const ip_endpoint *remote, bool natt,
		    const uint8_t *buf, size_t len)
{
	struct bytes msg = BYTES(buf, len);
	if (natt) {
		/* A datagram without the zero marker is ESP (or a NAT
		 * keepalive, one 0xff byte): not an IKE message. */
		static const uint8_t marker[NON_ESP_MARKER_LEN];
		if (msg.len < NON_ESP_MARKER_LEN || memcmp(msg.ptr, marker, NON_ESP_MARKER_LEN) != 0) {
			server_stats.rx_dropped++;
			log_debug("%zu-octet datagram on the NAT-T port without the non-ESP marker dropped",
				  len);
			return;
		}
		msg = BYTES(msg.ptr + NON_ESP_MARKER_LEN, msg.len - NON_ESP_MARKER_LEN);
	}
	demux_packet(local, remote, msg);
}

void server_set_send_hook(server_send_hook *hook)
{
	send_hook = hook;
}

static struct iface *find_iface(int family, uint16_t port)
{
	for (struct iface *ifp = ifaces; ifp != NULL; ifp = ifp->next)
		if (ifp->family == family && ifp->port == port)
			return ifp;
	return NULL;
}

/* marker: prefix the non-ESP marker when the socket is the NAT-T one */
static bool send_datagram(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg,
			  bool marker_on_natt)
{
	if (send_hook != NULL) {
		server_stats.tx_packets++;
		return send_hook(local, remote, msg);
	}
	struct iface *ifp = find_iface(remote->addr.family, local->port);
	if (ifp == NULL) {
		log_warn("no socket for port %u to send from", local->port);
		return false;
	}
	uint8_t marker[NON_ESP_MARKER_LEN] = { 0 };
	struct iovec iov[2] = {
		{ .iov_base = marker, .iov_len = ifp->natt && marker_on_natt ? NON_ESP_MARKER_LEN : 0 },
		{ .iov_base = (void *)msg.ptr, .iov_len = msg.len },
	};
	struct sockaddr_storage to;
	socklen_t tl = endpoint_to_sockaddr(remote, &to);
	union { struct cmsghdr align; uint8_t space[64]; } control;
	memset(&control, 0, sizeof(control));
	struct msghdr mh = {
		.msg_name = &to, .msg_namelen = tl,
		.msg_iov = iov, .msg_iovlen = 2,
		.msg_control = control.space,
	};
	/* Answer from the address the peer talks to. */
	struct cmsghdr *cm = (struct cmsghdr *)control.space;
	if (local->addr.family == AF_INET && !address_is_any(&local->addr)) {
		struct in_pktinfo pi = { 0 };
		memcpy(&pi.ipi_spec_dst, local->addr.bytes, 4);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
	} else if (local->addr.family == AF_INET6 && !address_is_any(&local->addr)) {
		struct in6_pktinfo pi = { 0 };
		memcpy(pi.ipi6_addr.s6_addr, local->addr.bytes, 16);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
	}
	if (sendmsg(ifp->fd, &mh, 0) < 0) {
		char rb[ENDPOINT_STR_LEN];
		log_warn("sendto %s: %s", endpoint_str(remote, rb, sizeof(rb)), strerror(errno));
		return false;
	}
	server_stats.tx_packets++;
	return true;
}

bool server_send(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg)
{
	return send_datagram(local, remote, msg, true);
}

bool server_send_nat_keepalive(const ip_endpoint *local, const ip_endpoint *remote)
{
	static const uint8_t keepalive = 0xff;	/* RFC 3948 §2.3: one octet, no marker */
	return send_datagram(local, remote, BYTES(&keepalive, 1), false);
}
