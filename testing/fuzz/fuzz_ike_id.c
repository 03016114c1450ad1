/*
 * libFuzzer target for IKE identities.
 *
 * The input is read twice: as an ID payload (first byte the type, the
 * rest the body) and as config text.  Checks: an accepted payload goes
 * back to the wire unchanged (ID_NULL: emptied), printing never
 * overflows, and accepted printable text prints back to text that parses
 * to the same ID.
 */
#include <stdlib.h>
#include <string.h>

#include "ike_id.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool printable(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	}
	return true;
}

static void wire(const uint8_t *data, size_t size)
{
	if (size == 0)
		return;
	struct ike_id id;
	struct bytes body = BYTES(data + 1, size - 1);
	if (ike_id_from_wire(data[0], body, &id) != NULL)
		return;
	uint8_t type;
	struct bytes out;
	if (!ike_id_to_wire(&id, &type, &out) || type != data[0])
		abort();
	if (type != IKE_ID_NULL && !bytes_eq(out, body))
		abort();
	char buf[IKE_ID_STR_LEN];
	if (strlen(ike_id_str(&id, buf, sizeof(buf))) >= sizeof(buf))
		abort();
	ike_id_free(&id);
}

static void text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	struct ike_id id, again;
	if (ike_id_parse(s, &id) == NULL) {
		char buf[IKE_ID_STR_LEN];
		ike_id_str(&id, buf, sizeof(buf));
		if (printable(s) && strlen(buf) < sizeof(buf) - 1) {
			if (ike_id_parse(buf, &again) != NULL || !ike_id_eq(&id, &again))
				abort();
			ike_id_free(&again);
		}
		ike_id_free(&id);
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wire(data, size);
	text(data, size);
	return 0;
}
