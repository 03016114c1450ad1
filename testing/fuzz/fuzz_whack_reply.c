/*
 * libFuzzer target for whack's reader of pluto's reply stream: records
 * are taken one by one until the end record, garbage, or a short tail.
 * Every accepted line must be printable (nothing that drives a terminal).
 */
#include <stdlib.h>
#include <string.h>

#include "whack_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool printable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != '\t' && (*s < 0x20 || *s > 0x7e))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct whack_reply reply;
	struct wire_in in = wire_in_bytes(BYTES(data, size));
	struct whack_error err;
	for (;;) {
		size_t before = in.off;
		enum whack_frame f = whack_reply_next(&in, &reply, &err);
		if (f != WHACK_FRAME_COMPLETE) {
			if (in.off != before)
				abort();	/* a failed read consumes nothing */
			break;
		}
		if (reply.kind == WHACK_REPLY_END) {
			if (reply.status > WHACK_STATUS_MAX)
				abort();
			break;
		}
		if (strlen(reply.text) > WHACK_LINE_MAX || !printable(reply.text))
			abort();
	}
	return 0;
}
