/*
 * pluto: the IKEv2 daemon.  Options, start-up, the event loop, signals
 * and shut-down.  Option names follow libreswan's pluto so that operators'
 * habits and scripts carry over.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cap-ng.h>
#include <event2/event.h>
#include <nss.h>

#include "chunk.h"
#include "log.h"
#include "pluto.h"
#include "pluto_startup.h"
#include "version.h"

struct pluto_options pluto_options = {
	.config = "/etc/ipsec.conf",
	.secrets = "/etc/ipsec.secrets",
	.rundir = "/run/pluto",
	.nssdir = "/var/lib/ipsec/nss",
	.ikeport = 500,
	.nattport = 4500,
};
struct event_base *pluto_event_base;

double pluto_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t pluto_wallclock(void)
{
	return (uint64_t)time(NULL);
}

void pluto_request_shutdown(void)
{
	event_base_loopbreak(pluto_event_base);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: pluto [options]\n"
		"  --config FILE        ipsec.conf (default /etc/ipsec.conf)\n"
		"  --secretsfile FILE   ipsec.secrets (default /etc/ipsec.secrets)\n"
		"  --ctlsocket PATH     whack control socket (default RUNDIR/pluto.ctl)\n"
		"  --rundir DIR         pid file and control socket (default /run/pluto)\n"
		"  --nssdir DIR         NSS database (default /var/lib/ipsec/nss)\n"
		"  --logfile FILE       log to FILE (default syslog)\n"
		"  --stderrlog          log to standard error\n"
		"  --nofork             stay in the foreground\n"
		"  --debug              debug logging (secrets are still not logged)\n"
		"  --ikeport N          IKE port (default 500)\n"
		"  --natt-port N        NAT-T port (default 4500, 0 disables)\n"
		"  --checkconfig        check ipsec.conf and ipsec.secrets, then exit\n"
		"  --version, --help\n");
}

static bool parse_port(const char *s, uint16_t *port)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

static int parse_options(int argc, char **argv)
{
	enum { O_CONFIG = 256, O_SECRETS, O_CTL, O_RUNDIR, O_NSS, O_LOGFILE, O_STDERR,
	       O_NOFORK, O_DEBUG, O_IKEPORT, O_NATTPORT, O_CHECK, O_VERSION, O_HELP };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, O_CONFIG },
		{ "secretsfile", required_argument, NULL, O_SECRETS },
		{ "ctlsocket", required_argument, NULL, O_CTL },
		{ "rundir", required_argument, NULL, O_RUNDIR },
		{ "nssdir", required_argument, NULL, O_NSS },
		{ "ipsecdir", required_argument, NULL, O_NSS },
		{ "logfile", required_argument, NULL, O_LOGFILE },
		{ "stderrlog", no_argument, NULL, O_STDERR },
		{ "nofork", no_argument, NULL, O_NOFORK },
		{ "debug", optional_argument, NULL, O_DEBUG },
		{ "ikeport", required_argument, NULL, O_IKEPORT },
		{ "natt-port", required_argument, NULL, O_NATTPORT },
		{ "checkconfig", no_argument, NULL, O_CHECK },
		{ "version", no_argument, NULL, O_VERSION },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_CONFIG: pluto_options.config = optarg; break;
		case O_SECRETS: pluto_options.secrets = optarg; break;
		case O_CTL: pluto_options.ctlsocket = optarg; break;
		case O_RUNDIR: pluto_options.rundir = optarg; break;
		case O_NSS: pluto_options.nssdir = optarg; break;
		case O_LOGFILE: pluto_options.logfile = optarg; break;
		case O_STDERR: pluto_options.stderrlog = true; break;
		case O_NOFORK: pluto_options.nofork = true; break;
		case O_DEBUG:
			pluto_options.debug = optarg == NULL || strcmp(optarg, "none") != 0;
			break;
		case O_IKEPORT:
		case O_NATTPORT:
			if (!parse_port(optarg, c == O_IKEPORT ? &pluto_options.ikeport
							       : &pluto_options.nattport)) {
				fprintf(stderr, "pluto: bad port '%s'\n", optarg);
				return 2;
			}
			break;
		case O_CHECK: pluto_options.checkconfig = true; break;
		case O_VERSION: printf("pluto " SWAN_VERSION "\n"); exit(0);
		case O_HELP: usage(stdout); exit(0);
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pluto: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	return 0;
}

static char *ctlsocket_path;
static char *pidfile_path;

/* The pid file is locked for as long as pluto runs: a second pluto finds
 * it locked, while a file left by a killed pluto (even one whose zombie
 * still has the pid) is not, and is reused. */
static int pidfile_fd = -1;

static bool write_pidfile(void)
{
	size_t n = strlen(pluto_options.rundir) + sizeof("/pluto.pid");
	pidfile_path = xmalloc(n);
	snprintf(pidfile_path, n, "%s/pluto.pid", pluto_options.rundir);
	pidfile_fd = open(pidfile_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (pidfile_fd < 0) {
		log_error("cannot create %s: %s", pidfile_path, strerror(errno));
		return false;
	}
	if (flock(pidfile_fd, LOCK_EX | LOCK_NB) != 0) {
		char pid[32] = "";
		ssize_t r = read(pidfile_fd, pid, sizeof(pid) - 1);
		pid[r > 0 ? r : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		log_error("pluto is already running (pid %s, %s)", pid, pidfile_path);
		close(pidfile_fd);
		pidfile_fd = -1;
		return false;
	}
	if (ftruncate(pidfile_fd, 0) != 0 || dprintf(pidfile_fd, "%ld\n", (long)getpid()) < 0) {
		log_error("cannot write %s: %s", pidfile_path, strerror(errno));
		return false;
	}
	return true;
}

static void remove_pidfile(void)
{
	if (pidfile_fd >= 0) {
		unlink(pidfile_path);
		close(pidfile_fd);
	}
}

/* After the sockets are bound pluto needs only CAP_NET_ADMIN (XFRM netlink)
 * and CAP_NET_BIND_SERVICE (whack --listen re-binds 500/4500). */
static void drop_capabilities(void)
{
	if (geteuid() != 0)
		return;
	capng_clear(CAPNG_SELECT_BOTH);
	capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
		      CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_NET_RAW, -1);
	if (capng_apply(CAPNG_SELECT_BOTH) != 0)
		log_warn("could not drop capabilities");
	else
		log_debug("capabilities reduced to CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_NET_RAW");
}

static bool init_nss(void)
{
	struct stat st;
	SECStatus rv;
	if (pluto_options.nssdir != NULL && stat(pluto_options.nssdir, &st) == 0) {
		char db[4096];
		snprintf(db, sizeof(db), "sql:%s", pluto_options.nssdir);
		rv = NSS_Initialize(db, "", "", SECMOD_DB, NSS_INIT_READONLY);
		if (rv == SECSuccess) {
			log_info("NSS database %s opened", pluto_options.nssdir);
			return true;
		}
		log_warn("cannot open NSS database %s; continuing without it", pluto_options.nssdir);
	}
	/* not NSS_NoDB_Init(): without NSS_INIT_OPTIMIZESPACE softoken sizes its
	 * session tables for many objects, and a gateway holds keys for
	 * thousands of SAs */
	rv = NSS_Initialize("", "", "", "", NSS_INIT_READONLY | NSS_INIT_NOCERTDB | NSS_INIT_NOMODDB |
			    NSS_INIT_FORCEOPEN | NSS_INIT_NOROOTINIT);
	if (rv != SECSuccess) {
		log_error("NSS initialisation failed");
		return false;
	}
	log_info("NSS initialised without a database (PSK only)");
	return true;
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		log_info("%s: shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
		pluto_request_shutdown();
		break;
	case SIGHUP:
		log_info("SIGHUP: re-reading secrets");
		pluto_reread_secrets();
		break;
	}
}

static void flush_cb(evutil_socket_t fd, short what, void *arg)
{
	log_flush();
}

static int daemonize(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	setsid();
	int fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (!pluto_options.stderrlog)
			dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

static void open_log(void)
{
	if (pluto_options.logfile != NULL) {
		if (!log_open("pluto", LOG_DEST_FILE, pluto_options.logfile)) {
			fprintf(stderr, "pluto: cannot open log file %s: %s\n",
				pluto_options.logfile, strerror(errno));
			exit(1);
		}
	} else if (pluto_options.stderrlog || pluto_options.checkconfig) {
		log_open("pluto", LOG_DEST_STDERR, NULL);
	} else {
		log_open("pluto", LOG_DEST_SYSLOG, NULL);
	}
	log_set_debug(pluto_options.debug);
	log_set_timestamps(pluto_options.logfile != NULL);
}

int main(int argc, char **argv)
{
	int rc = parse_options(argc, argv);
	if (rc != 0)
		return rc;
	if (pluto_options.ctlsocket == NULL) {
		size_t n = strlen(pluto_options.rundir) + sizeof("/pluto.ctl");
		ctlsocket_path = xmalloc(n);
		snprintf(ctlsocket_path, n, "%s/pluto.ctl", pluto_options.rundir);
		pluto_options.ctlsocket = ctlsocket_path;
	}
	open_log();
	if (pluto_options.checkconfig) {
		/* text DNs (leftid="C=CA, CN=west") are parsed by NSS */
		if (!init_nss())
			return 1;
		rc = pluto_checkconfig() ? 0 : 1;
		NSS_Shutdown();
		return rc;
	}

	if (!pluto_options.nofork && daemonize() != 0) {
		log_error("fork: %s", strerror(errno));
		return 1;
	}
	mkdir(pluto_options.rundir, 0755);
	if (!write_pidfile())
		return 1;
	log_info("pluto " SWAN_VERSION " starting (pid %ld)", (long)getpid());
	pluto_event_base = event_base_new();
	if (pluto_event_base == NULL || !init_nss()) {
		remove_pidfile();
		return 1;
	}
	struct event *sigs[3];
	static const int signals[3] = { SIGTERM, SIGINT, SIGHUP };
	for (int i = 0; i < 3; i++) {
		sigs[i] = evsignal_new(pluto_event_base, signals[i], on_signal, NULL);
		evsignal_add(sigs[i], NULL);
	}
	signal(SIGPIPE, SIG_IGN);

	/* log lines from timers and whack reach the file within 100 ms */
	struct event *flusher = event_new(pluto_event_base, -1, EV_PERSIST, flush_cb, NULL);
	evtimer_add(flusher, &(struct timeval){ .tv_usec = 100000 });
	rc = 1;
	if (pluto_startup()) {
		drop_capabilities();
		log_info("pluto is ready");
		event_base_dispatch(pluto_event_base);
		rc = 0;
	}
	pluto_shutdown();
	for (int i = 0; i < 3; i++)
		event_free(sigs[i]);
	event_free(flusher);
	event_base_free(pluto_event_base);
	/* NSS refuses to shut down while objects are still referenced: a leak */
	if (NSS_Shutdown() != SECSuccess)
		log_error("NSS_Shutdown failed: NSS objects were leaked");
	remove_pidfile();
	free(pidfile_path);
	free(ctlsocket_path);
	log_info("pluto stopped");
	log_close();
	return rc;
}
