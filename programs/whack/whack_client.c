/*
 * One request over pluto's Unix stream socket, and the reply stream
 * read back record by record until the end record.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "whack_client.h"

/* Connects to the control socket; -1 after saying why on diag. */
static int ctl_connect(const char *path, FILE *diag, int *status)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(diag, "whack: control socket path \"%s\" is longer than %zu bytes\n",
			path, sizeof(sun.sun_path) - 1);
		*status = WHACK_STATUS_USAGE;
		return -1;
	}
	strcpy(sun.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(diag, "whack: socket: %s\n", strerror(errno));
		*status = WHACK_STATUS_FAILED;
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)&sun, sizeof(sun)) == 0)
		return fd;
	int e = errno;
	close(fd);
	*status = WHACK_STATUS_NOT_RUNNING;
	if (e == ENOENT)
		fprintf(diag, "whack: Pluto is not running (no \"%s\"): %s\n", path, strerror(e));
	else if (e == ECONNREFUSED)
		fprintf(diag, "whack: Pluto is not running (nothing listening on \"%s\"): %s\n",
			path, strerror(e));
	else
		fprintf(diag, "whack: cannot connect to pluto at \"%s\": %s\n", path, strerror(e));
	return -1;
}

static bool send_all(int fd, struct bytes b, FILE *diag)
{
	size_t done = 0;
	while (done < b.len) {
		/* MSG_NOSIGNAL: a pluto that hung up is an error, not a SIGPIPE */
		ssize_t n = send(fd, b.ptr + done, b.len - done, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(diag, "whack: sending the request to pluto: %s\n", strerror(errno));
			return false;
		}
		done += (size_t)n;
	}
	return true;
}

/* Prints one line record; pluto's lines all go to `out`, like libreswan. */
static void print_line(const struct whack_reply *r, FILE *out)
{
	fputs(r->text, out);
	fputc('\n', out);
	fflush(out);	/* progress of a long --initiate shows as it happens */
}

/* The buffer whack reads pluto's reply into. */
struct reply_buf {
	uint8_t data[2 * WHACK_RECORD_MAX];	/* always holds a whole record */
	size_t len;
};

/* Decodes and prints the complete records in rb; true once the end record came. */
static bool drain(struct reply_buf *rb, FILE *out, FILE *diag, int *status)
{
	static struct whack_reply reply;	/* 4 KiB: keep it off the stack */
	struct wire_in in = wire_in_bytes(BYTES(rb->data, rb->len));
	for (;;) {
		struct whack_error err;
		enum whack_frame f = whack_reply_next(&in, &reply, &err);
		if (f == WHACK_FRAME_BAD) {
			fprintf(diag, "whack: bad reply from pluto: %s\n", err.text);
			*status = WHACK_STATUS_PROTOCOL;
			return true;
		}
		if (f == WHACK_FRAME_INCOMPLETE)
			break;
		if (reply.kind == WHACK_REPLY_END) {
			*status = reply.status;
			return true;
		}
		print_line(&reply, out);
	}
	/* keep the partial record for the next read */
	struct bytes rest = wire_in_rest(&in);
	memmove(rb->data, rest.ptr, rest.len);
	rb->len = rest.len;
	return false;
}

static int read_replies(int fd, FILE *out, FILE *diag)
{
	static struct reply_buf rb;
	rb.len = 0;
	for (;;) {
		ssize_t n = read(fd, rb.data + rb.len, sizeof(rb.data) - rb.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(diag, "whack: reading pluto's reply: %s\n", strerror(errno));
			return WHACK_STATUS_PROTOCOL;
		}
		if (n == 0) {
			fprintf(diag, "whack: pluto closed the connection without a final status%s\n",
				rb.len > 0 ? " (in the middle of a record)" : "");
			return WHACK_STATUS_PROTOCOL;
		}
		rb.len += (size_t)n;
		int status;
		if (drain(&rb, out, diag, &status))
			return status;
	}
}

int whack_call(const char *ctlsocket, const struct whack_request *req, FILE *out, FILE *diag)
{
	uint8_t buf[WHACK_REQUEST_MAX];
	struct wire_out frame = wire_out_buf(buf, sizeof(buf));
	struct whack_error err;
	if (!whack_request_encode(req, &frame, &err)) {
		fprintf(diag, "whack: cannot encode the request: %s\n", err.text);
		return WHACK_STATUS_USAGE;
	}
	int status;
	int fd = ctl_connect(ctlsocket, diag, &status);
	if (fd < 0)
		return status;
	status = send_all(fd, wire_out_bytes(&frame), diag) ?
		 read_replies(fd, out, diag) : WHACK_STATUS_PROTOCOL;
	close(fd);
	return status;
}
