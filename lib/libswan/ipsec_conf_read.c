/*
 * ipsec.conf reading: files and includes into raw sections of checked
 * key=value lines (see ipsec_conf_internal.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "ipsec_conf_internal.h"

/* As whack carries them: 1..255 graphic ASCII bytes. */
#define CONN_NAME_MAX 255

static bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static char *skip_blanks(char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* "#" starts a comment at the start of a line or after white space. */
static void strip_comment(char *line)
{
	for (char *p = line; *p != '\0'; p++) {
		if (*p == '#' && (p == line || is_blank(p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

static const char *intern_file(struct raw_conf *raw, const char *name)
{
	for (size_t i = 0; i < raw->nr_files; i++) {
		if (strcmp(raw->files[i], name) == 0)
			return raw->files[i];
	}
	raw->files = xrealloc(raw->files, (raw->nr_files + 1) * sizeof(*raw->files));
	raw->files[raw->nr_files] = xstrdup(name);
	return raw->files[raw->nr_files++];
}

/* Position in the input, for messages. */
struct where {
	const char *file;
	unsigned line;
};

static struct raw_section *find_section(struct raw_conf *raw, bool is_setup, const char *name)
{
	for (size_t i = 0; i < raw->nr_sections; i++) {
		struct raw_section *s = &raw->sections[i];
		if (s->is_setup == is_setup && (is_setup || strcmp(s->name, name) == 0))
			return s;
	}
	return NULL;
}

/* "%" starts only the reserved %default, so that more can be added. */
static bool conn_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (strcmp(name, "%default") == 0)
		return true;
	if (n == 0 || n > CONN_NAME_MAX || name[0] == '%')
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	}
	return true;
}

static void open_section(struct raw_conf *raw, struct where w, bool is_setup, const char *name)
{
	const char *what = is_setup ? "config setup" : "conn";
	struct raw_section *dup = find_section(raw, is_setup, name);
	if (dup != NULL) {
		conf_error(&raw->errors, w.file, w.line, "duplicate %s%s%s section (first at %s:%u)",
			   what, is_setup ? "" : " ", is_setup ? "" : name, dup->file, dup->line);
		raw->current = RAW_REFUSED;
		raw->current_is_setup = is_setup;
		return;
	}
	raw->sections = xrealloc(raw->sections, (raw->nr_sections + 1) * sizeof(*raw->sections));
	raw->sections[raw->nr_sections] = (struct raw_section){
		.is_setup = is_setup,
		.name = xstrdup(name),
		.file = w.file,
		.line = w.line,
	};
	raw->current = (long)raw->nr_sections++;
	raw->current_is_setup = is_setup;
}

/* Split a column-0 line into at most max words; returns the count. */
static size_t split_words(char *line, char **words, size_t max)
{
	size_t n = 0;
	for (char *p = skip_blanks(line); *p != '\0'; p = skip_blanks(p)) {
		if (n == max)
			return max + 1;
		words[n++] = p;
		while (*p != '\0' && !is_blank(*p))
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

static void header_line(struct raw_conf *raw, struct where w, char *line, unsigned depth)
{
	strip_comment(line);
	char *words[2];
	size_t n = split_words(line, words, 2);
	if (n == 0)
		return;
	if (strcmp(words[0], "config") == 0) {
		if (n != 2 || strcmp(words[1], "setup") != 0) {
			conf_error(&raw->errors, w.file, w.line, "expected \"config setup\"");
			raw->current = RAW_REFUSED;
			raw->current_is_setup = true;
			return;
		}
		open_section(raw, w, true, "setup");
	} else if (strcmp(words[0], "conn") == 0) {
		if (n != 2 || !conn_name_ok(words[1])) {
			conf_error(&raw->errors, w.file, w.line,
				   "expected \"conn NAME\", NAME printable ASCII without spaces "
				   "(at most %d bytes, not starting with '%%')", CONN_NAME_MAX);
			raw->current = RAW_REFUSED;
			raw->current_is_setup = false;
			return;
		}
		open_section(raw, w, false, words[1]);
	} else if (strcmp(words[0], "include") == 0) {
		if (n != 2) {
			conf_error(&raw->errors, w.file, w.line, "expected \"include FILE\"");
			return;
		}
		size_t nr;
		char **paths = conf_include_paths(w.file, words[1], &nr);
		for (size_t i = 0; i < nr; i++)
			raw_conf_read_file(raw, paths[i], depth + 1, w.file, w.line);
		conf_paths_free(paths, nr);
	} else if (strcmp(words[0], "version") == 0) {
		/* "version 2" opened old files; libreswan ignores it too */
	} else if (strcmp(words[0], "ca") == 0) {
		conf_error(&raw->errors, w.file, w.line, "ca sections are not supported");
		raw->current = RAW_REFUSED;
		raw->current_is_setup = false;
	} else {
		conf_error(&raw->errors, w.file, w.line,
			   "unexpected \"%.40s\" in column 0: sections start with \"config setup\" "
			   "or \"conn NAME\", and their key=value lines are indented", words[0]);
	}
}

/*
 * A double-quoted value, unquoted in place: \" and \\ are escapes, any
 * other backslash is kept.  Only a comment may follow the closing quote.
 */
static const char *unquote(char *p, char **value)
{
	char *out = p, *in = p + 1;
	*value = out;
	for (;; in++) {
		if (*in == '\0')
			return "unterminated quoted value";
		if (*in == '"')
			break;
		if (*in == '\\' && (in[1] == '"' || in[1] == '\\'))
			in++;
		*out++ = *in;
	}
	char *rest = skip_blanks(in + 1);
	*out = '\0';
	/* only a comment, which needs white space before its "#" */
	if (*rest != '\0' && (*rest != '#' || rest == in + 1))
		return "text after the closing quote";
	return NULL;
}

/* An unquoted value: comment dropped, runs of blanks made one space. */
static void squeeze(char *p, char **value)
{
	strip_comment(p);
	*value = p;
	char *out = p;
	for (char *in = p; *in != '\0'; in++) {
		if (is_blank(*in)) {
			if (out > p && out[-1] != ' ')
				*out++ = ' ';
		} else {
			*out++ = *in;
		}
	}
	if (out > p && out[-1] == ' ')
		out--;
	*out = '\0';
}

static const char *split_key_value(char *line, char **key, char **value)
{
	char *p = skip_blanks(line);
	*key = p;
	while (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
		p++;
	if (p == *key)
		return "expected key=value";
	char *end = p;
	p = skip_blanks(p);
	if (*p != '=')
		return "expected key=value";
	*end = '\0';
	p = skip_blanks(p + 1);
	if (*p == '"')
		return unquote(p, value);
	squeeze(p, value);
	return NULL;
}

static void add_kv(struct raw_conf *raw, struct raw_kv kv)
{
	struct raw_section *s = &raw->sections[raw->current];
	s->kvs = xrealloc(s->kvs, (s->nr_kvs + 1) * sizeof(*s->kvs));
	kv.value = xstrdup(kv.value);
	s->kvs[s->nr_kvs++] = kv;
}

static const struct raw_kv *find_duplicate(const struct raw_section *s, const struct raw_kv *kv)
{
	for (size_t i = 0; i < s->nr_kvs; i++) {
		if (s->kvs[i].kw == kv->kw && s->kvs[i].side == kv->side)
			return &s->kvs[i];
	}
	return NULL;
}

static void also_line(struct raw_conf *raw, struct where w, const char *value, bool is_setup)
{
	if (is_setup) {
		conf_error(&raw->errors, w.file, w.line, "also= is only for conn sections");
		return;
	}
	if (!conn_name_ok(value) || strcmp(value, "%default") == 0) {
		conf_error(&raw->errors, w.file, w.line, "also=%.64s: not a conn name", value);
		return;
	}
	if (raw->current >= 0)	/* else a refused section */
		add_kv(raw, (struct raw_kv){ .kw = NULL, .value = (char *)value,
					     .file = w.file, .line = w.line });
}

static void keyword_line(struct raw_conf *raw, struct where w, char *line)
{
	bool is_setup = raw->current_is_setup;
	char *key, *value;
	const char *err = split_key_value(line, &key, &value);
	if (err != NULL) {
		conf_error(&raw->errors, w.file, w.line, "%s", err);
		return;
	}
	if (raw->current == RAW_NO_SECTION) {
		conf_error(&raw->errors, w.file, w.line,
			   "%.64s= is not inside a \"config setup\" or \"conn NAME\" section", key);
		return;
	}
	if (strcmp(key, "also") == 0) {
		also_line(raw, w, value, is_setup);
		return;
	}
	struct raw_kv kv = { .value = value, .file = w.file, .line = w.line };
	const char *why;
	kv.kw = conf_keyword_find(is_setup, key, &kv.side, &why);
	if (kv.kw == NULL) {
		conf_error(&raw->errors, w.file, w.line, "%.64s: %s", key, why);
		return;
	}
	char buf[256];
	if (value[0] != '\0' && (err = conf_value_check(kv.kw, value, buf, sizeof(buf))) != NULL) {
		conf_error(&raw->errors, w.file, w.line, "%.64s=%.128s: %s", key, value, err);
		return;
	}
	if (raw->current < 0)
		return;	/* inside a refused section: checked only */
	const struct raw_kv *dup = find_duplicate(&raw->sections[raw->current], &kv);
	if (dup != NULL) {
		conf_error(&raw->errors, w.file, w.line, "%.64s= given twice in one section "
			   "(first at %s:%u)", key, dup->file, dup->line);
		return;
	}
	add_kv(raw, kv);
}

void raw_conf_read_text(struct raw_conf *raw, const char *name, char *text, unsigned depth)
{
	struct where w = { .file = intern_file(raw, name), .line = 0 };
	char *cursor = text, *line;
	while (conf_next_line(&cursor, &line)) {
		w.line++;
		char *p = skip_blanks(line);
		if (*p == '\0' || *p == '#')
			continue;
		/* include may be indented too (it is not a keyword) */
		if (p == line || (strncmp(p, "include", 7) == 0 && is_blank(p[7]))) {
			header_line(raw, w, p, depth);
			continue;
		}
		keyword_line(raw, w, line);
	}
}

void raw_conf_read_file(struct raw_conf *raw, const char *path, unsigned depth,
			const char *from_file, unsigned from_line)
{
	if (depth > CONF_INCLUDE_DEPTH) {
		conf_error(&raw->errors, from_file, from_line,
			   "include %s: nested more than %d deep (an include loop?)", path,
			   CONF_INCLUDE_DEPTH);
		return;
	}
	char *text = conf_read_file(path, &raw->errors, from_file, from_line, NULL);
	if (text == NULL)
		return;
	raw_conf_read_text(raw, path, text, depth);
	free(text);
}

void raw_conf_free(struct raw_conf *raw)
{
	for (size_t i = 0; i < raw->nr_sections; i++) {
		struct raw_section *s = &raw->sections[i];
		for (size_t j = 0; j < s->nr_kvs; j++)
			free(s->kvs[j].value);
		free(s->kvs);
		free(s->name);
	}
	free(raw->sections);
	for (size_t i = 0; i < raw->nr_files; i++)
		free(raw->files[i]);
	free(raw->files);
	conf_errors_free(&raw->errors);
}
