/*
 * Peer KE data on hostile input (bad-inputs.md items 5 and 15): length,
 * range, point-on-curve and all-zero checks for every group.  The first
 * octet picks the group; the rest is the peer's Key Exchange Data, used
 * as is (testing the length check) and also cut or padded to the group's
 * exact length (reaching NSS's point validation).  Every outcome must be
 * a clean accept or a clean error.
 */
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "ikev2_dh.h"

static const uint16_t groups[] = {
	IKEV2_DH_MODP2048, IKEV2_DH_ECP256, IKEV2_DH_ECP384, IKEV2_DH_ECP521, IKEV2_DH_CURVE25519,
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))
static struct dh_keypair *ours[NGROUPS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (NSS_NoDB_Init(NULL) != SECSuccess)
		abort();
	for (size_t i = 0; i < NGROUPS; i++)
		if (!dh_keypair_new(dh_by_id(groups[i]), &ours[i], NULL))
			abort();
	return 0;
}

static void try_peer(struct dh_keypair *kp, struct bytes peer)
{
	struct secret g_ir = { 0 };
	struct crypto_error err = { 0 };
	if (dh_shared_secret(kp, peer, &g_ir, &err)) {
		if (g_ir.len != dh_keypair_group(kp)->secret_len)
			abort();
		secret_free(&g_ir);
	} else if (err.reason == NULL || g_ir.ptr != NULL || err.status == CRYPTO_OK) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct dh_keypair *kp = ours[data[0] % NGROUPS];
	struct bytes peer = BYTES(data + 1, size - 1);
	try_peer(kp, peer);
	size_t want = dh_keypair_group(kp)->ke_len;
	uint8_t exact[256] = { 0 };
	memcpy(exact, peer.ptr, peer.len < want ? peer.len : want);
	try_peer(kp, BYTES(exact, want));
	return 0;
}
