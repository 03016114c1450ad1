/* A responder pluto in the test process (pluto_harness.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "connections.h"
#include "cookie.h"
#include "ike_sa_life.h"
#include "kernel.h"
#include "kernel_glue.h"
#include "log.h"
#include "pluto.h"
#include "pluto_config.h"
#include "pluto_harness.h"
#include "pluto_secrets.h"
#include "resume_keys.h"
#include "server.h"
#include "state.h"

/* What plutomain.c defines for the daemon. */
struct pluto_options pluto_options = { .ikeport = 500, .nattport = 4500 };
struct event_base *pluto_event_base;
static double clock_now = 1000.0;
static const uint64_t wallclock_base = 1800000000;	/* a fixed date in 2027 */

double pluto_now(void) { return clock_now; }
uint64_t pluto_wallclock(void) { return wallclock_base + (uint64_t)clock_now; }
void pluto_request_shutdown(void) { }

#define MAX_SENT 64

static struct {
	char dir[64], conf[96], secrets[96], log[96];
	ip_endpoint responder, peer;
	struct chunk sent[MAX_SENT];
	size_t nsent;
	ip_endpoint last_from, last_to;	/* of the latest datagram sent */
	long log_mark;
	bool running;
} h;

static bool capture(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg)
{
	h.last_from = *local;
	h.last_to = *remote;
	if (h.nsent == MAX_SENT) {	/* keep the latest: a storm must not grow memory */
		chunk_free(&h.sent[0]);
		memmove(&h.sent[0], &h.sent[1], (MAX_SENT - 1) * sizeof(h.sent[0]));
		h.nsent--;
	}
	h.sent[h.nsent++] = chunk_clone(msg);
	return true;
}

static bool write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return false;
	bool ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

static ip_endpoint endpoint4(const char *a, uint16_t port)
{
	uint8_t b[4];
	inet_pton(AF_INET, a, b);
	return (ip_endpoint){ .addr = address_from_bytes(AF_INET, b), .port = port };
}

static bool write_config(const struct harness_options *o)
{
	char conf[2048];
	snprintf(conf, sizeof(conf),
		 "config setup\n"
		 "\tprotostack=none\n"
		 "\n"
		 "conn harness\n"
		 "\tleft=127.0.0.1\n"
		 "\tleftid=" HARNESS_LOCAL_ID "\n"
		 "\tleftsubnet=10.1.0.0/16\n"
		 "\tright=127.0.0.2\n"
		 "\trightid=@" HARNESS_PEER_ID "\n"
		 "\trightsubnet=10.2.0.0/16\n"
		 "\tauthby=secret\n"
		 "\tike=%s\n"
		 "\tesp=aes_gcm256\n"
		 "\tsession-resumption=yes\n"
		 "\tauto=add\n"
		 "%s%s",
		 o->ike != NULL ? o->ike : "aes_gcm256-sha2_256;dh19",
		 o->extra_conn != NULL ? o->extra_conn : "", o->extra_conn != NULL ? "\n" : "");
	return write_file(h.conf, conf) &&
	       write_file(h.secrets, HARNESS_LOCAL_ID " @" HARNESS_PEER_ID " : PSK \"" HARNESS_PSK "\"\n");
}

bool harness_start(const struct harness_options *opts)
{
	static const struct harness_options none;
	const struct harness_options *o = opts != NULL ? opts : &none;
	memset(&h, 0, sizeof(h));
	snprintf(h.dir, sizeof(h.dir), "/tmp/pluto-harness.XXXXXX");
	if (mkdtemp(h.dir) == NULL) {
		perror("mkdtemp");
		return false;
	}
	snprintf(h.conf, sizeof(h.conf), "%s/ipsec.conf", h.dir);
	snprintf(h.secrets, sizeof(h.secrets), "%s/ipsec.secrets", h.dir);
	snprintf(h.log, sizeof(h.log), "%s/pluto.log", h.dir);
	if (!write_config(o) || !log_open("pluto", LOG_DEST_FILE, o->no_log ? "/dev/null" : h.log)) {
		fprintf(stderr, "harness: cannot write into %s\n", h.dir);
		return false;
	}
	log_set_debug(o->debug);
	pluto_options.config = h.conf;
	pluto_options.secrets = h.secrets;
	h.responder = endpoint4("127.0.0.1", 500);
	h.peer = endpoint4("127.0.0.2", 500);
	pluto_event_base = event_base_new();
	server_set_send_hook(capture);
	h.running = pluto_event_base != NULL && pluto_config_load() &&
		    pluto_secrets_load(h.secrets) && kernel_glue_init("none") &&
		    resume_keys_init(NULL, DEFAULT_TICKET_KEY_ROTATION);
	if (!h.running) {
		fprintf(stderr, "harness: the responder did not start (log %s)\n", h.log);
		harness_log_dump();
		return false;
	}
	pluto_config_add_all(false);
	if (conn_by_name("harness") == NULL) {
		fprintf(stderr, "harness: conn \"harness\" was not added\n");
		harness_log_dump();
		return false;
	}
	return true;
}

void harness_drop_all(void)
{
	while (ike_sa_first() != NULL)
		ike_sa_drop(ike_sa_first());
}

void harness_stop(void)
{
	harness_drop_all();
	kernel_glue_shutdown();
	conn_delete_all();
	resume_keys_shutdown();
	cookie_shutdown();
	pluto_secrets_free();
	pluto_config_free();
	harness_clear_sent();
	server_set_send_hook(NULL);
	if (pluto_event_base != NULL)
		event_base_free(pluto_event_base);
	pluto_event_base = NULL;
	log_close();
	unlink(h.conf);
	unlink(h.secrets);
	unlink(h.log);
	rmdir(h.dir);
	h.running = false;
}

const ip_endpoint *harness_responder(void) { return &h.responder; }
const ip_endpoint *harness_peer(void) { return &h.peer; }

bool harness_in_daemon;

void harness_receive(struct bytes msg)
{
	harness_in_daemon = true;
	server_receive(&h.responder, &h.peer, false, msg.ptr, msg.len);
	harness_in_daemon = false;
	log_flush();
}

void harness_receive_natt(struct bytes msg)
{
	ip_endpoint local = h.responder, remote = h.peer;
	local.port = remote.port = 4500;
	harness_in_daemon = true;
	server_receive(&local, &remote, true, msg.ptr, msg.len);
	harness_in_daemon = false;
	log_flush();
}

size_t harness_sent_count(void) { return h.nsent; }

struct bytes harness_sent(size_t i)
{
	return i < h.nsent ? chunk_bytes(h.sent[i]) : EMPTY_BYTES;
}

void harness_last_sent_ports(uint16_t *from, uint16_t *to)
{
	*from = h.nsent > 0 ? h.last_from.port : 0;
	*to = h.nsent > 0 ? h.last_to.port : 0;
}

struct bytes harness_last_sent(void)
{
	return h.nsent > 0 ? chunk_bytes(h.sent[h.nsent - 1]) : EMPTY_BYTES;
}

void harness_clear_sent(void)
{
	for (size_t i = 0; i < h.nsent; i++)
		chunk_free(&h.sent[i]);
	h.nsent = 0;
}

static char *log_since_mark(void)
{
	log_flush();
	FILE *f = fopen(h.log, "r");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long end = ftell(f);
	long from = h.log_mark <= end ? h.log_mark : 0;
	char *text = xmalloc((size_t)(end - from) + 1);
	fseek(f, from, SEEK_SET);
	size_t n = fread(text, 1, (size_t)(end - from), f);
	text[n] = '\0';
	fclose(f);
	return text;
}

void harness_log_mark(void)
{
	log_flush();
	FILE *f = fopen(h.log, "r");
	if (f == NULL)
		return;
	fseek(f, 0, SEEK_END);
	h.log_mark = ftell(f);
	fclose(f);
}

bool harness_log_contains(const char *needle)
{
	char *text = log_since_mark();
	bool found = text != NULL && strstr(text, needle) != NULL;
	free(text);
	return found;
}

void harness_log_dump(void)
{
	char *text = log_since_mark();
	printf("---- pluto log ----\n%s---- end ----\n", text != NULL ? text : "");
	fflush(stdout);
	free(text);
}

void harness_advance(double seconds)
{
	clock_now += seconds;
	event_base_loop(pluto_event_base, EVLOOP_NONBLOCK);
}

unsigned harness_sa_count(void)
{
	return ike_sa_count();
}

unsigned harness_child_count(const struct ike_sa *ike)
{
	unsigned n = 0;
	for (const struct child_sa *c = ike->children; c != NULL; c = c->next)
		n++;
	return n;
}

/* Every Child SA in the table has its 2 ESP SAs and 3 policies in the
 * (none) kernel, and the kernel holds nothing else. */
bool harness_kernel_consistent(void)
{
	size_t sas = 0, owners = 0;	/* a rekeyed Child SA hands its policies on */
	bool held_ok = true;		/* an outbound SA held back is not in the kernel */
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next)
		for (struct child_sa *c = ike->children; c != NULL; c = c->next) {
			sas += c->installed + c->out_installed;
			owners += c->installed && c->owns_policies;
			held_ok &= c->out_keymat.ptr == NULL || (c->installed && !c->out_installed);
		}
	return held_ok && kernel_none_installed_sas() == sas &&
	       kernel_none_installed_policies() == 3 * owners;	/* tunnel: out, in, fwd */
}

static unsigned long mix(unsigned long h_, unsigned long v)
{
	return (h_ ^ v) * 0x100000001b3ul;
}

unsigned long harness_state_fingerprint(void)
{
	unsigned long f = 0xcbf29ce484222325ul;
	f = mix(mix(f, kernel_none_installed_sas()), kernel_none_installed_policies());
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next) {
		f = mix(f, ike->serialno);
		f = mix(f, ike->state);
		f = mix(f, ike_spi_u64(&ike->spi_i));
		f = mix(f, ike_spi_u64(&ike->spi_r));
		for (struct child_sa *c = ike->children; c != NULL; c = c->next)
			f = mix(mix(f, c->serialno), c->spi_in);
		f = mix(f, ike->pending_child != NULL);
	}
	return f;
}
