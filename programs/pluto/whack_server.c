/* The whack control socket (whack_server.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "log.h"
#include "pluto.h"
#include "whack_commands.h"
#include "whack_msg.h"
#include "whack_server.h"

struct whack_conn {
	struct bufferevent *bev;
	bool ended;		/* end record queued; close once flushed */
	bool then_shutdown;	/* --shutdown: stop pluto once the reply is out */
};

static struct evconnlistener *listener;
static char *socket_path;

static void whack_put(struct whack_conn *w, enum whack_reply_kind kind, const char *text)
{
	uint8_t buf[WHACK_RECORD_MAX];
	/* split multi-line output into records */
	const char *p = text;
	do {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char line[WHACK_LINE_MAX + 1];
		if (n > WHACK_LINE_MAX)
			n = WHACK_LINE_MAX;
		memcpy(line, p, n);
		line[n] = '\0';
		struct wire_out out = wire_out_buf(buf, sizeof(buf));
		if (whack_reply_put_line(&out, kind, line))
			bufferevent_write(w->bev, out.ptr, out.len);
		p = nl != NULL ? nl + 1 : NULL;
	} while (p != NULL && *p != '\0');
}

__attribute__((format(printf, 3, 0)))
static void whack_vput(struct whack_conn *w, enum whack_reply_kind kind, const char *fmt, va_list ap)
{
	char text[WHACK_LINE_MAX * 4];
	vsnprintf(text, sizeof(text), fmt, ap);
	if (w != NULL && !w->ended)
		whack_put(w, kind, text);
}

void whack_out(struct whack_conn *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	whack_vput(w, WHACK_REPLY_INFO, fmt, ap);
	va_end(ap);
}

void whack_err(struct whack_conn *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	whack_vput(w, WHACK_REPLY_ERROR, fmt, ap);
	va_end(ap);
}

static void whack_free(struct whack_conn *w)
{
	if (w->then_shutdown)
		pluto_request_shutdown();
	bufferevent_free(w->bev);
	free(w);
}

void whack_end_then_shutdown(struct whack_conn *w)
{
	w->then_shutdown = true;
	whack_end(w, WHACK_STATUS_OK);
}

static void whack_write_done(struct bufferevent *bev, void *arg)
{
	struct whack_conn *w = arg;
	if (w->ended)
		whack_free(w);
}

void whack_end(struct whack_conn *w, uint8_t status)
{
	if (w == NULL || w->ended)
		return;
	uint8_t buf[16];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	whack_reply_put_end(&out, status);
	bufferevent_write(w->bev, out.ptr, out.len);
	w->ended = true;
	bufferevent_disable(w->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(w->bev)) == 0)
		whack_free(w);
}

static void whack_read(struct bufferevent *bev, void *arg)
{
	struct whack_conn *w = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t have = evbuffer_get_length(in);
	size_t frame_len = 0;
	struct whack_error err;
	const uint8_t *data = evbuffer_pullup(in, (ev_ssize_t)(have < WHACK_REQUEST_MAX ? have : WHACK_REQUEST_MAX));
	enum whack_frame f = whack_request_frame(BYTES(data, have < WHACK_REQUEST_MAX ? have : WHACK_REQUEST_MAX),
						 &frame_len, &err);
	if (f == WHACK_FRAME_INCOMPLETE)
		return;
	struct whack_request req;
	if (f == WHACK_FRAME_BAD || !whack_request_decode(BYTES(data, frame_len), &req, &err)) {
		log_warn("whack: refused request: %s", err.text);
		whack_err(w, "refused: %s", err.text);
		whack_end(w, WHACK_STATUS_REFUSED);
		return;
	}
	evbuffer_drain(in, frame_len);
	bufferevent_disable(bev, EV_READ);	/* one request per connection */
	whack_dispatch(w, &req);
}

static void whack_event(struct bufferevent *bev, short what, void *arg)
{
	struct whack_conn *w = arg;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
		/* the client went away: forget it wherever it was waiting */
		whack_forget(w);
		whack_free(w);
	}
}

/* Only root may drive pluto: check the peer's credentials too, in case
 * the socket's permissions were loosened. */
static bool peer_is_root(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
		return false;
	return cred.uid == 0 || cred.uid == geteuid();
}

static void whack_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
			 int socklen, void *arg)
{
	if (!peer_is_root(fd)) {
		log_warn("whack: refused a connection from a non-root user");
		close(fd);
		return;
	}
	struct whack_conn *w = xzalloc(sizeof(*w));
	w->bev = bufferevent_socket_new(pluto_event_base, fd, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(w->bev, whack_read, whack_write_done, whack_event, w);
	bufferevent_setwatermark(w->bev, EV_READ, 0, WHACK_REQUEST_MAX);
	/* a client that sends half a request and waits is dropped */
	struct timeval read_timeout = { .tv_sec = 10 };
	bufferevent_set_timeouts(w->bev, &read_timeout, NULL);
	bufferevent_enable(w->bev, EV_READ | EV_WRITE);
}

bool whack_server_open(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_error("control socket path too long: %s", path);
		return false;
	}
	strcpy(sun.sun_path, path);
	unlink(path);
	mode_t old = umask(0077);	/* root-only from the start */
	listener = evconnlistener_new_bind(pluto_event_base, whack_accept, NULL,
					   LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 16,
					   (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (listener == NULL) {
		log_error("cannot open control socket %s: %s", path, strerror(errno));
		return false;
	}
	chmod(path, 0600);
	socket_path = xstrdup(path);
	log_info("control socket %s", path);
	return true;
}

void whack_server_close(void)
{
	if (listener != NULL) {
		evconnlistener_free(listener);
		listener = NULL;
	}
	if (socket_path != NULL) {
		unlink(socket_path);
		free(socket_path);
		socket_path = NULL;
	}
}
