/*
 * The whack control socket: a Unix stream socket only root may use.  Each
 * request is decoded and validated by the codec (whack_msg.h), run, and
 * answered by a stream of text lines and an end record with the status.
 *
 * Commands that take a network round trip (initiate, resume) may keep the
 * whack connection open: the command handler attaches it to the IKE SA's
 * connection and the exchange code reports progress and the end through
 * whack_attached_*() when the negotiation succeeds or fails.
 */
#ifndef WHACK_SERVER_H
#define WHACK_SERVER_H

#include <stdbool.h>
#include <stdint.h>

struct whack_conn;

bool whack_server_open(const char *path);
void whack_server_close(void);

/* Output to one whack client. */
void whack_out(struct whack_conn *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void whack_err(struct whack_conn *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Send the end record and close (the object is freed). */
void whack_end(struct whack_conn *w, uint8_t status);
/* --shutdown: end with success, and stop pluto once the reply is out
 * (the event loop must run until then). */
void whack_end_then_shutdown(struct whack_conn *w);


#endif
