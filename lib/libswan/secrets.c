/*
 * ipsec.secrets reading: lines into tokens, tokens into entries.
 *
 * An entry is the tokens of a column-0 line plus those of the indented
 * lines that follow it; it is decoded once complete.  Tokens point into
 * the file buffer, which is wiped before it is freed.
 */
#include <stdlib.h>
#include <string.h>

#include "conf_file.h"
#include "secrets.h"

struct token {
	char *text;	/* NUL-terminated in the file buffer */
	bool quoted;
	unsigned line;
};

/* The entry being collected. */
struct pending {
	struct token *tokens;
	size_t len;
	const char *file;
	unsigned line;	/* of its first line; 0: none open */
	bool dropped;	/* a line of it was bad: skip the rest, decode nothing */
};

struct reader {
	struct secrets *s;
	struct pending entry;
	struct conf_errors errors;
	struct conf_errors notes;
};

static bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static void push_token(struct pending *e, char *text, bool quoted, unsigned line)
{
	e->tokens = xrealloc(e->tokens, (e->len + 1) * sizeof(*e->tokens));
	e->tokens[e->len++] = (struct token){ .text = text, .quoted = quoted, .line = line };
}

/*
 * Split a line into tokens.  A bare token ending in ':' is split into
 * the index and the ':' (libreswan: the colon "only needs to be followed
 * by white space").
 */
static const char *tokenize(struct pending *e, char *line, unsigned lineno)
{
	char *p = line;
	for (;;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '#')
			return NULL;
		if (*p == '"') {
			char *close = strchr(p + 1, '"');
			if (close == NULL)
				return "unterminated double quote";
			*close = '\0';
			push_token(e, p + 1, true, lineno);
			p = close + 1;
			if (*p != '\0' && !is_blank(*p))
				return "white space needed after a closing double quote";
			continue;
		}
		char *start = p;
		while (*p != '\0' && !is_blank(*p))
			p++;
		bool more = *p != '\0';
		*p = '\0';
		size_t n = strlen(start);
		if (n > 1 && start[n - 1] == ':') {
			start[n - 1] = '\0';
			push_token(e, start, false, lineno);
			push_token(e, ":", false, lineno);
		} else {
			push_token(e, start, false, lineno);
		}
		if (!more)
			return NULL;
		p++;
	}
}

static struct secret_entry *new_entry(struct reader *r, enum secret_kind kind)
{
	struct secrets *s = r->s;
	s->entries = xrealloc(s->entries, (s->nr_entries + 1) * sizeof(*s->entries));
	struct secret_entry *e = &s->entries[s->nr_entries++];
	*e = (struct secret_entry){
		.kind = kind,
		.file = xstrdup(r->entry.file),
		.line = r->entry.line,
	};
	return e;
}

static void free_ids(struct ike_id *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ike_id_free(&ids[i]);
	free(ids);
}

/* The indices before the ':'; false (error recorded) on a bad one. */
static bool parse_ids(struct reader *r, const struct token *t, size_t n, struct ike_id **ids)
{
	*ids = n > 0 ? xzalloc(n * sizeof(**ids)) : NULL;
	for (size_t i = 0; i < n; i++) {
		const char *err = ike_id_parse(t[i].text, &(*ids)[i]);
		if (err != NULL) {
			conf_error(&r->errors, r->entry.file, t[i].line, "index %.80s: %s",
				   t[i].text, err);
			free_ids(*ids, n);
			*ids = NULL;
			return false;
		}
	}
	return true;
}

static void psk_entry(struct reader *r, const struct token *ids, size_t nr_ids,
		      const struct token *rest, size_t nr_rest)
{
	const struct pending *p = &r->entry;
	if (nr_rest != 1) {
		/* never quote: these tokens may be pieces of the secret */
		conf_error(&r->errors, p->file, p->line, nr_rest == 0 ? "PSK without a secret"
				   : "PSK followed by more than one secret (quote a secret with spaces)");
		return;
	}
	struct secret key;
	const char *err = secret_decode(rest[0].text, rest[0].quoted, &key);
	if (err != NULL) {
		conf_error(&r->errors, p->file, rest[0].line, "%s", err);
		return;
	}
	struct ike_id *parsed;
	if (!parse_ids(r, ids, nr_ids, &parsed)) {
		secret_free(&key);
		return;
	}
	struct secret_entry *e = new_entry(r, SECRET_PSK);
	e->ids = parsed;
	e->nr_ids = nr_ids;
	e->psk = key;
}

static void key_entry(struct reader *r, enum secret_kind kind, const char *name,
		      const struct token *ids, size_t nr_ids, const struct token *rest,
		      size_t nr_rest)
{
	const struct pending *p = &r->entry;
	if (nr_rest == 0 || strcmp(rest[0].text, "{") == 0 || nr_rest > 1) {
		conf_error(&r->notes, p->file, p->line, "%s entry without a single certificate "
			   "nickname ignored: private keys live in the NSS database", name);
		return;
	}
	struct ike_id *parsed;
	if (!parse_ids(r, ids, nr_ids, &parsed))
		return;
	struct secret_entry *e = new_entry(r, kind);
	e->ids = parsed;
	e->nr_ids = nr_ids;
	e->nickname = xstrdup(rest[0].text);
}

/* Decode the collected entry: INDICES : TYPE VALUE. */
static void finish_entry(struct reader *r)
{
	struct pending *p = &r->entry;
	if (p->line == 0 || p->dropped) {
		*p = (struct pending){ .tokens = p->tokens };
		return;
	}
	size_t colon = 0;
	while (colon < p->len && (p->tokens[colon].quoted || strcmp(p->tokens[colon].text, ":") != 0))
		colon++;
	const struct token *rest = p->tokens + colon + 2;
	size_t nr_rest = colon + 2 <= p->len ? p->len - colon - 2 : 0;
	const char *type = colon + 1 < p->len && !p->tokens[colon + 1].quoted
				   ? p->tokens[colon + 1].text : NULL;
	if (colon == p->len)
		conf_error(&r->errors, p->file, p->line,
			   "no ':' in entry (expected: [INDEX...] : PSK \"secret\")");
	else if (type == NULL)
		conf_error(&r->errors, p->file, p->line, "expected PSK, RSA or ECDSA after ':'");
	else if (strcmp(type, "PSK") == 0)
		psk_entry(r, p->tokens, colon, rest, nr_rest);
	else if (strcmp(type, "RSA") == 0)
		key_entry(r, SECRET_RSA, "RSA", p->tokens, colon, rest, nr_rest);
	else if (strcmp(type, "ECDSA") == 0)
		key_entry(r, SECRET_ECDSA, "ECDSA", p->tokens, colon, rest, nr_rest);
	else if (strcmp(type, "XAUTH") == 0 || strcmp(type, "PPKS") == 0)
		conf_error(&r->notes, p->file, p->line, "%s entry ignored (not supported)", type);
	else
		conf_error(&r->errors, p->file, p->line, "expected PSK, RSA or ECDSA after ':'");
	p->len = 0;
	p->line = 0;
}

static void read_file(struct reader *r, const char *path, unsigned depth,
		      const char *from_file, unsigned from_line);

static void include_line(struct reader *r, const char *file, unsigned lineno, char *line,
			 unsigned depth)
{
	struct pending words = { .tokens = NULL };
	const char *err = tokenize(&words, line, lineno);
	if (err != NULL || words.len != 2) {
		conf_error(&r->errors, file, lineno, "expected \"include FILE\"");
	} else {
		size_t n;
		char **paths = conf_include_paths(file, words.tokens[1].text, &n);
		for (size_t i = 0; i < n; i++)
			read_file(r, paths[i], depth + 1, file, lineno);
		conf_paths_free(paths, n);
	}
	free(words.tokens);
}

static void read_text(struct reader *r, const char *file, char *text, unsigned depth)
{
	char *cursor = text, *line;
	unsigned lineno = 0;
	while (conf_next_line(&cursor, &line)) {
		lineno++;
		char *p = line;
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '#')
			continue;	/* allowed anywhere, even inside an entry */
		if (p != line) {
			if (r->entry.line == 0) {
				conf_error(&r->errors, file, lineno,
					   "indented line outside an entry (entries start in column 0)");
				continue;
			}
		} else {
			finish_entry(r);
			if (strncmp(line, "include", 7) == 0 &&
			    (is_blank(line[7]) || line[7] == '\0')) {
				include_line(r, file, lineno, line, depth);
				continue;
			}
			r->entry.file = file;
			r->entry.line = lineno;
		}
		if (r->entry.dropped)
			continue;
		const char *err = tokenize(&r->entry, p, lineno);
		if (err != NULL) {
			conf_error(&r->errors, file, lineno, "%s", err);
			r->entry.dropped = true;	/* no half-read secrets */
		}
	}
	finish_entry(r);
}

/* File names outlive the buffer: entries copy them, errors format them. */
static void read_file(struct reader *r, const char *path, unsigned depth,
		      const char *from_file, unsigned from_line)
{
	if (depth > CONF_INCLUDE_DEPTH) {
		conf_error(&r->errors, from_file, from_line,
			   "include %s: nested more than %d deep (an include loop?)", path,
			   CONF_INCLUDE_DEPTH);
		return;
	}
	mode_t mode;
	char *text = conf_read_file(path, &r->errors, from_file, from_line, &mode);
	if (text == NULL)
		return;
	if ((mode & 077) != 0)
		conf_error(&r->notes, path, 0, "readable by group or others (chmod 600)");
	size_t len = strlen(text);	/* before reading puts NULs in it */
	read_text(r, path, text, depth);
	wipe(text, len);
	free(text);
}

static struct secrets *finish(struct reader *r, char **errors)
{
	free(r->entry.tokens);
	r->s->notes = conf_errors_take(&r->notes);
	*errors = conf_errors_take(&r->errors);
	if (*errors != NULL) {
		secrets_free(r->s);
		return NULL;
	}
	return r->s;
}

struct secrets *secrets_load(const char *path, char **errors)
{
	struct reader r = { .s = xzalloc(sizeof(struct secrets)) };
	read_file(&r, path, 0, NULL, 0);
	return finish(&r, errors);
}

struct secrets *secrets_parse(const char *name, const char *text, char **errors)
{
	struct reader r = { .s = xzalloc(sizeof(struct secrets)) };
	char *copy = xstrdup(text);
	read_text(&r, name, copy, 0);
	wipe(copy, strlen(text));
	free(copy);
	return finish(&r, errors);
}

void secrets_free(struct secrets *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nr_entries; i++) {
		struct secret_entry *e = &s->entries[i];
		free_ids(e->ids, e->nr_ids);
		secret_free(&e->psk);
		free(e->nickname);
		free(e->file);
	}
	free(s->entries);
	free(s->notes);
	free(s);
}
