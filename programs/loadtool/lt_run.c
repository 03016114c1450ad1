/*
 * The load tool's event loop (loadtool.h): one UDP socket for every
 * client, each datagram sent from the client's own source address
 * (IP_PKTINFO), answers routed to the client named by the low half of
 * SPIi.  A phase starts clients within the concurrency window and the
 * rate limit, retransmits with exponential back-off, and ends when every
 * client has an outcome.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "ikev2_header.h"
#include "loadtool.h"
#include "wire.h"

#define RX_MAX 65536
#define TICK_S 0.002		/* starts under a rate limit, progress, timeline */
#define TIMELINE_STEP_S 0.1

static int sock = -1;
static struct event_base *base;
static struct event *rx_event, *tick_event;

/* The phase being run. */
static struct {
	struct lt_client *clients;
	unsigned n;
	bool resume;
	const char *label;
	unsigned started, inflight, done, ok;
	double t0, t_last;		/* first start, last outcome */
	double next_progress, next_sample;
	double *latencies;		/* per client, seconds; NAN when not ok */
	FILE *timeline;
} ph;

double lt_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct timeval tv_of(double s)
{
	if (s < 0)
		s = 0;
	return (struct timeval){ .tv_sec = (time_t)s, .tv_usec = (suseconds_t)((s - floor(s)) * 1e6) };
}

/* ---- the socket --------------------------------------------------------- */

static void rx_cb(evutil_socket_t fd, short what, void *arg);
static void tick_cb(evutil_socket_t fd, short what, void *arg);

bool lt_net_open(void)
{
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sock < 0) {
		perror("loadtool: socket");
		return false;
	}
	/* a storm answers thousands at once: big buffers (FORCE needs root) */
	int size = 64 << 20;
	if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
		setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(sock, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) != 0)
		setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	int on = 1;
	setsockopt(sock, SOL_IP, IP_FREEBIND, &on, sizeof(on));
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(lt_opt.local_port) };
	/* bound to any address: answers to every client source arrive here */
	if (!lt_opt.source_range)
		sin.sin_addr = lt_opt.source;
	if (bind(sock, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		perror("loadtool: bind");
		return false;
	}
	socklen_t sl = sizeof(sin);
	getsockname(sock, (struct sockaddr *)&sin, &sl);
	lt_opt.local_port = ntohs(sin.sin_port);
	base = event_base_new();
	rx_event = event_new(base, sock, EV_READ | EV_PERSIST, rx_cb, NULL);
	tick_event = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
	event_add(rx_event, NULL);
	struct timeval tick = tv_of(TICK_S);
	event_add(tick_event, &tick);
	return true;
}

void lt_net_close(void)
{
	if (rx_event != NULL)
		event_free(rx_event);
	if (tick_event != NULL)
		event_free(tick_event);
	if (base != NULL)
		event_base_free(base);
	if (sock >= 0)
		close(sock);
	rx_event = tick_event = NULL;
	base = NULL;
	sock = -1;
}

static void send_datagram(const struct lt_client *c, struct bytes msg)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(lt_opt.gateway_port),
				  .sin_addr = lt_opt.gateway };
	struct iovec iov = { .iov_base = (void *)msg.ptr, .iov_len = msg.len };
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cm;
	struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov, .msg_iovlen = 1 };
	if (lt_opt.source_range) {
		memset(&cm, 0, sizeof(cm));
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof(cm.buf);
		struct cmsghdr *h = CMSG_FIRSTHDR(&mh);
		h->cmsg_level = IPPROTO_IP;
		h->cmsg_type = IP_PKTINFO;
		h->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
		struct in_pktinfo pi = { .ipi_spec_dst = c->source };
		memcpy(CMSG_DATA(h), &pi, sizeof(pi));
	}
	/* a full buffer is a lost datagram: retransmission covers it */
	(void)sendmsg(sock, &mh, 0);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg);

static void arm(struct lt_client *c, double delay)
{
	if (c->timer == NULL)
		c->timer = evtimer_new(base, timer_cb, c);
	struct timeval tv = tv_of(delay);
	evtimer_add(c->timer, &tv);
}

void lt_send_request(struct lt_client *c)
{
	c->sent = lt_now();
	c->retransmits = 0;
	c->next_retransmit_delay = lt_opt.retransmit;
	send_datagram(c, chunk_bytes(c->request));
	arm(c, fmin(c->next_retransmit_delay, lt_opt.timeout));
}

static unsigned total_retransmits;

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lt_client *c = arg;
	if (c->state == LT_IDLE)
		return;
	double now = lt_now();
	if (now - c->sent >= lt_opt.timeout) {
		/* RFC 5723 §4.3.1: an unanswered resume falls back to a full handshake */
		if (c->resuming && !c->fell_back) {
			if (lt_client_fallback(c))
				lt_send_request(c);
			else
				lt_finish(c, LT_FAILED, "fall-back IKE_SA_INIT cannot be built");
			return;
		}
		lt_finish(c, LT_TIMEOUT, "no answer");
		return;
	}
	c->retransmits++;
	total_retransmits++;
	send_datagram(c, chunk_bytes(c->request));
	c->next_retransmit_delay = fmin(c->next_retransmit_delay * 2, lt_opt.retransmit_max);
	arm(c, fmin(c->next_retransmit_delay, lt_opt.timeout - (now - c->sent)));
}

static void rx_cb(evutil_socket_t fd, short what, void *arg)
{
	static uint8_t buf[RX_MAX];
	for (int budget = 256; budget > 0; budget--) {
		ssize_t len = recv(sock, buf, sizeof(buf), 0);
		if (len < 0)
			return;	/* EAGAIN: all read */
		struct wire_in in = wire_in_bytes(BYTES(buf, (size_t)len));
		uint64_t spi_i;
		if (len < IKEV2_HEADER_SIZE || !wire_get_u64(&in, &spi_i))
			continue;
		unsigned index = (unsigned)(spi_i & 0xffffffffu);
		if (ph.clients == NULL || index >= ph.n || ph.clients[index].spi_i != spi_i)
			continue;	/* not ours, or from an earlier phase */
		lt_client_response(&ph.clients[index], BYTES(buf, (size_t)len));
	}
}

/* ---- a phase ------------------------------------------------------------ */

static bool rate_allows(double now)
{
	if (lt_opt.rate <= 0)
		return true;
	return ph.started < 1 + (unsigned)((now - ph.t0) * lt_opt.rate);
}

static void start_more(void)
{
	double now = lt_now();
	while (ph.started < ph.n && (lt_opt.window == 0 || ph.inflight < lt_opt.window) && rate_allows(now)) {
		struct lt_client *c = &ph.clients[ph.started++];
		ph.inflight++;
		c->started = now;
		if (!lt_client_begin(c, ph.resume)) {
			lt_finish(c, LT_FAILED, "cannot build the first request");
			continue;
		}
		lt_send_request(c);
	}
}

void lt_finish(struct lt_client *c, enum lt_outcome outcome, const char *why)
{
	if (c->state == LT_IDLE && c->outcome != LT_PENDING)
		return;
	if (c->timer != NULL)
		evtimer_del(c->timer);
	c->outcome = outcome;
	double now = lt_now();
	ph.latencies[c->index] = outcome == LT_OK || outcome == LT_FALLBACK_OK ? now - c->started : NAN;
	if (why != NULL && !lt_opt.quiet)
		fprintf(stderr, "loadtool: client %u: %s\n", c->index, why);
	lt_client_reset(c);
	ph.inflight--;
	ph.done++;
	if (outcome == LT_OK || outcome == LT_FALLBACK_OK)
		ph.ok++;
	ph.t_last = now;
	if (ph.done == ph.n)
		event_base_loopbreak(base);
}

static void sample_timeline(double now)
{
	if (ph.timeline != NULL)
		fprintf(ph.timeline, "%s,%.3f,%u\n", ph.label, now - ph.t0, ph.ok);
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
	if (ph.clients == NULL)
		return;
	double now = lt_now();
	start_more();
	if (now >= ph.next_sample) {
		sample_timeline(now);
		ph.next_sample = now + TIMELINE_STEP_S;
	}
	if (lt_opt.progress && now >= ph.next_progress) {
		double cpu = lt_opt.gateway_pid > 0 ? lt_proc_cpu(lt_opt.gateway_pid) : -1;
		fprintf(stderr, "\r[%s] %6.1fs started %u done %u ok %u in-flight %u retransmits %u gw-cpu %.2fs   ",
			ph.label, now - ph.t0, ph.started, ph.done, ph.ok, ph.inflight, total_retransmits, cpu);
		ph.next_progress = now + 1.0;
	}
}

bool lt_run_phase(struct lt_client *clients, unsigned n, bool resume, const char *label)
{
	FILE *timeline = lt_opt.timeline != NULL ? fopen(lt_opt.timeline, "a") : NULL;
	memset(&ph, 0, sizeof(ph));
	ph.clients = clients;
	ph.n = n;
	ph.resume = resume;
	ph.label = label;
	ph.latencies = xmalloc(sizeof(double) * (n > 0 ? n : 1));
	ph.timeline = timeline;
	total_retransmits = 0;

	int pid = lt_opt.gateway_pid;
	double cpu0 = pid > 0 ? lt_proc_cpu(pid) : -1, sched0 = pid > 0 ? lt_proc_schedstat(pid) : -1;
	ph.t0 = lt_now();
	ph.t_last = ph.t0;
	sample_timeline(ph.t0);
	start_more();
	if (ph.done < ph.n)
		event_base_dispatch(base);
	sample_timeline(lt_now());
	double cpu1 = pid > 0 ? lt_proc_cpu(pid) : -1, sched1 = pid > 0 ? lt_proc_schedstat(pid) : -1;
	if (lt_opt.progress)
		fputc('\n', stderr);

	struct lt_phase_stats s = { .label = label };
	lt_stats_compute(&s, clients, n, ph.latencies);
	s.retransmits = total_retransmits;
	s.wall = ph.t_last - ph.t0;
	s.gw_cpu = cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1;
	s.gw_cpu_ns = sched0 >= 0 && sched1 >= 0 ? sched1 - sched0 : -1;
	lt_stats_print(stdout, &s);
	fflush(stdout);
	free(ph.latencies);
	if (timeline != NULL)
		fclose(timeline);
	ph.clients = NULL;
	for (unsigned i = 0; i < n; i++) {
		if (clients[i].timer != NULL) {
			event_free(clients[i].timer);
			clients[i].timer = NULL;
		}
	}
	return s.ok + s.fallback_ok == s.n;
}
