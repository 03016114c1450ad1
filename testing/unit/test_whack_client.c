/*
 * The whack program and the ipsec script against a fake pluto: a child
 * process serving the control socket with the real codec, answering
 * each request with lines that show what it decoded.
 *
 * Runs the whack built next to this test (build/ or build-asan/), so
 * `make all` must have built the programs.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "whack_msg.h"

static char tmpdir[] = "/tmp/test-whack-XXXXXX";
static char ctl[PATH_MAX];		/* tmpdir/pluto.ctl */
static char builddir[PATH_MAX];	/* build or build-asan, absolute */
static char whack_path[PATH_MAX + 32];
static pid_t server_pid = -1;

static void slurp(const char *path, char *buf, size_t cap);

/* Fake pluto. */

static void reply(int fd, enum whack_reply_kind kind, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	uint8_t buf[WHACK_RECORD_MAX];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	whack_reply_put_line(&out, kind, text);
	struct bytes b = wire_out_bytes(&out);
	if (write(fd, b.ptr, b.len) != (ssize_t)b.len)
		_exit(1);
}

static void reply_end(int fd, uint8_t status)
{
	uint8_t buf[8];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	whack_reply_put_end(&out, status);
	if (write(fd, buf, out.len) != (ssize_t)out.len)
		_exit(1);
}

/* Reads one request; false (after answering) if it is refused. */
static bool serve_read(int fd, struct whack_request *req)
{
	uint8_t buf[WHACK_REQUEST_MAX];
	size_t have = 0, need = 0;
	struct whack_error err;
	enum whack_frame f;
	while ((f = whack_request_frame(BYTES(buf, have), &need, &err)) == WHACK_FRAME_INCOMPLETE) {
		ssize_t n = read(fd, buf + have, (need > 0 ? need : WHACK_HEADER_SIZE) - have);
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	if (f == WHACK_FRAME_COMPLETE && whack_request_decode(BYTES(buf, need), req, &err))
		return true;
	if (f != WHACK_FRAME_BAD && err.code == WHACK_ERR_NONE)
		whack_request_decode(BYTES(buf, have), req, &err);	/* for the reason */
	reply(fd, WHACK_REPLY_ERROR, "refused: %s", err.text);
	reply_end(fd, WHACK_STATUS_REFUSED);
	return false;
}

/* Answers one request; false when told to shut down. */
static bool serve_one(int fd)
{
	struct whack_request req;
	if (!serve_read(fd, &req))
		return true;
	const char *cmd = whack_command_name(req.command);
	if (req.command == WHACK_SHUTDOWN) {
		reply(fd, WHACK_REPLY_INFO, "shutting down");
		reply_end(fd, 0);
		return false;
	}
	if (req.command == WHACK_STATUS) {
		reply(fd, WHACK_REPLY_INFO, "status line 1");
		reply(fd, WHACK_REPLY_INFO, "status line 2");
		reply_end(fd, 0);
	} else if (req.command == WHACK_DEBUG) {
		reply(fd, WHACK_REPLY_INFO, "debug set=%u clear=%u", req.debug_set, req.debug_clear);
		reply_end(fd, 0);
	} else if (req.command == WHACK_IMPAIR) {
		reply(fd, WHACK_REPLY_INFO, "impair %s %s", whack_impair_name(req.impair),
		      req.impair_on ? "on" : "off");
		reply_end(fd, 0);
	} else if (strcmp(req.name, "nosuch") == 0) {
		reply(fd, WHACK_REPLY_ERROR, "no connection named \"nosuch\"");
		reply_end(fd, WHACK_STATUS_NO_CONNECTION);
	} else if (strcmp(req.name, "dropme") == 0) {
		reply(fd, WHACK_REPLY_INFO, "about to vanish");	/* and no end record */
	} else if (strcmp(req.name, "garbage") == 0) {
		static const uint8_t junk[] = { 0x01, 0x00, 0x02, 'a', 0x1b };
		if (write(fd, junk, sizeof(junk)) != sizeof(junk))
			_exit(1);
	} else {
		reply(fd, WHACK_REPLY_INFO, "%s %s flags=%u", cmd, req.name, req.flags);
		reply_end(fd, 0);
	}
	return true;
}

/* Serves until shut down, then removes what it created. */
static void serve(int lfd, const char *ctl_path, const char *pid_path)
{
	alarm(60);	/* never outlive a stuck test */
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			_exit(1);
		bool more = serve_one(fd);
		close(fd);
		if (!more) {
			if (pid_path != NULL)
				unlink(pid_path);
			unlink(ctl_path);
			_exit(0);
		}
	}
}

static int listen_on(const char *path, bool do_listen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(fd >= 0);
	CHECK(bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	if (do_listen)
		CHECK(listen(fd, 8) == 0);
	return fd;
}

/*
 * The same binary, run as "pluto" (through a symlink the ipsec test
 * makes), is a fake pluto for `ipsec start/stop/checkconfig`: it takes
 * pluto's options, --checkconfig refuses a config mentioning
 * "syntax-error", and --nofork serves the control socket with a pid file.
 * glibc passes argc/argv to constructors.
 */
static void fake_pluto(int argc, char **argv)
{
	const char *config = "/etc/ipsec.conf", *rundir = "/run/pluto", *ctlsocket = NULL;
	bool check = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--checkconfig") == 0)
			check = true;
		else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (strcmp(argv[i], "--rundir") == 0 && i + 1 < argc)
			rundir = argv[++i];
		else if (strcmp(argv[i], "--ctlsocket") == 0 && i + 1 < argc)
			ctlsocket = argv[++i];
	}
	if (check) {
		char text[4096];
		slurp(config, text, sizeof(text));
		bool bad = strstr(text, "syntax-error") != NULL;
		fprintf(stderr, "%s: %s\n", config, bad ? "line 1: syntax error" : "ok");
		_exit(bad ? 1 : 0);
	}
	char text[4096];
	slurp(config, text, sizeof(text));
	if (strstr(text, "die-at-start") != NULL)
		_exit(7);
	static char ctl_path[PATH_MAX + 16], pid_path[PATH_MAX + 16];
	if (ctlsocket != NULL)
		snprintf(ctl_path, sizeof(ctl_path), "%s", ctlsocket);
	else
		snprintf(ctl_path, sizeof(ctl_path), "%s/pluto.ctl", rundir);
	snprintf(pid_path, sizeof(pid_path), "%s/pluto.pid", rundir);
	FILE *f = fopen(pid_path, "w");
	if (f == NULL)
		_exit(1);
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	serve(listen_on(ctl_path, true), ctl_path, pid_path);
}

__attribute__((constructor))
static void maybe_fake_pluto(int argc, char **argv, char **envp)
{
	(void)envp;
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	if (argc > 0 && strcmp(slash == NULL ? argv[0] : slash + 1, "pluto") == 0)
		fake_pluto(argc, argv);
}

/* Running programs. */

struct run {
	int status;
	char out[4096];
	char err[4096];
};

static void slurp(const char *path, char *buf, size_t cap)
{
	buf[0] = '\0';
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return;
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Runs argv (NULL-terminated) with stdout/stderr captured. */
static void run(struct run *r, char *const argv[])
{
	char out_path[PATH_MAX], err_path[PATH_MAX];
	snprintf(out_path, sizeof(out_path), "%s/out", tmpdir);
	snprintf(err_path, sizeof(err_path), "%s/err", tmpdir);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int n = open("/dev/null", O_RDONLY);
		if (o < 0 || e < 0 || n < 0)
			_exit(126);
		dup2(n, 0);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	int ws = 0;
	CHECK(pid > 0 && waitpid(pid, &ws, 0) == pid);
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	slurp(out_path, r->out, sizeof(r->out));
	slurp(err_path, r->err, sizeof(r->err));
}

#define WHACK(r, ...) run((r), (char *const[]){ whack_path, __VA_ARGS__, NULL })

static void expect(const struct run *r, int status, const char *out, const char *err)
{
	bool ok = r->status == status && strcmp(r->out, out) == 0 &&
		  (err == NULL ? r->err[0] == '\0' : strstr(r->err, err) != NULL);
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "  got status %d\n  stdout: [%s]\n  stderr: [%s]\n",
			r->status, r->out, r->err);
}

/* Setup and teardown are the first and last cases. */

static void test_setup(void)
{
	alarm(120);
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	CHECK(n > 0);
	self[n > 0 ? n : 0] = '\0';
	/* <builddir>/testing/unit/test_whack_client */
	snprintf(builddir, sizeof(builddir), "%s", dirname(dirname(dirname(self))));
	snprintf(whack_path, sizeof(whack_path), "%s/programs/whack/whack", builddir);
	bool built = access(whack_path, X_OK) == 0;
	CHECK(built);
	if (!built)
		fprintf(stderr, "  %s missing: run `make all` first\n", whack_path);
	CHECK(mkdtemp(tmpdir) != NULL);
	snprintf(ctl, sizeof(ctl), "%s/pluto.ctl", tmpdir);
	int lfd = listen_on(ctl, true);
	fflush(NULL);
	server_pid = fork();
	if (server_pid == 0)
		serve(lfd, ctl, NULL);
	close(lfd);
	CHECK(server_pid > 0);
}

static void test_status_lines_and_exit(void)
{
	struct run r;
	WHACK(&r, "--ctlsocket", ctl, "--status");
	expect(&r, 0, "status line 1\nstatus line 2\n", NULL);
	WHACK(&r, "--rundir", tmpdir, "--trafficstatus");
	expect(&r, 0, "trafficstatus  flags=0\n", NULL);
	WHACK(&r, "--ctlsocket=/nonexistent/x.ctl", "--rundir", tmpdir, "--status");
	expect(&r, 3, "", "whack: Pluto is not running (no \"/nonexistent/x.ctl\"): "
		   "No such file or directory\n");
}

static void test_connection_commands(void)
{
	struct run r;
	WHACK(&r, "--rundir", tmpdir, "--name", "west", "--initiate", "--asynchronous");
	expect(&r, 0, "initiate west flags=1\n", NULL);
	WHACK(&r, "--rundir", tmpdir, "--suspend", "--resume", "--name=road");
	expect(&r, 0, "suspend road flags=0\nresume road flags=0\n", NULL);
	WHACK(&r, "--rundir", tmpdir, "--name", "gw", "--add", "--replace", "--delete",
	      "--terminate");
	expect(&r, 0, "add gw flags=0\nreplace gw flags=0\ndelete gw flags=0\n"
		   "terminate gw flags=0\n", NULL);
	/* pluto's status is whack's; it stops at the first failure */
	WHACK(&r, "--rundir", tmpdir, "--name", "nosuch", "--initiate", "--status");
	expect(&r, 6, "no connection named \"nosuch\"\n", NULL);
}

static void test_debug_classes(void)
{
	struct run r;
	WHACK(&r, "--rundir", tmpdir, "--debug", "all", "--debug", "no-private", "--status");
	expect(&r, 0, "debug set=1 clear=2\nstatus line 1\nstatus line 2\n", NULL);
	WHACK(&r, "--rundir", tmpdir, "--debug", "--debug-none", "--debug", "private");
	expect(&r, 0, "debug set=2 clear=1\n", NULL);
	WHACK(&r, "--rundir", tmpdir, "--no-debug");
	expect(&r, 0, "debug set=0 clear=3\n", NULL);
	WHACK(&r, "--rundir", tmpdir, "--debug", "bogus");
	expect(&r, 2, "", "whack: unknown debug class \"bogus\"");
}

static void test_impair(void)
{
	struct run r;
	WHACK(&r, "--rundir", tmpdir, "--impair", "ticket-tamper", "--impair=no-ticket-ack",
	      "--impair", "none");
	expect(&r, 0, "impair ticket-tamper on\nimpair ticket-ack off\nimpair none off\n", NULL);
	WHACK(&r, "--rundir", tmpdir, "--impair", "ticket");
	expect(&r, 2, "", "whack: unknown impairment \"ticket\" (see --impair list)");
	WHACK(&r, "--rundir", tmpdir, "--impair", "no-none");
	expect(&r, 2, "", "unknown impairment \"no-none\"");
	WHACK(&r, "--rundir", tmpdir, "--impair");
	expect(&r, 2, "", "--impair needs a value");
	WHACK(&r, "--impair", "list");
	CHECK(r.status == 0 && strstr(r.out, "ticket-replay") != NULL &&
	      strstr(r.out, "resume-no-ticket") != NULL && strstr(r.out, "no-WHAT") != NULL);
}

static void test_bad_replies(void)
{
	struct run r;
	WHACK(&r, "--rundir", tmpdir, "--name", "dropme", "--terminate");
	expect(&r, 5, "about to vanish\n",
	       "whack: pluto closed the connection without a final status\n");
	WHACK(&r, "--rundir", tmpdir, "--name", "garbage", "--terminate");
	expect(&r, 5, "", "whack: bad reply from pluto: reply line has control byte 0x1b");
}

static void test_usage_errors(void)
{
	struct run r;
	WHACK(&r, "--rundir", tmpdir, "--initiate");
	expect(&r, 2, "", "whack: --initiate needs --name NAME\n");
	WHACK(&r, "--name", "a\tb", "--delete");
	expect(&r, 2, "", "non-printable byte 0x09 at offset 1");
	WHACK(&r, "--name", "x", "--status");
	expect(&r, 2, "", "--name given without a command");
	WHACK(&r, "--status", "extra");
	expect(&r, 2, "", "unexpected argument \"extra\"");
	WHACK(&r, "--ctlsocket");
	expect(&r, 2, "", "--ctlsocket needs a value");
	WHACK(&r, "--frobnicate");
	expect(&r, 2, "", "unknown option \"--frobnicate\"");
	WHACK(&r, "--help");
	CHECK(r.status == 0 && strstr(r.out, "--suspend") != NULL);
}

static void test_not_listening(void)
{
	char stale[PATH_MAX];
	snprintf(stale, sizeof(stale), "%s/stale.ctl", tmpdir);
	int fd = listen_on(stale, false);	/* bound, never listening */
	struct run r;
	WHACK(&r, "--ctlsocket", stale, "--status");
	expect(&r, 3, "", "whack: Pluto is not running (nothing listening on");
	close(fd);
	unlink(stale);
}

/* The ipsec script, run from the source tree, finds this whack. */
static void test_ipsec_script(void)
{
	char script[PATH_MAX];
	CHECK(realpath("programs/ipsec/ipsec", script) != NULL);
	setenv("IPSEC_BUILDDIR", builddir, 1);
	struct run r;
	run(&r, (char *const[]){ script, "--rundir", tmpdir, "status", NULL });
	expect(&r, 0, "status line 1\nstatus line 2\n", NULL);
	run(&r, (char *const[]){ script, "--rundir", tmpdir, "auto", "--up", "west", NULL });
	expect(&r, 0, "initiate west flags=0\n", NULL);
	run(&r, (char *const[]){ script, "--ctlsocket", ctl, "auto", "--asynchronous",
				 "--suspend", "west", NULL });
	expect(&r, 0, "suspend west flags=1\n", NULL);
	run(&r, (char *const[]){ script, "--rundir", tmpdir, "whack", "--name", "nosuch",
				 "--resume", NULL });
	expect(&r, 6, "no connection named \"nosuch\"\n", NULL);
	run(&r, (char *const[]){ script, "--rundir", tmpdir, "trafficstatus", NULL });
	expect(&r, 0, "trafficstatus  flags=0\n", NULL);
	run(&r, (char *const[]){ script, "--rundir", "/nonexistent", "status", NULL });
	expect(&r, 3, "", "Pluto is not running");
	run(&r, (char *const[]){ script, "auto", "--up", NULL });
	expect(&r, 2, "", "ipsec: auto: --up needs a connection name");
	run(&r, (char *const[]){ script, "frob", NULL });
	expect(&r, 2, "", "ipsec: unknown command \"frob\"");
	run(&r, (char *const[]){ script, "--version", NULL });
	expect(&r, 0, "ipsec (pluto-resume) 0.1\n", NULL);
	run(&r, (char *const[]){ script, "--help", NULL });
	CHECK(r.status == 0 && strstr(r.out, "initnss") != NULL);
	run(&r, (char *const[]){ script, "--rundir", NULL });
	expect(&r, 2, "", "ipsec: --rundir needs a value\n");

	/* initnss: an empty NSS database, never overwritten */
	char nss[PATH_MAX + 16], db[PATH_MAX + 32];
	snprintf(nss, sizeof(nss), "%s/nss", tmpdir);
	snprintf(db, sizeof(db), "%s/cert9.db", nss);
	run(&r, (char *const[]){ script, "initnss", "--nssdir", nss, NULL });
	CHECK(r.status == 0 && access(db, F_OK) == 0);
	run(&r, (char *const[]){ script, "--nssdir", nss, "initnss", NULL });
	expect(&r, 1, "", "ipsec: initnss: an NSS database already exists in");
	unsetenv("IPSEC_BUILDDIR");
}


static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* ipsec start/stop/checkconfig with the fake pluto (this binary as "pluto"). */
static void test_ipsec_start_stop(void)
{
	char fake[PATH_MAX], dir[PATH_MAX + 64], link[PATH_MAX + 96], self[PATH_MAX];
	char script[PATH_MAX], run_dir[PATH_MAX + 16], conf[PATH_MAX + 16];
	CHECK(realpath("programs/ipsec/ipsec", script) != NULL);
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	snprintf(fake, sizeof(fake), "%s/fake", tmpdir);
	snprintf(dir, sizeof(dir), "%s/programs/pluto", fake);
	char cmd[3 * PATH_MAX];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/programs/pluto %s/programs/whack %s/more",
		 fake, fake, tmpdir);
	CHECK(system(cmd) == 0);
	snprintf(link, sizeof(link), "%s/pluto", dir);
	CHECK(symlink(self, link) == 0);
	snprintf(link, sizeof(link), "%s/programs/whack/whack", fake);
	CHECK(symlink(whack_path, link) == 0);
	snprintf(run_dir, sizeof(run_dir), "%s/run", tmpdir);
	snprintf(conf, sizeof(conf), "%s/ipsec.conf", tmpdir);
	write_file(tmpdir, "ipsec.conf",
		   "# auto=start conns are started, following also= and include\n"
		   "config setup\n\tticket-key-rotation=1h\n\n"
		   "conn %default\n\tauto=add\n\n"
		   "conn tmpl\n\tauto=start\n\n"
		   "conn west\n\talso = tmpl\n\tleft=192.0.2.1\n\n"
		   "conn east # a comment\n\tright=192.0.2.2\n\n"
		   "conn off\n\tauto=ignore\n\talso=tmpl\n\n"
		   "conn addonly\n\tauto=add\n\n"
		   "conn last-also-wins\n\talso=tmpl\n\talso=addonly\n\n"
		   "conn pick2\n\talso=addonly\n\talso=tmpl\n\n"
		   "conn cleared\n\talso=tmpl\n\tauto=\n\n"
		   "conn hash\n\tleftid=@a#b\n\tauto=start # started\n\n"
		   "include more/*.conf\n");
	write_file(tmpdir, "more/road.conf", "conn road\n\tauto=\"start\"\n");
	setenv("IPSEC_BUILDDIR", fake, 1);
	setenv("IPSEC_TIMEOUT", "20", 1);

	struct run r;
	run(&r, (char *const[]){ script, "--config", conf, "checkconfig", NULL });
	expect(&r, 0, "", "ipsec.conf: ok");
	run(&r, (char *const[]){ script, "--rundir", run_dir, "stop", NULL });
	expect(&r, 0, "", "ipsec: pluto is not running\n");
	run(&r, (char *const[]){ script, "--rundir", run_dir, "--config", conf, "start", NULL });
	expect(&r, 0, "listen  flags=0\ninitiate tmpl flags=1\ninitiate west flags=1\n"
		   "initiate pick2 flags=1\ninitiate hash flags=1\ninitiate road flags=1\n", NULL);
	run(&r, (char *const[]){ script, "--rundir", run_dir, "--config", conf, "start", NULL });
	expect(&r, 0, "", "ipsec: pluto is already running\n");
	run(&r, (char *const[]){ script, "--rundir", run_dir, "up", "east", NULL });
	expect(&r, 0, "initiate east flags=0\n", NULL);
	run(&r, (char *const[]){ script, "--rundir", run_dir, "stop", NULL });
	expect(&r, 0, "shutting down\n", NULL);
	struct stat st;
	CHECK(stat(run_dir, &st) == 0 && lstat(ctl, &st) == 0);	/* the other fake's */
	snprintf(link, sizeof(link), "%s/pluto.pid", run_dir);
	CHECK(access(link, F_OK) != 0);	/* the fake cleaned up, so it ran to the end */

	write_file(tmpdir, "ipsec.conf", "conn x\n\tdie-at-start\n");
	run(&r, (char *const[]){ script, "--rundir", run_dir, "--config", conf, "start", NULL });
	expect(&r, 1, "", "ipsec: pluto exited (status 7) while starting");
	write_file(tmpdir, "ipsec.conf", "conn x\n\tsyntax-error\n");
	run(&r, (char *const[]){ script, "--rundir", run_dir, "--config", conf, "start", NULL });
	expect(&r, 1, "", "ipsec: configuration errors: pluto not started\n");
	unsetenv("IPSEC_BUILDDIR");
	unsetenv("IPSEC_TIMEOUT");
}

static void test_shutdown_and_teardown(void)
{
	struct run r;
	WHACK(&r, "--rundir", tmpdir, "--shutdown");
	expect(&r, 0, "shutting down\n", NULL);
	int ws = 0;
	CHECK(server_pid > 0 && waitpid(server_pid, &ws, 0) == server_pid);
	CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	CHECK(system(cmd) == 0);
}

UNIT_MAIN(UNIT(test_setup), UNIT(test_status_lines_and_exit), UNIT(test_impair),
	  UNIT(test_connection_commands), UNIT(test_debug_classes), UNIT(test_bad_replies),
	  UNIT(test_usage_errors), UNIT(test_not_listening), UNIT(test_ipsec_script),
	  UNIT(test_ipsec_start_stop),
	  UNIT(test_shutdown_and_teardown))
