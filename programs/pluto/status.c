/*
 * Status output.  The format is stable so that scenario tests can compare
 * it: one line per connection, per IKE SA and per Child SA, then totals.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "conn_resolve.h"
#include "connections.h"
#include "cookie.h"
#include "demux.h"
#include "ikev2_child_sa.h"
#include "kernel.h"
#include "kernel_glue.h"
#include "pluto.h"
#include "resume_keys.h"
#include "impair.h"
#include "resume_ticket.h"
#include "server.h"
#include "state.h"
#include "status.h"
#include "ticket_keys.h"
#include "ticket_replay.h"
#include "whack_server.h"

static const char *end_str(const struct end *e, char *buf, size_t len)
{
	char host[ADDRESS_STR_LEN], id[IKE_ID_STR_LEN], client[SUBNET_STR_LEN];
	const char *h = address_is_set(&e->host) ? address_str(&e->host, host, sizeof(host))
		      : e->hostname != NULL ? e->hostname : "%any";
	if (e->has_client)
		snprintf(buf, len, "%s===%s[%s]", subnet_str(&e->client, client, sizeof(client)), h,
			 ike_id_str(&e->id, id, sizeof(id)));
	else
		snprintf(buf, len, "%s[%s]", h, ike_id_str(&e->id, id, sizeof(id)));
	return buf;
}

static void show_connection(struct whack_conn *w, const struct connection *c)
{
	char l[256], r[256], ike[512], esp[512];
	uint64_t now = pluto_wallclock();
	whack_out(w, "\"%s\": %s...%s; %s; session-resumption=%s", c->name,
		  end_str(&c->local, l, sizeof(l)), end_str(&c->remote, r, sizeof(r)),
		  c->transport ? "transport" : "tunnel", c->session_resumption ? "yes" : "no");
	whack_out(w, "\"%s\":   ike=%s; esp=%s", c->name, proposals_str(&c->ike, true, ike, sizeof(ike)),
		  proposals_str(&c->esp, false, esp, sizeof(esp)));
	char dns[512];
	if (conn_resolve_status(c, dns, sizeof(dns)) != NULL)
		whack_out(w, "\"%s\":   %s", c->name, dns);
	if (c->ticket != NULL)
		whack_out(w, "\"%s\":   ticket: %zu bytes, expires in %llds%s", c->name, c->ticket->opaque.len,
			  (long long)c->ticket->expiry - (long long)now, c->suspended ? "; suspended" : "");
	else if (c->suspended)
		whack_out(w, "\"%s\":   suspended (no ticket)", c->name);
}

static void show_ike_sa(struct whack_conn *w, const struct ike_sa *ike)
{
	char algs[128], remote[ENDPOINT_STR_LEN];
	double now = pluto_now();
	whack_out(w, "#%u: \"%s\" %s IKE SA %s, %s%s; %s; %s", ike->serialno, ike->conn->name,
		  ike_state_name(ike->state), endpoint_str(&ike->remote, remote, sizeof(remote)),
		  ike->original_initiator ? "initiator" : "responder", ike->resumed ? ", resumed" : "",
		  ike->algs.prf != NULL ? ike_algs_str(&ike->algs, algs, sizeof(algs)) : "-",
		  ike->established > 0 ? "established" : "negotiating");
	(void)now;
	for (const struct child_sa *c = ike->children; c != NULL; c = c->next) {
		char lt[SUBNET_STR_LEN], rt[SUBNET_STR_LEN];
		whack_out(w, "#%u: \"%s\" Child SA of #%u: %s ESP 0x%08x<0x%08x %s===%s%s", c->serialno,
			  child_conn(c)->name, ike->serialno, c->transport ? "transport" : "tunnel",
			  ntohl(c->spi_in), ntohl(c->spi_out), subnet_str(&c->ts_local, lt, sizeof(lt)),
			  subnet_str(&c->ts_remote, rt, sizeof(rt)),
			  c->delete_queued ? " (deleted; DELETE after the exchange in flight)" :
			  !c->installed ? " (not installed)" : c->deleting ? " (deleting)" :
			  c->out_keymat.ptr != NULL ? " (inbound only until the peer deletes the SA it replaces)" : "");
	}
}

void status_show(struct whack_conn *w)
{
	whack_out(w, "pluto: kernel=%s; IKE SAs %u (half-open %u, cookie threshold %u)",
		  kernel_glue_ops()->name, ike_sa_count(), ike_sa_half_open_count(), cookie_threshold());
	for (const struct connection *c = conn_first(); c != NULL; c = c->next)
		show_connection(w, c);
	for (const struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next)
		show_ike_sa(w, ike);
	struct ticket_replay_stats rs;
	ticket_replay_stats(resume_replay_cache(), &rs);
	whack_out(w, "tickets: %zu keys in the ring; replay cache %zu/%zu entries, %zu bytes",
		  ticket_keys_count(resume_keys_ring()), rs.entries, rs.max_entries, rs.bytes);
	char impairs[256];
	if (impair_list(impairs, sizeof(impairs))[0] != '\0')
		whack_out(w, "impair: %s (testing only)", impairs);
	whack_out(w, "messages: %lu received, %lu sent, %lu malformed, %lu retransmits answered",
		  server_stats.rx_packets, server_stats.tx_packets, demux_stats.malformed,
		  demux_stats.retransmits_answered);
}

void status_traffic(struct whack_conn *w)
{
	const struct kernel_ops *ops = kernel_glue_ops();
	for (const struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next) {
		for (const struct child_sa *c = ike->children; c != NULL; c = c->next) {
			struct kernel_sa_counters in = { 0 }, out = { 0 };
			struct kernel_err err = { 0 };
			ops->get_sa_counters(&ike->local.addr, c->spi_in, IPPROTO_ESP, &in, &err);
			ops->get_sa_counters(&ike->remote.addr, c->spi_out, IPPROTO_ESP, &out, &err);
			whack_out(w, "#%u: \"%s\", type=ESP, add_time=%llu, inBytes=%llu, outBytes=%llu, "
				  "inPackets=%llu, outPackets=%llu", c->serialno, child_conn(c)->name,
				  (unsigned long long)in.add_time, (unsigned long long)in.bytes,
				  (unsigned long long)out.bytes, (unsigned long long)in.packets,
				  (unsigned long long)out.packets);
		}
	}
}
