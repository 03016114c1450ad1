/*
 * The whack control protocol: what whack (the operator's client) and
 * pluto (the daemon) exchange over pluto's Unix stream socket.
 *
 * One request per connection:
 *
 *   whack -> pluto   one request frame
 *   pluto -> whack   any number of line records, then one end record,
 *                    then pluto closes the connection
 *
 * Request frame (network byte order; every field bounded):
 *
 *   u32 magic      WHACK_MAGIC
 *   u16 version    WHACK_VERSION
 *   u16 length     bytes of body that follow, <= WHACK_BODY_MAX
 *   body:
 *     u16 command  enum whack_command
 *     u16 flags    WHACK_FLAG_*; unknown bits are refused
 *     arguments, by command (see whack_command_arg()):
 *       name:   u8 length (1..WHACK_NAME_MAX), then the name, graphic
 *               ASCII only (no spaces, controls or 8-bit bytes)
 *       debug:  u8 set, u8 clear (WHACK_DEBUG_* bits, disjoint)
 *       impair: u8 what (enum whack_impair), u8 on (0 or 1); "none"
 *               only with on = 0 (it clears every impairment)
 *   The body must be consumed exactly: trailing bytes are refused.
 *
 * Reply records:
 *
 *   u8  kind       enum whack_reply_kind
 *   u16 length     bytes that follow
 *   line kinds:    the text, <= WHACK_LINE_MAX bytes, no control
 *                  characters (the encoder replaces them with '?')
 *   end:           length 1, u8 status (enum whack_status, <= 125)
 *
 * The codec is pure: no I/O, no allocation.  Decoders never trust a
 * length they have not checked and say precisely why they refused.
 */
#ifndef WHACK_MSG_H
#define WHACK_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "wire.h"

#define WHACK_MAGIC 0x5748414bu	/* "WHAK" */
#define WHACK_VERSION 1
#define WHACK_HEADER_SIZE 8	/* magic, version, length */
#define WHACK_BODY_MAX 512	/* far more than any command needs */
#define WHACK_REQUEST_MAX (WHACK_HEADER_SIZE + WHACK_BODY_MAX)
#define WHACK_NAME_MAX 255
#define WHACK_LINE_MAX 4096
#define WHACK_RECORD_HEADER_SIZE 3	/* kind, length */
#define WHACK_RECORD_MAX (WHACK_RECORD_HEADER_SIZE + WHACK_LINE_MAX)
/* The default control socket (pluto --rundir /run/pluto). */
#define WHACK_DEFAULT_RUNDIR "/run/pluto"
#define WHACK_CTL_NAME "pluto.ctl"
#define WHACK_DEFAULT_CTLSOCKET WHACK_DEFAULT_RUNDIR "/" WHACK_CTL_NAME

/* Wire values: never renumber, only append. */
enum whack_command {
	WHACK_INITIATE = 1,	/* NAME: bring the connection up */
	WHACK_TERMINATE = 2,	/* NAME: delete its IKE and Child SAs */
	WHACK_SUSPEND = 3,	/* NAME: drop its states silently, keep the ticket */
	WHACK_RESUME = 4,	/* NAME: IKE_SESSION_RESUME with the kept ticket */
	WHACK_ADD = 5,		/* NAME: load conn NAME from pluto's config file */
	WHACK_DELETE = 6,	/* NAME: terminate and forget the connection */
	WHACK_REPLACE = 7,	/* NAME: delete, then add again from the config */
	WHACK_STATUS = 8,
	WHACK_TRAFFICSTATUS = 9,
	WHACK_LISTEN = 10,	/* open IKE sockets, load auto=add/start conns */
	WHACK_REREADSECRETS = 11,
	WHACK_SHUTDOWN = 12,
	WHACK_DEBUG = 13,	/* debug set/clear masks */
	WHACK_IMPAIR = 14,	/* testing aid: switch a fault on or off */
	WHACK_REKEY_CHILD = 15,	/* NAME: rekey its Child SAs now */
	WHACK_REKEY_IKE = 16,	/* NAME: rekey its IKE SA now */
};
#define WHACK_COMMAND_FIRST WHACK_INITIATE
#define WHACK_COMMAND_LAST WHACK_REKEY_IKE

/* What a command carries after its flags. */
enum whack_arg {
	WHACK_ARG_NONE,
	WHACK_ARG_NAME,
	WHACK_ARG_DEBUG,
	WHACK_ARG_IMPAIR,
};

/*
 * Faults pluto can be told to inject, for the test suite only (see
 * whack(8), --impair): wire values, never renumber, only append.
 */
enum whack_impair {
	WHACK_IMPAIR_NONE = 0,		/* clear every impairment */
	WHACK_IMPAIR_TICKET_TAMPER = 1,	/* client: flip a bit of the ticket it presents */
	WHACK_IMPAIR_TICKET_REPLAY = 2,	/* client: keep a presented ticket, present it again */
	WHACK_IMPAIR_TICKET_EXPIRE = 3,	/* gateway: judge tickets by a clock a day ahead */
	WHACK_IMPAIR_RESUME_NO_TICKET = 4,	/* client: IKE_SESSION_RESUME without TICKET_OPAQUE */
	WHACK_IMPAIR_TICKET_ACK = 5,	/* gateway: answer TICKET_ACK instead of a ticket */
};
#define WHACK_IMPAIR_LAST WHACK_IMPAIR_TICKET_ACK

/* Request flags. */
#define WHACK_FLAG_ASYNC 0x0001u	/* reply "end" once started, not once done */
#define WHACK_FLAGS_KNOWN (WHACK_FLAG_ASYNC)

/* Debug categories. */
#define WHACK_DEBUG_BASE 0x01u		/* debug logging */
#define WHACK_DEBUG_PRIVATE 0x02u	/* also log secrets (never by default) */
#define WHACK_DEBUG_KNOWN (WHACK_DEBUG_BASE | WHACK_DEBUG_PRIVATE)

/* One decoded (or to-be-encoded) request. */
struct whack_request {
	enum whack_command command;
	uint16_t flags;		/* WHACK_FLAG_* */
	/* NUL-terminated connection name; "" unless the command takes one */
	char name[WHACK_NAME_MAX + 1];
	/* WHACK_DEBUG only: pluto applies debug = (debug & ~clear) | set */
	uint8_t debug_set;
	uint8_t debug_clear;
	/* WHACK_IMPAIR only */
	uint8_t impair;		/* enum whack_impair */
	bool impair_on;
};

/* Reply record kinds: wire values. */
enum whack_reply_kind {
	WHACK_REPLY_INFO = 1,	/* output: status lines, progress */
	WHACK_REPLY_WARN = 2,	/* something odd, the command goes on */
	WHACK_REPLY_ERROR = 3,	/* why the command failed */
	WHACK_REPLY_END = 4,	/* last record: the exit status */
};

/*
 * Exit statuses.  pluto sends OK, FAILED, REFUSED or NO_CONNECTION in
 * its end record (or any other value <= WHACK_STATUS_MAX); whack exits
 * with that, or with its own USAGE, NOT_RUNNING or PROTOCOL.
 */
enum whack_status {
	WHACK_STATUS_OK = 0,
	WHACK_STATUS_FAILED = 1,	/* pluto ran the command; it failed */
	WHACK_STATUS_USAGE = 2,		/* whack: bad command line */
	WHACK_STATUS_NOT_RUNNING = 3,	/* whack: cannot reach pluto (LSB "not running") */
	WHACK_STATUS_REFUSED = 4,	/* pluto: malformed request, not run */
	WHACK_STATUS_PROTOCOL = 5,	/* whack: bad reply or no end record */
	WHACK_STATUS_NO_CONNECTION = 6,	/* pluto: no connection of that name */
};
#define WHACK_STATUS_MAX 125	/* keeps clear of the shell's 126+ */

/* One decoded reply record. */
struct whack_reply {
	enum whack_reply_kind kind;
	uint8_t status;			/* WHACK_REPLY_END only */
	char text[WHACK_LINE_MAX + 1];	/* line kinds only; NUL-terminated */
};

/* Why a decoder refused its input: a class for code, a sentence for people. */
enum whack_error_code {
	WHACK_ERR_NONE,
	WHACK_ERR_TRUNCATED,	/* fewer bytes than the structure needs */
	WHACK_ERR_TOO_LONG,	/* a length above its maximum */
	WHACK_ERR_MAGIC,
	WHACK_ERR_VERSION,
	WHACK_ERR_COMMAND,	/* unknown command */
	WHACK_ERR_FLAGS,	/* unknown flag bits */
	WHACK_ERR_NAME,		/* empty, too long or non-printable name */
	WHACK_ERR_DEBUG,	/* unknown or contradictory debug bits */
	WHACK_ERR_IMPAIR,	/* unknown impairment or bad on/off byte */
	WHACK_ERR_TRAILING,	/* bytes after the last field */
	WHACK_ERR_KIND,		/* unknown reply record kind */
	WHACK_ERR_TEXT,		/* control character in a reply line */
	WHACK_ERR_STATUS,	/* bad end record */
	WHACK_ERR_OVERFLOW,	/* encoder: the output buffer is too small */
};

struct whack_error {
	enum whack_error_code code;
	char text[160];
};

/* Whether a frame in a byte stream is all there. */
enum whack_frame {
	WHACK_FRAME_INCOMPLETE,	/* read more (frame_len is set once known) */
	WHACK_FRAME_COMPLETE,	/* the first frame_len bytes are one frame */
	WHACK_FRAME_BAD,	/* the header is wrong: give up on the stream */
};

/* The command table. */
const char *whack_command_name(enum whack_command command);	/* NULL if unknown */
enum whack_arg whack_command_arg(enum whack_command command);
const char *whack_reply_kind_name(enum whack_reply_kind kind);	/* NULL if unknown */
/* Impairments by wire value and by name ("ticket-tamper"); NULL / false if unknown. */
const char *whack_impair_name(unsigned impair);
bool whack_impair_by_name(const char *name, uint8_t *impair);
/* What one impairment does, for --impair list. */
const char *whack_impair_help(unsigned impair);

/* A connection name fit for a request (1..255 graphic ASCII bytes). */
bool whack_name_check(struct bytes name, struct whack_error *err);

/*
 * Requests.  whack_request_init() fills in a request with no name and
 * no flags.  The encoder checks the request as strictly as the decoder
 * does and writes one whole frame or reports why not.
 */
void whack_request_init(struct whack_request *req, enum whack_command command);
bool whack_request_encode(const struct whack_request *req, struct wire_out *out,
			  struct whack_error *err);
/*
 * Framing for a server reading a stream: looks at the bytes received so
 * far.  Once the header is there, its magic, version and length are
 * checked and *frame_len is the size of the whole frame.
 */
enum whack_frame whack_request_frame(struct bytes received, size_t *frame_len,
				     struct whack_error *err);
/* Exactly one frame: anything short or extra is refused. */
bool whack_request_decode(struct bytes frame, struct whack_request *req,
			  struct whack_error *err);

/*
 * Replies.  Line text longer than WHACK_LINE_MAX is cut (ending in
 * "..."), control characters become '?': a line pluto wants to say is
 * always sayable.  false only when `out` has no room.
 */
bool whack_reply_put_line(struct wire_out *out, enum whack_reply_kind kind,
			  const char *text);
bool whack_reply_put_end(struct wire_out *out, uint8_t status);
/*
 * Takes the next record from a stream reader.  INCOMPLETE consumes
 * nothing (read more and call again); BAD means the stream is garbage.
 */
enum whack_frame whack_reply_next(struct wire_in *in, struct whack_reply *reply,
				  struct whack_error *err);

#endif
