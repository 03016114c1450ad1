/* NAT detection hashes (ikev2_natd.h). */
#include <string.h>

#include <pk11pub.h>

#include "connections.h"
#include "ikev2_msg.h"
#include "ikev2_natd.h"
#include "ikev2_numbers.h"
#include "log.h"
#include "pluto.h"
#include "state.h"

#define NATD_HASH_LEN 20	/* SHA-1, as RFC 7296 §2.23 requires */

/* SHA-1(SPIi | SPIr | IP | port); SPIr is zero in the first request. */
static bool natd_hash(uint64_t spi_i, uint64_t spi_r, const ip_endpoint *ep, uint8_t out[NATD_HASH_LEN])
{
	uint8_t buf[8 + 8 + 16 + 2];
	struct wire_out w = wire_out_buf(buf, sizeof(buf));
	wire_put_u64(&w, spi_i);
	wire_put_u64(&w, spi_r);
	wire_put_bytes(&w, BYTES(ep->addr.bytes, address_len(&ep->addr)));
	wire_put_u16(&w, ep->port);
	if (PK11_HashBuf(SEC_OID_SHA1, out, buf, (PRInt32)w.len) == SECSuccess)
		return true;
	/* callers then assume a NAT (UDP encapsulation still works) */
	log_warn("NAT detection: SHA-1 failed in NSS (error %d); assuming a NAT", PORT_GetError());
	return false;
}

void ikev2_nat_follow(struct ike_sa *ike, const struct msg_digest *md)
{
	/* only authenticated messages move an SA: a spoofed source could
	 * otherwise redirect it (RFC 7296 §2.23) */
	if ((!ike->nat_peer && !ike->nat_us) ||
	    (address_eq(&md->remote.addr, &ike->remote.addr) && md->remote.port == ike->remote.port &&
	     md->local.port == ike->local.port))
		return;
	char was[ENDPOINT_STR_LEN], now[ENDPOINT_STR_LEN];
	log_info("\"%s\" #%u: peer moved from %s to %s (NAT)", ike->conn->name, ike->serialno,
		 endpoint_str(&ike->remote, was, sizeof(was)), endpoint_str(&md->remote, now, sizeof(now)));
	ike->remote = md->remote;
	ike->local = md->local;
}

void ikev2_emit_natd(struct msg_builder *mb, const struct ike_sa *ike)
{
	uint8_t h[NATD_HASH_LEN];
	if (natd_hash(mb->hdr.spi_i, mb->hdr.spi_r, &ike->local, h))
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_NAT_DETECTION_SOURCE_IP, BYTES(h, sizeof(h)));
	if (natd_hash(mb->hdr.spi_i, mb->hdr.spi_r, &ike->remote, h))
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_NAT_DETECTION_DESTINATION_IP,
			  BYTES(h, sizeof(h)));
}

void ikev2_check_natd(struct ike_sa *ike, const struct msg_digest *md)
{
	struct ikev2_notify src, dst;
	if (!md_notify(md, IKEV2_N_NAT_DETECTION_SOURCE_IP, &src) ||
	    !md_notify(md, IKEV2_N_NAT_DETECTION_DESTINATION_IP, &dst))
		return;	/* the peer does not do NAT detection */
	uint8_t h[NATD_HASH_LEN];
	/* the sender's source must be the address we see it from */
	ike->nat_peer = !natd_hash(md->hdr.spi_i, md->hdr.spi_r, &md->remote, h) ||
			!bytes_eq(BYTES(h, sizeof(h)), src.data);
	ike->nat_us = !natd_hash(md->hdr.spi_i, md->hdr.spi_r, &md->local, h) ||
		      !bytes_eq(BYTES(h, sizeof(h)), dst.data);
	if (!ike->nat_peer && !ike->nat_us)
		return;
	conn_log(ike->conn, "#%u: NAT detected (%s)", ike->serialno,
		 ike->nat_us ? (ike->nat_peer ? "both sides" : "we are behind it")
			     : "the peer is behind it");
	/* RFC 7296 §2.23: the initiator moves to the NAT-T port for IKE_AUTH
	 * and everything after; the responder follows (ikev2_nat_follow) */
	if (ike->original_initiator && pluto_options.nattport != 0) {
		ike->local.port = pluto_options.nattport;
		ike->remote.port = pluto_options.nattport;
	}
}
