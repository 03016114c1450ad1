/*
 * loadtool: many IKEv2 initiators in one process (loadtool.h).
 *
 *   loadtool --gateway 127.0.0.1 --psk SECRET --count 1000 --group 31 \
 *            --source 127.16.0.1 --source-range --pid $(pidof pluto) --resume
 *   loadtool --gateway 127.0.0.1 --cert client --nssdir DIR ...   (ECDSA)
 *
 * First every client makes a full handshake and keeps its ticket; then
 * --resume resumes them all, or --commands reads commands on stdin
 * ("resume [LABEL]", "full [LABEL]", "pid N", "window N", "rate R", "quit") so that a
 * script can restart the gateway between phases.  Each phase prints a
 * summary and one "RESULT key=value ..." line; with --commands each
 * command's output ends with a line "READY".
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <nss.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadtool.h"

struct lt_options lt_opt = {
	.count = 100,
	.window = 64,
	.retransmit = 0.5,
	.retransmit_max = 4,
	.timeout = 30,
	.dh_group = 31,
	.gateway_port = 500,
	.id_prefix = "client",
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: loadtool --gateway ADDR (--psk SECRET | --cert NICK --nssdir DIR) [options]\n"
		"  --psk SECRET        authenticate with this pre-shared key (responder: the same)\n"
		"  --cert NICK         every client signs its AUTH with this certificate's key\n"
		"                      (ECDSA, RFC 7427 method 14), sends it in CERT and uses its\n"
		"                      subject DN as ID; the responder's\n"
		"                      signature is checked with the key of its CERT, whose chain\n"
		"                      is not validated; resumes use SK_p as with a PSK\n"
		"  --cert-per-client   client i uses certificate NICK-i (its own ID); default:\n"
		"                      NICK for all (one ID: the responder keeps one SA)\n"
		"  --nssdir DIR        the NSS database (sql:) holding the certificates and keys\n"
		"  --count N           clients (default 100)\n"
		"  --window N          exchanges in flight at most (default 64; 0 = all at once)\n"
		"  --rate R            new clients per second (default unlimited)\n"
		"  --retransmit S      first retransmission after S seconds (default 0.5), doubling\n"
		"  --retransmit-max S  back-off cap (default 4)\n"
		"  --timeout S         give an exchange up after S seconds (default 30)\n"
		"  --group G           DH group: 31 (X25519), 19 (ECP-256), 14 (MODP-2048); default 31\n"
		"  --fresh-dh          a new DH key pair per client (default: one, reused)\n"
		"  --port P            gateway IKE port (default 500)\n"
		"  --source ADDR       client source address (default: the kernel's choice)\n"
		"  --source-range      client i sends from ADDR + i (a range on loopback)\n"
		"  --local-port P      our UDP port (default: any)\n"
		"  --id-prefix S       client i is @S-i (default client)\n"
		"  --pid PID           the gateway's pid, for its CPU time\n"
		"  --resume            after the full handshakes, resume every client\n"
		"  --commands          after the full handshakes, read commands on stdin\n"
		"  --label NAME        name of the first phase (default full-dh<group>)\n"
		"  --timeline FILE     append phase,seconds,established samples (CSV)\n"
		"  --progress          a progress line on stderr\n"
		"  --quiet             no line per failed client\n"
		"  --crypto-bench N    no sockets: time the responder's crypto N times, then exit\n"
		"  --auth psk|cert     with --crypto-bench: cert adds the signature steps of a\n"
		"                      certificate handshake (needs --cert and --nssdir)\n");
}

static bool parse_addr(const char *s, struct in_addr *a)
{
	if (inet_pton(AF_INET, s, a) != 1) {
		fprintf(stderr, "loadtool: not an IPv4 address: %s\n", s);
		return false;
	}
	return true;
}

static double number(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || v < 0) {
		fprintf(stderr, "loadtool: not a number: %s\n", s);
		exit(2);
	}
	return v;
}

enum { O_COUNT = 256, O_WINDOW, O_RATE, O_RETX, O_RETX_MAX, O_TIMEOUT, O_GROUP, O_FRESH, O_GW, O_PORT,
       O_SRC, O_SRC_RANGE, O_LPORT, O_PREFIX, O_PSK, O_PID, O_RESUME, O_COMMANDS, O_TIMELINE,
       O_PROGRESS, O_QUIET, O_CRYPTO, O_LABEL, O_CERT, O_CERT_PER, O_NSSDIR, O_AUTH, O_HELP };

struct run_mode {
	bool resume, commands;
	unsigned crypto_bench;
	bool auth_cert;		/* --auth cert, or --cert */
	bool have_gateway;
	const char *label;	/* of the first phase, or NULL */
};

static void parse_options(int argc, char **argv, struct run_mode *mode)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, O_COUNT },
		{ "window", required_argument, NULL, O_WINDOW },
		{ "rate", required_argument, NULL, O_RATE },
		{ "retransmit", required_argument, NULL, O_RETX },
		{ "retransmit-max", required_argument, NULL, O_RETX_MAX },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "group", required_argument, NULL, O_GROUP },
		{ "fresh-dh", no_argument, NULL, O_FRESH },
		{ "gateway", required_argument, NULL, O_GW },
		{ "port", required_argument, NULL, O_PORT },
		{ "source", required_argument, NULL, O_SRC },
		{ "source-range", no_argument, NULL, O_SRC_RANGE },
		{ "local-port", required_argument, NULL, O_LPORT },
		{ "id-prefix", required_argument, NULL, O_PREFIX },
		{ "psk", required_argument, NULL, O_PSK },
		{ "pid", required_argument, NULL, O_PID },
		{ "resume", no_argument, NULL, O_RESUME },
		{ "commands", no_argument, NULL, O_COMMANDS },
		{ "timeline", required_argument, NULL, O_TIMELINE },
		{ "progress", no_argument, NULL, O_PROGRESS },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "crypto-bench", required_argument, NULL, O_CRYPTO },
		{ "label", required_argument, NULL, O_LABEL },
		{ "cert", required_argument, NULL, O_CERT },
		{ "cert-per-client", no_argument, NULL, O_CERT_PER },
		{ "nssdir", required_argument, NULL, O_NSSDIR },
		{ "auth", required_argument, NULL, O_AUTH },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int o;
	while ((o = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (o) {
		case O_COUNT: lt_opt.count = (unsigned)number(optarg); break;
		case O_WINDOW: lt_opt.window = (unsigned)number(optarg); break;
		case O_RATE: lt_opt.rate = number(optarg); break;
		case O_RETX: lt_opt.retransmit = number(optarg); break;
		case O_RETX_MAX: lt_opt.retransmit_max = number(optarg); break;
		case O_TIMEOUT: lt_opt.timeout = number(optarg); break;
		case O_GROUP: lt_opt.dh_group = (uint16_t)number(optarg); break;
		case O_FRESH: lt_opt.fresh_dh = true; break;
		case O_GW: mode->have_gateway = parse_addr(optarg, &lt_opt.gateway) || (exit(2), false); break;
		case O_PORT: lt_opt.gateway_port = (uint16_t)number(optarg); break;
		case O_SRC: if (!parse_addr(optarg, &lt_opt.source)) exit(2); break;
		case O_SRC_RANGE: lt_opt.source_range = true; break;
		case O_LPORT: lt_opt.local_port = (uint16_t)number(optarg); break;
		case O_PREFIX: lt_opt.id_prefix = optarg; break;
		case O_PSK:
			secret_free(&lt_opt.psk);
			lt_opt.psk = secret_clone(BYTES(optarg, strlen(optarg)));
			break;
		case O_PID: lt_opt.gateway_pid = (int)number(optarg); break;
		case O_RESUME: mode->resume = true; break;
		case O_COMMANDS: mode->commands = true; break;
		case O_TIMELINE: lt_opt.timeline = optarg; break;
		case O_PROGRESS: lt_opt.progress = true; break;
		case O_QUIET: lt_opt.quiet = true; break;
		case O_CRYPTO: mode->crypto_bench = (unsigned)number(optarg); break;
		case O_LABEL: mode->label = optarg; break;
		case O_CERT: lt_opt.cert = optarg; mode->auth_cert = true; break;
		case O_CERT_PER: lt_opt.cert_per_client = true; break;
		case O_NSSDIR: lt_opt.nssdir = optarg; break;
		case O_AUTH:
			if (strcmp(optarg, "cert") != 0 && strcmp(optarg, "psk") != 0) {
				fprintf(stderr, "loadtool: --auth is psk or cert\n");
				exit(2);
			}
			mode->auth_cert = strcmp(optarg, "cert") == 0;
			break;
		case O_HELP: usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	bool auth_given = lt_opt.psk.len > 0 || mode->auth_cert;
	if (optind < argc || (mode->crypto_bench == 0 && (!mode->have_gateway || !auth_given))) {
		usage(stderr);
		exit(2);
	}
	if (mode->auth_cert && (lt_opt.cert == NULL || lt_opt.nssdir == NULL)) {
		fprintf(stderr, "loadtool: certificate authentication needs --cert NICK and --nssdir DIR\n");
		exit(2);
	}
	if (lt_opt.timeout <= 0 || lt_opt.retransmit <= 0) {
		fprintf(stderr, "loadtool: --timeout and --retransmit must be positive\n");
		exit(2);
	}
}

static struct lt_client *make_clients(unsigned n)
{
	struct lt_client *clients = xzalloc(sizeof(*clients) * (n > 0 ? n : 1));
	uint32_t base = ntohl(lt_opt.source.s_addr);
	for (unsigned i = 0; i < n; i++) {
		clients[i].index = i;
		clients[i].source.s_addr = lt_opt.source_range ? htonl(base + i) : lt_opt.source.s_addr;
	}
	return clients;
}

/* The command loop of --commands; false on EOF or "quit". */
static bool command(struct lt_client *clients, char *line, unsigned *phase)
{
	char label[64];
	line[strcspn(line, "\r\n")] = '\0';
	if (strcmp(line, "quit") == 0)
		return false;
	bool resume = strncmp(line, "resume", 6) == 0 && (line[6] == '\0' || line[6] == ' ');
	bool full = strncmp(line, "full", 4) == 0 && (line[4] == '\0' || line[4] == ' ');
	if (resume || full) {
		const char *name = line + (resume ? 6 : 4);
		++*phase;
		if (*name == ' ' && name[1] != '\0')
			snprintf(label, sizeof(label), "%s", name + 1);
		else
			snprintf(label, sizeof(label), "%s-%u", resume ? "resume" : "full", *phase);
		lt_run_phase(clients, lt_opt.count, resume, label);
	} else if (strncmp(line, "pid ", 4) == 0) {
		lt_opt.gateway_pid = atoi(line + 4);
	} else if (strncmp(line, "window ", 7) == 0) {
		lt_opt.window = (unsigned)atoi(line + 7);
	} else if (strncmp(line, "rate ", 5) == 0) {
		lt_opt.rate = atof(line + 5);
	} else if (line[0] != '\0') {
		printf("unknown command: %s\n", line);
	}
	printf("READY\n");
	fflush(stdout);
	return true;
}

/* With --nssdir the database (read-only: certificates and keys), else none. */
static bool nss_init(void)
{
	char db[4096];
	SECStatus rv;
	if (lt_opt.nssdir != NULL) {
		snprintf(db, sizeof(db), "sql:%s", lt_opt.nssdir);
		rv = NSS_Initialize(db, "", "", SECMOD_DB, NSS_INIT_READONLY);
	} else {
		rv = NSS_NoDB_Init(NULL);
	}
	if (rv != SECSuccess)
		fprintf(stderr, "loadtool: NSS initialisation failed%s%s\n", lt_opt.nssdir != NULL ? ": " : "",
			lt_opt.nssdir != NULL ? db : "");
	return rv == SECSuccess;
}

int main(int argc, char **argv)
{
	struct run_mode mode = { 0 };
	parse_options(argc, argv, &mode);
	signal(SIGPIPE, SIG_IGN);
	if (!nss_init())
		return 1;
	if (mode.auth_cert && !lt_cert_setup(lt_opt.cert, lt_opt.count, lt_opt.cert_per_client)) {
		lt_cert_shutdown();
		NSS_Shutdown();
		return 1;
	}
	int rc = 0;
	if (mode.crypto_bench > 0) {
		rc = lt_crypto_bench(mode.crypto_bench, lt_opt.dh_group, mode.auth_cert);
		lt_cert_shutdown();
		NSS_Shutdown();
		return rc;
	}
	if (!lt_client_setup() || !lt_net_open())
		return 1;
	struct lt_client *clients = make_clients(lt_opt.count);
	char label[64];
	snprintf(label, sizeof(label), "%s", mode.label != NULL ? mode.label : "");
	if (mode.label == NULL)
		snprintf(label, sizeof(label), "full-dh%u", lt_opt.dh_group);
	if (!lt_run_phase(clients, lt_opt.count, false, label))
		rc = 1;
	if (mode.resume && !lt_run_phase(clients, lt_opt.count, true, "resume"))
		rc = 1;
	if (mode.commands) {
		printf("READY\n");
		fflush(stdout);
		char line[256];
		unsigned phase = 0;
		while (fgets(line, sizeof(line), stdin) != NULL && command(clients, line, &phase))
			continue;
	}
	for (unsigned i = 0; i < lt_opt.count; i++)
		lt_client_free(&clients[i]);
	free(clients);
	lt_net_close();
	lt_client_shutdown();
	lt_cert_shutdown();
	secret_free(&lt_opt.psk);
	NSS_Shutdown();
	return rc;
}
