/*
 * whack's options, one table.  Each option is `--name`, with its value
 * either in the next argument or after '=' (`--name=west`).
 */
#include <stdarg.h>
#include <string.h>

#include "whack_options.h"

enum option_kind {
	OPT_CTLSOCKET,
	OPT_RUNDIR,
	OPT_NAME,
	OPT_COMMAND,	/* sends `command` */
	OPT_DEBUG,	/* --debug [CLASS]: CLASS optional, "all" when absent */
	OPT_DEBUG_CLASS,	/* fixed class: --no-debug, --debug-all, ... */
	OPT_IMPAIR,	/* --impair WHAT | no-WHAT | none | list */
	OPT_ASYNC,
	OPT_HELP,
	OPT_VERSION,
};

struct option_desc {
	const char *name;
	enum option_kind kind;
	enum whack_command command;	/* OPT_COMMAND */
	const char *debug_class;	/* OPT_DEBUG_CLASS */
};

static const struct option_desc options[] = {
	{ "ctlsocket", OPT_CTLSOCKET, 0, NULL },
	{ "rundir", OPT_RUNDIR, 0, NULL },
	{ "name", OPT_NAME, 0, NULL },
	{ "initiate", OPT_COMMAND, WHACK_INITIATE, NULL },
	{ "terminate", OPT_COMMAND, WHACK_TERMINATE, NULL },
	{ "suspend", OPT_COMMAND, WHACK_SUSPEND, NULL },
	{ "resume", OPT_COMMAND, WHACK_RESUME, NULL },
	{ "add", OPT_COMMAND, WHACK_ADD, NULL },
	{ "delete", OPT_COMMAND, WHACK_DELETE, NULL },
	{ "replace", OPT_COMMAND, WHACK_REPLACE, NULL },
	{ "status", OPT_COMMAND, WHACK_STATUS, NULL },
	{ "trafficstatus", OPT_COMMAND, WHACK_TRAFFICSTATUS, NULL },
	{ "listen", OPT_COMMAND, WHACK_LISTEN, NULL },
	{ "rereadsecrets", OPT_COMMAND, WHACK_REREADSECRETS, NULL },
	{ "shutdown", OPT_COMMAND, WHACK_SHUTDOWN, NULL },
	{ "rekey-child", OPT_COMMAND, WHACK_REKEY_CHILD, NULL },
	{ "rekey-ike", OPT_COMMAND, WHACK_REKEY_IKE, NULL },
	{ "debug", OPT_DEBUG, 0, NULL },
	{ "no-debug", OPT_DEBUG_CLASS, 0, "none" },
	{ "debug-all", OPT_DEBUG_CLASS, 0, "all" },
	{ "debug-none", OPT_DEBUG_CLASS, 0, "none" },
	{ "impair", OPT_IMPAIR, 0, NULL },
	{ "asynchronous", OPT_ASYNC, 0, NULL },
	{ "help", OPT_HELP, 0, NULL },
	{ "version", OPT_VERSION, 0, NULL },
};

struct debug_class {
	const char *name;
	uint8_t set;
	uint8_t clear;
	const char *help;
};

static const struct debug_class debug_classes[] = {
	{ "all", WHACK_DEBUG_BASE, 0, "debug logging (not private)" },
	{ "base", WHACK_DEBUG_BASE, 0, "the same as all" },
	{ "private", WHACK_DEBUG_PRIVATE, 0, "also log key material (dangerous)" },
	{ "none", 0, WHACK_DEBUG_KNOWN, "turn all debugging off" },
	{ "no-base", 0, WHACK_DEBUG_BASE, "turn debug logging off" },
	{ "no-private", 0, WHACK_DEBUG_PRIVATE, "stop logging key material" },
};

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

__attribute__((format(printf, 3, 4)))
static bool usage_error(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return false;
}

void whack_usage(FILE *out)
{
	fputs("Usage: whack [--ctlsocket PATH | --rundir DIR] COMMAND...\n"
	      "\n"
	      "Connection commands (need --name NAME):\n"
	      "  --initiate       bring connection NAME up (resumes if it holds a ticket)\n"
	      "  --terminate      delete its IKE and Child SAs\n"
	      "  --suspend        drop its SAs silently, keeping the session ticket\n"
	      "  --resume         bring it back with IKE_SESSION_RESUME (RFC 5723)\n"
	      "  --add            load conn NAME from pluto's configuration file\n"
	      "  --delete         terminate and forget the connection\n"
	      "  --replace        delete, then load it again from the configuration\n"
	      "  --rekey-child    rekey its Child SAs now (CREATE_CHILD_SA)\n"
	      "  --rekey-ike      rekey its IKE SA now (CREATE_CHILD_SA)\n"
	      "  --asynchronous   return once started instead of once done\n"
	      "\n"
	      "Daemon commands:\n"
	      "  --status         connections and SAs\n"
	      "  --trafficstatus  Child SAs with their byte counts\n"
	      "  --listen         open the IKE sockets, load auto=add/start conns\n"
	      "  --rereadsecrets  reload the secrets file\n"
	      "  --shutdown       stop pluto\n"
	      "  --debug [CLASS]  debug logging on (CLASS: see --debug list)\n"
	      "  --no-debug       debug logging off\n"
	      "  --impair WHAT    testing only: inject a fault (see --impair list)\n"
	      "\n"
	      "Options:\n"
	      "  --ctlsocket PATH pluto's control socket (default " WHACK_DEFAULT_CTLSOCKET ")\n"
	      "  --rundir DIR     use DIR/" WHACK_CTL_NAME "\n"
	      "  --help, --version\n"
	      "\n"
	      "Commands run in the order given; whack stops at the first failure and\n"
	      "exits with pluto's status (0 success, 1 failed, 2 usage, 3 pluto not\n"
	      "running, 4 request refused, 5 bad reply, 6 no such connection).\n", out);
}

void whack_debug_list(FILE *out)
{
	for (size_t i = 0; i < ELEMENTSOF(debug_classes); i++)
		fprintf(out, "%-11s %s\n", debug_classes[i].name, debug_classes[i].help);
}

void whack_impair_list(FILE *out)
{
	for (unsigned i = 0; i <= WHACK_IMPAIR_LAST; i++)
		fprintf(out, "%-17s %s\n", whack_impair_name(i), whack_impair_help(i));
	fputs("no-WHAT           switch WHAT off\n", out);
}

static const struct option_desc *option_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < ELEMENTSOF(options); i++)
		if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
			return &options[i];
	return NULL;
}

static const struct debug_class *debug_class_lookup(const char *name)
{
	for (size_t i = 0; i < ELEMENTSOF(debug_classes); i++)
		if (strcmp(debug_classes[i].name, name) == 0)
			return &debug_classes[i];
	return NULL;
}

/* What the parse collects before it builds the requests. */
struct parse {
	struct whack_invocation *inv;
	const char *name;
	const char *ctlsocket;
	const char *rundir;
	bool async;
	size_t debug_at;	/* index of the debug request, or SIZE_MAX */
	char *why;
	size_t why_len;
};

static bool add_request(struct parse *p, enum whack_command command)
{
	struct whack_invocation *inv = p->inv;
	if (inv->n_requests == WHACK_MAX_REQUESTS)
		return usage_error(p->why, p->why_len, "more than %d commands", WHACK_MAX_REQUESTS);
	whack_request_init(&inv->requests[inv->n_requests++], command);
	return true;
}

/* Several --debug options make one request, sent where the first was. */
static bool add_debug(struct parse *p, const char *class_name)
{
	if (strcmp(class_name, "list") == 0) {
		p->inv->action = WHACK_ACTION_DEBUG_LIST;
		return true;
	}
	const struct debug_class *dc = debug_class_lookup(class_name);
	if (dc == NULL)
		return usage_error(p->why, p->why_len,
				   "unknown debug class \"%s\" (see --debug list)", class_name);
	if (p->debug_at == SIZE_MAX) {
		if (!add_request(p, WHACK_DEBUG))
			return false;
		p->debug_at = p->inv->n_requests - 1;
	}
	struct whack_request *req = &p->inv->requests[p->debug_at];
	req->debug_set = (uint8_t)((req->debug_set & ~dc->clear) | dc->set);
	req->debug_clear = (uint8_t)((req->debug_clear & ~dc->set) | dc->clear);
	return true;
}

/* --impair WHAT switches WHAT on, no-WHAT off, none every one off. */
static bool add_impair(struct parse *p, const char *what)
{
	if (strcmp(what, "list") == 0) {
		p->inv->action = WHACK_ACTION_IMPAIR_LIST;
		return true;
	}
	bool on = strncmp(what, "no-", 3) != 0;
	uint8_t id;
	if (!whack_impair_by_name(on ? what : what + 3, &id) || (id == WHACK_IMPAIR_NONE && !on))
		return usage_error(p->why, p->why_len, "unknown impairment \"%s\" (see --impair list)", what);
	if (!add_request(p, WHACK_IMPAIR))
		return false;
	struct whack_request *req = &p->inv->requests[p->inv->n_requests - 1];
	req->impair = id;
	req->impair_on = on && id != WHACK_IMPAIR_NONE;
	return true;
}

/* Handles one option; *i moves past any value it takes. */
static bool parse_one(struct parse *p, const struct option_desc *o, const char *value,
		      int argc, char **argv, int *i)
{
	bool takes_value = o->kind == OPT_CTLSOCKET || o->kind == OPT_RUNDIR ||
			   o->kind == OPT_NAME || o->kind == OPT_IMPAIR;
	if (takes_value && value == NULL) {
		if (*i + 1 >= argc)
			return usage_error(p->why, p->why_len, "--%s needs a value", o->name);
		value = argv[++*i];
	}
	if (!takes_value && value != NULL && o->kind != OPT_DEBUG)
		return usage_error(p->why, p->why_len, "--%s takes no value", o->name);
	switch (o->kind) {
	case OPT_CTLSOCKET:
		p->ctlsocket = value;
		return true;
	case OPT_RUNDIR:
		p->rundir = value;
		return true;
	case OPT_NAME:
		if (p->name != NULL && strcmp(p->name, value) != 0)
			return usage_error(p->why, p->why_len,
					   "--name given twice (\"%s\" and \"%s\")", p->name, value);
		p->name = value;
		return true;
	case OPT_COMMAND:
		return add_request(p, o->command);
	case OPT_DEBUG:
		/* libreswan spelling: `--debug all`; a bare --debug means all */
		if (value == NULL && *i + 1 < argc && argv[*i + 1][0] != '-')
			value = argv[++*i];
		return add_debug(p, value == NULL ? "all" : value);
	case OPT_DEBUG_CLASS:
		return add_debug(p, o->debug_class);
	case OPT_IMPAIR:
		return add_impair(p, value);
	case OPT_ASYNC:
		p->async = true;
		return true;
	case OPT_HELP:
		p->inv->action = WHACK_ACTION_HELP;
		return true;
	case OPT_VERSION:
		p->inv->action = WHACK_ACTION_VERSION;
		return true;
	}
	return true;
}

static bool set_ctlsocket(struct parse *p)
{
	char *dst = p->inv->ctlsocket;
	size_t cap = sizeof(p->inv->ctlsocket);
	int n;
	if (p->ctlsocket != NULL)
		n = snprintf(dst, cap, "%s", p->ctlsocket);
	else if (p->rundir != NULL)
		n = snprintf(dst, cap, "%s/%s", p->rundir, WHACK_CTL_NAME);
	else
		n = snprintf(dst, cap, "%s", WHACK_DEFAULT_CTLSOCKET);
	if (n < 0 || (size_t)n >= cap)
		return usage_error(p->why, p->why_len, "control socket path too long");
	return true;
}

/* Gives every request its name and flags, checking what needs a name has one. */
static bool finish_requests(struct parse *p)
{
	struct whack_invocation *inv = p->inv;
	bool name_used = false;
	for (size_t r = 0; r < inv->n_requests; r++) {
		struct whack_request *req = &inv->requests[r];
		if (p->async)
			req->flags |= WHACK_FLAG_ASYNC;
		if (whack_command_arg(req->command) != WHACK_ARG_NAME)
			continue;
		if (p->name == NULL)
			return usage_error(p->why, p->why_len, "--%s needs --name NAME",
					   whack_command_name(req->command));
		struct whack_error err;
		if (!whack_name_check(BYTES(p->name, strlen(p->name)), &err))
			return usage_error(p->why, p->why_len, "invalid --name \"%s\": %s",
					   p->name, err.text);
		strcpy(req->name, p->name);	/* checked: fits */
		name_used = true;
	}
	if (p->name != NULL && !name_used)
		return usage_error(p->why, p->why_len,
				   "--name given without a command that uses it (--initiate, --add, ...)");
	if (inv->n_requests == 0)
		return usage_error(p->why, p->why_len, "no command given (see --help)");
	return true;
}

bool whack_options_parse(int argc, char **argv, struct whack_invocation *inv,
			 char *why, size_t why_len)
{
	memset(inv, 0, sizeof(*inv));
	struct parse p = { .inv = inv, .debug_at = SIZE_MAX, .why = why, .why_len = why_len };
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
			return usage_error(why, why_len, "unexpected argument \"%s\"", arg);
		const char *eq = strchr(arg + 2, '=');
		size_t len = eq == NULL ? strlen(arg + 2) : (size_t)(eq - (arg + 2));
		const struct option_desc *o = option_lookup(arg + 2, len);
		if (o == NULL)
			return usage_error(why, why_len, "unknown option \"%.*s\"",
					   (int)(len + 2), arg);
		if (!parse_one(&p, o, eq == NULL ? NULL : eq + 1, argc, argv, &i))
			return false;
	}
	if (inv->action != WHACK_ACTION_RUN)
		return true;
	return set_ctlsocket(&p) && finish_requests(&p);
}
