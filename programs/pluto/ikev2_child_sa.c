/* Child SA negotiation (ikev2_child_sa.h). */
#include <arpa/inet.h>
#include <string.h>

#include "connections.h"
#include "ikev2_child_sa.h"
#include "ikev2_dh.h"
#include "ikev2_keys.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ikev2_random.h"
#include "log.h"
#include "pluto.h"
#include "state.h"

/* 0 (logged) when the RNG fails: drawing again forever would hang pluto. */
static uint32_t new_spi(void)
{
	for (int tries = 0; tries < 8; tries++) {
		uint32_t spi = 0;
		if (!random_bytes(&spi, sizeof(spi)))
			break;
		if (ntohl(spi) >= 0x100)	/* 1..255 are reserved (RFC 4303 §2.1) */
			return spi;
	}
	log_error("no Child SA SPI: the random number generator failed");
	return 0;
}

/* Our traffic selectors, from leftsubnet= (or the host) and leftprotoport=. */
static void ts_from_end(const struct end *e, const ip_subnet *subnet, struct ikev2_ts_list *tsl)
{
	memset(tsl, 0, sizeof(*tsl));
	ip_range r = subnet_range(subnet);
	struct ikev2_ts *ts = &tsl->ts[0];
	tsl->count = 1;
	ts->type = r.start.family == AF_INET ? IKEV2_TS_IPV4_ADDR_RANGE : IKEV2_TS_IPV6_ADDR_RANGE;
	ts->ipproto = e->protocol;
	ts->start_port = e->port;
	ts->end_port = e->port != 0 ? e->port : 65535;
	memcpy(ts->start, r.start.bytes, address_len(&r.start));
	memcpy(ts->end, r.end.bytes, address_len(&r.end));
}

static ip_subnet end_client(const struct end *e, const ip_address *host)
{
	return e->has_client ? e->client : subnet_from_address(host);
}

struct connection *child_conn(const struct child_sa *child)
{
	return child->conn != NULL ? child->conn : child->ike->conn;
}

bool child_emit_request(struct ike_sa *ike, struct msg_builder *mb, struct connection *c,
			struct child_sa *rekeying, struct bytes nonce)
{
	uint32_t spi = new_spi();
	if (spi == 0)
		return false;
	struct child_sa *child = child_sa_new(ike);
	child->spi_in = spi;
	child->we_initiated = true;
	child->conn = c != ike->conn ? c : NULL;
	child->transport = c->transport;
	child->ts_local = end_client(&c->local, &ike->local.addr);
	child->ts_remote = end_client(&c->remote, &ike->remote.addr);
	ike->pending_child = child;
	if (rekeying != NULL) {
		/* RFC 7296 §1.3.3: REKEY_SA names the SA by our inbound SPI */
		child->replaces = rekeying->serialno;
		child->reqid = rekeying->reqid;
		child->ts_local = rekeying->ts_local;
		child->ts_remote = rekeying->ts_remote;
		mb_notify(mb, IKEV2_PROTO_ESP, BYTES(&rekeying->spi_in, 4), IKEV2_N_REKEY_SA, EMPTY_BYTES);
	}
	static struct ikev2_sa sa;
	static struct proposals pfs;
	/* CREATE_CHILD_SA with PFS: the caller made the key pair */
	const struct dh_keypair *ke = nonce.len > 0 ? ike->cc_dh : NULL;
	if (ke != NULL)
		child_pfs_proposals(c, dh_keypair_group(ke)->id, &pfs);
	proposals_to_sa(ke != NULL ? &pfs : &c->esp, false, BYTES(&child->spi_in, 4), &sa);
	if (c->transport)
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_USE_TRANSPORT_MODE, EMPTY_BYTES);
	mb_sa(mb, &sa);
	if (nonce.len > 0)
		mb_nonce(mb, nonce);	/* RFC 7296 §1.3: SA, Ni, [KEi], TSi, TSr */
	if (ke != NULL)
		mb_ke(mb, dh_keypair_group(ke)->id, dh_keypair_public(ke));
	struct ikev2_ts_list tsi, tsr;
	ts_from_end(&c->local, &child->ts_local, &tsi);
	ts_from_end(&c->remote, &child->ts_remote, &tsr);
	mb_ts(mb, IKEV2_PL_TSi, &tsi);
	mb_ts(mb, IKEV2_PL_TSr, &tsr);
	return true;
}

/* Narrow one side: the first offered selector that overlaps what we
 * allow, cut down to the overlap when the overlap is a subnet. */
static bool narrow(const struct ikev2_ts_list *offered, const ip_subnet *allowed, const struct end *e,
		   ip_subnet *result, uint8_t *proto, uint16_t *port)
{
	ip_range ours = subnet_range(allowed);
	for (unsigned i = 0; i < offered->count; i++) {
		const struct ikev2_ts *ts = &offered->ts[i];
		int family = ts->type == IKEV2_TS_IPV4_ADDR_RANGE ? AF_INET : AF_INET6;
		if (family != ours.start.family)
			continue;
		ip_range theirs = { address_from_bytes(family, ts->start), address_from_bytes(family, ts->end) };
		ip_range both;
		if (!range_intersect(&ours, &theirs, &both) || !range_to_subnet(&both, result))
			continue;
		if (e->protocol != 0 && ts->ipproto != 0 && ts->ipproto != e->protocol)
			continue;
		*proto = e->protocol != 0 ? e->protocol : ts->ipproto;
		if (e->port != 0 && !(ts->start_port <= e->port && e->port <= ts->end_port))
			continue;
		/* a port range we cannot express as one port becomes "any" */
		*port = e->port != 0 ? e->port : (ts->start_port == ts->end_port ? ts->start_port : 0);
		return true;
	}
	return false;
}

struct child_sa *child_by_spi_out(struct ike_sa *ike, uint32_t spi)
{
	for (struct child_sa *c = ike->children; c != NULL; c = c->next)
		if (c->spi_out == spi)
			return c;
	return NULL;
}

struct child_sa *child_by_serial(struct ike_sa *ike, unsigned serialno)
{
	for (struct child_sa *c = ike->children; c != NULL; c = c->next)
		if (c->serialno == serialno)
			return c;
	return NULL;
}

static bool derive_and_install(struct ike_sa *ike, struct child_sa *child, const struct child_nonces *n)
{
	struct crypto_error err = { 0 };
	struct secret keymat = { 0 };
	size_t len = child_keymat_len(child->algs.encr, child->algs.encr_key_bits, child->algs.integ);
	bool ok = child_keymat(ike->algs.prf, secret_bytes(ike->keys.sk_d), n->in_exchange ? ike->cc_pfs.g_ir : EMPTY_BYTES,
			       n->ni, n->nr, len, &keymat, &err);
	if (!ok)
		log_error("\"%s\" #%u: Child SA KEYMAT: %s", ike->conn->name, child->serialno, err.reason);
	else
		ok = kernel_child_install(child, secret_bytes(keymat),
					  child->replaces != 0 ? child_by_serial(ike, child->replaces) : NULL);
	secret_free(&keymat);
	return ok;
}

static void child_established(struct ike_sa *ike, struct child_sa *child)
{
	char l[SUBNET_STR_LEN], r[SUBNET_STR_LEN];
	child->established = pluto_now();
	child->next = ike->children;
	ike->children = child;
	/* a Child SA we answered leaves our own pending one alone */
	if (ike->pending_child == child)
		ike->pending_child = NULL;
	conn_log(child_conn(child), "#%u: Child SA %s %s ESP 0x%08x<0x%08x %s===%s", child->serialno,
		 child->replaces != 0 ? "rekeyed" : "established",
		 child->transport ? "transport" : "tunnel", ntohl(child->spi_in), ntohl(child->spi_out),
		 subnet_str(&child->ts_local, l, sizeof(l)), subnet_str(&child->ts_remote, r, sizeof(r)));
	child_schedule_rekey(child);
}

/* Parse what a Child SA message carries. */
static bool parse_child(const struct msg_digest *md, struct ikev2_sa *sa, struct ikev2_ts_list *tsi,
			struct ikev2_ts_list *tsr, uint16_t *error)
{
	const struct ikev2_payload *sa_pl = md_first(md, IKEV2_PL_SA);
	const struct ikev2_payload *tsi_pl = md_first(md, IKEV2_PL_TSi);
	const struct ikev2_payload *tsr_pl = md_first(md, IKEV2_PL_TSr);
	struct ikev2_error err = { 0 };
	if (sa_pl == NULL || tsi_pl == NULL || tsr_pl == NULL) {
		*error = IKEV2_N_INVALID_SYNTAX;
		return false;
	}
	if (!ikev2_sa_decode(sa_pl->body, sa, &err) || !ikev2_ts_decode(tsi_pl->body, tsi, &err) ||
	    !ikev2_ts_decode(tsr_pl->body, tsr, &err)) {
		log_info("Child SA payloads: %s", err.reason);
		*error = err.kind == IKEV2_ERROR_NOTIFY ? err.notify : IKEV2_N_INVALID_SYNTAX;
		return false;
	}
	return true;
}

/* Behind a NAT a peer knows only its own (private) address: accept it as
 * the peer's single-host selector in place of the address we see. */
static bool nat_peer_host(const struct ikev2_ts_list *tsi, ip_subnet *host)
{
	const struct ikev2_ts *ts = &tsi->ts[0];
	size_t len = ikev2_ts_addr_len(ts->type);
	if (tsi->count < 1 || len == 0 || memcmp(ts->start, ts->end, len) != 0)
		return false;
	ip_address a = address_from_bytes(len == 4 ? AF_INET : AF_INET6, ts->start);
	*host = subnet_from_address(&a);
	return true;
}

bool child_request_fits(const struct connection *c, const struct ike_sa *ike, const struct msg_digest *md)
{
	static struct ikev2_sa sa;
	static struct ikev2_ts_list tsi, tsr;
	uint16_t error = 0;
	if (!parse_child(md, &sa, &tsi, &tsr, &error))
		return true;	/* no (valid) Child SA proposal: any conn answers alike */
	if (md_notify(md, IKEV2_N_USE_TRANSPORT_MODE, &(struct ikev2_notify){ 0 }) != c->transport)
		return false;
	ip_subnet want_remote = end_client(&c->remote, &ike->remote.addr);
	ip_subnet want_local = end_client(&c->local, &ike->local.addr);
	ip_subnet r;
	uint8_t proto;
	uint16_t port;
	return narrow(&tsi, &want_remote, &c->remote, &r, &proto, &port) &&
	       narrow(&tsr, &want_local, &c->local, &r, &proto, &port);
}

void child_pfs_proposals(const struct connection *c, uint16_t group, struct proposals *out)
{
	*out = c->esp;
	for (size_t i = 0; i < out->n; i++) {
		if (out->p[i].n_dh == 0) {
			out->p[i].dh[0] = group;
			out->p[i].n_dh = 1;
		}
	}
}

uint16_t child_pfs_group(const struct ike_sa *ike, const struct connection *c)
{
	uint16_t esp = proposals_first_dh(&c->esp);
	return esp != 0 ? esp : ike->algs.dh != NULL ? ike->algs.dh->id : 0;
}

/* With PFS (group != 0) the chosen proposal must carry that group.
 * Without, esp='s groups do not matter: IKE_AUTH and a rekey without KE
 * have no D-H (RFC 7296 §1.2), whether or not the proposals list one. */
static bool select_esp(const struct connection *c, const struct ikev2_sa *sa, uint16_t group,
		       struct child_algs *algs, struct ikev2_sa *chosen, uint32_t *peer_spi)
{
	static struct proposals ps;
	if (group == 0) {
		ps = c->esp;
		for (size_t i = 0; i < ps.n; i++)
			ps.p[i].n_dh = 0;
		return proposals_select_esp(sa, &ps, false, algs, chosen, peer_spi);
	}
	child_pfs_proposals(c, group, &ps);
	return proposals_select_esp(sa, &ps, true, algs, chosen, peer_spi) && algs->dh != NULL &&
	       algs->dh->id == group;
}

struct child_sa *child_answer_request(struct ike_sa *ike, struct connection *c, const struct msg_digest *md,
				      struct msg_builder *mb, const struct child_nonces *n, struct child_sa *rekeying)
{
	static struct ikev2_sa sa, chosen;
	static struct ikev2_ts_list tsi, tsr;
	uint16_t error = 0;
	if (!parse_child(md, &sa, &tsi, &tsr, &error)) {
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, error, EMPTY_BYTES);
		return NULL;
	}
	struct child_sa *child = child_sa_new(ike);
	child->conn = c != ike->conn ? c : NULL;
	child->transport = md_notify(md, IKEV2_N_USE_TRANSPORT_MODE, &(struct ikev2_notify){ 0 });
	if (rekeying != NULL) {
		child->replaces = rekeying->serialno;
		child->reqid = rekeying->reqid;
	}
	uint32_t peer_spi = 0;
	if (child->transport != c->transport) {
		conn_log(c, "#%u: peer asks for %s mode, we are configured for %s", ike->serialno,
			 child->transport ? "transport" : "tunnel", c->transport ? "transport" : "tunnel");
		error = IKEV2_N_NO_PROPOSAL_CHOSEN;
	} else if (!select_esp(c, &sa, n->in_exchange ? ike->cc_pfs.ke_group : 0, &child->algs, &chosen,
			       &peer_spi)) {
		conn_log(c, "#%u: no acceptable ESP proposal", ike->serialno);
		error = IKEV2_N_NO_PROPOSAL_CHOSEN;
	} else {
		ip_subnet want_remote = end_client(&c->remote, &ike->remote.addr);
		if (!c->remote.has_client && ike->nat_peer && !nat_peer_host(&tsi, &want_remote)) {
			conn_log(c, "#%u: NATed peer must propose a single host address", ike->serialno);
			error = IKEV2_N_TS_UNACCEPTABLE;
		}
		ip_subnet want_local = end_client(&c->local, &ike->local.addr);
		uint8_t proto_r = 0, proto_l = 0;
		uint16_t port_r = 0, port_l = 0;
		if (!narrow(&tsi, &want_remote, &c->remote, &child->ts_remote, &proto_r, &port_r) ||
		    !narrow(&tsr, &want_local, &c->local, &child->ts_local, &proto_l, &port_l)) {
			conn_log(c, "#%u: traffic selectors unacceptable", ike->serialno);
			error = IKEV2_N_TS_UNACCEPTABLE;
		} else {
			child->ts_proto = proto_l != 0 ? proto_l : proto_r;
			child->ts_lport = port_l;
			child->ts_rport = port_r;
		}
	}
	if (error != 0) {
		child_sa_free(child);
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, error, EMPTY_BYTES);
		return NULL;
	}
	child->spi_out = htonl(peer_spi);
	child->spi_in = new_spi();
	chosen.proposals[0].spi_size = 4;
	memcpy(chosen.proposals[0].spi, &child->spi_in, 4);
	if (child->spi_in == 0 || !derive_and_install(ike, child, n)) {
		child_sa_free(child);
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TEMPORARY_FAILURE, EMPTY_BYTES);
		return NULL;
	}
	if (child->transport)
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_USE_TRANSPORT_MODE, EMPTY_BYTES);
	mb_sa(mb, &chosen);
	if (n->in_exchange)
		mb_nonce(mb, n->nr);
	if (n->in_exchange && ike->cc_pfs.ke_group != 0)
		mb_ke(mb, ike->cc_pfs.ke_group, ike->cc_pfs.ke_public);	/* SA, Nr, [KEr], TSi, TSr */
	struct ikev2_ts_list out_i, out_r;
	struct end ri = c->remote, li = c->local;
	ri.protocol = li.protocol = child->ts_proto;
	ri.port = child->ts_rport;
	li.port = child->ts_lport;
	ts_from_end(&ri, &child->ts_remote, &out_i);
	ts_from_end(&li, &child->ts_local, &out_r);
	mb_ts(mb, IKEV2_PL_TSi, &out_i);
	mb_ts(mb, IKEV2_PL_TSr, &out_r);
	child_established(ike, child);
	return child;
}

bool child_process_response(struct ike_sa *ike, const struct msg_digest *md, const struct child_nonces *n)
{
	struct child_sa *child = ike->pending_child;
	if (child == NULL)
		return false;
	struct connection *c = child_conn(child);
	uint16_t error = md_error_notify(md);
	static struct ikev2_sa sa, chosen;
	static struct ikev2_ts_list tsi, tsr;
	if (error == 0 && !parse_child(md, &sa, &tsi, &tsr, &error))
		error = error != 0 ? error : IKEV2_N_INVALID_SYNTAX;
	if (error != 0) {
		conn_log(c, "#%u: Child SA refused: %s", ike->serialno, ikev2_notify_name(error));
		child_sa_free(child);
		return false;
	}
	uint32_t peer_spi = 0;
	bool transport = md_notify(md, IKEV2_N_USE_TRANSPORT_MODE, &(struct ikev2_notify){ 0 });
	uint8_t proto_l = 0, proto_r = 0;
	uint16_t port_l = 0, port_r = 0;
	ip_subnet want_l = child->ts_local, want_r = child->ts_remote;
	if (!proposals_sa_is_single(&sa) ||
	    !select_esp(c, &sa, n->in_exchange && ike->cc_dh != NULL ? dh_keypair_group(ike->cc_dh)->id : 0,
			&child->algs, &chosen, &peer_spi) ||
	    transport != child->transport || tsi.count != 1 || tsr.count != 1 ||
	    !narrow(&tsi, &want_l, &c->local, &child->ts_local, &proto_l, &port_l) ||
	    !narrow(&tsr, &want_r, &c->remote, &child->ts_remote, &proto_r, &port_r)) {
		conn_log(c, "#%u: Child SA response does not match our request", ike->serialno);
		child_sa_free(child);
		return false;
	}
	child->ts_proto = proto_l != 0 ? proto_l : proto_r;
	child->ts_lport = port_l;
	child->ts_rport = port_r;
	child->spi_out = htonl(peer_spi);
	if (!derive_and_install(ike, child, n)) {
		child_sa_free(child);
		return false;
	}
	child_established(ike, child);
	return true;
}
