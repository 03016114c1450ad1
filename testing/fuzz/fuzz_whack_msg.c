/*
 * libFuzzer target for the whack request decoder: the bytes anyone who
 * can reach pluto's control socket may send.
 *
 * Besides "no crash, no leak", checks the decoder's promises: framing
 * agrees with decoding, and every accepted request re-encodes to exactly
 * the bytes it came from (nothing is silently ignored or normalised).
 */
#include <stdlib.h>
#include <string.h>

#include "whack_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = BYTES(data, size);
	struct whack_request req;
	struct whack_error err;
	size_t frame_len;
	enum whack_frame f = whack_request_frame(in, &frame_len, &err);
	bool ok = whack_request_decode(in, &req, &err);
	if (!ok) {
		if (err.code == WHACK_ERR_NONE || err.text[0] == '\0')
			abort();	/* every refusal says why */
		return 0;
	}
	if (f != WHACK_FRAME_COMPLETE || frame_len != size)
		abort();
	uint8_t buf[WHACK_REQUEST_MAX];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	if (!whack_request_encode(&req, &out, &err))
		abort();
	if (out.len != size || memcmp(buf, data, size) != 0)
		abort();
	return 0;
}
