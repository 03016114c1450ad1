/*
 * Readers for the public test-vector files in ../shared/rfc/, shared by
 * the crypto unit tests (header-only: each test program is one .c file).
 *
 *  - NIST CAVS response files (.fax): "[name = value]" group lines,
 *    "Count = n" starting each record, "Name = hex" fields, an optional
 *    "FAIL" line.  Line ends are CRLF or LF; '#' lines are comments.
 *  - RFC test-case text: "Test Case X" headings, then "Label = hex"
 *    lines with indented hex continuation lines and "(...)" remarks.
 *
 * Decoded values live until the next record / until the reader closes.
 */
#ifndef VECTORS_H
#define VECTORS_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define VEC_UNUSED __attribute__((unused))

/* unit_rfc_dir()/rel, in a static buffer. */
static VEC_UNUSED const char *vec_path(const char *rel)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", unit_rfc_dir(), rel);
	return path;
}

/* The whole file, NUL-terminated; NULL (and a message) when unreadable. */
static VEC_UNUSED char *vec_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "  cannot open %s\n", path);
		return NULL;
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = xmalloc(cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Splits buf into lines in place (CR and LF both end a line). */
static VEC_UNUSED char **vec_lines(char *buf, size_t *count)
{
	size_t cap = 1024, n = 0;
	char **lines = xmalloc(cap * sizeof(*lines));
	char *p = buf;
	while (*p != '\0') {
		if (n == cap) {
			cap *= 2;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		lines[n++] = p;
		p += strcspn(p, "\r\n");
		if (*p == '\r' && p[1] == '\n')
			*p++ = '\0';
		if (*p != '\0')
			*p++ = '\0';
	}
	*count = n;
	return lines;
}

static VEC_UNUSED char *vec_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* ---- CAVS .fax ---- */

#define FAX_MAX_FIELDS 24

struct fax_field {
	const char *name;
	const char *value;
};

struct fax_record {
	struct fax_field params[FAX_MAX_FIELDS];	/* from the group's [..] lines */
	size_t nparams;
	struct fax_field fields[FAX_MAX_FIELDS];
	size_t nfields;
	bool fail;	/* the record carries a FAIL line */
};

struct fax_reader {
	char *buf;
	char **lines;
	size_t nlines, next;
	struct fax_field params[FAX_MAX_FIELDS];
	size_t nparams;
	bool group_has_records;	/* a '[' line after records starts a new group */
	struct chunk *pool;	/* decoded values of the current record */
	size_t npool;
};

static VEC_UNUSED bool fax_open(struct fax_reader *r, const char *rel)
{
	memset(r, 0, sizeof(*r));
	r->buf = vec_slurp(vec_path(rel));
	if (r->buf == NULL)
		return false;
	r->lines = vec_lines(r->buf, &r->nlines);
	return true;
}

static VEC_UNUSED void fax_pool_clear(struct fax_reader *r)
{
	for (size_t i = 0; i < r->npool; i++)
		chunk_free(&r->pool[i]);
	free(r->pool);
	r->pool = NULL;
	r->npool = 0;
}

static VEC_UNUSED void fax_close(struct fax_reader *r)
{
	fax_pool_clear(r);
	free(r->lines);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/* "name = value" split in place; a bare "name" gets an empty value. */
static VEC_UNUSED struct fax_field fax_split(char *s)
{
	char *eq = strchr(s, '=');
	if (eq == NULL)
		return (struct fax_field){ vec_trim(s), "" };
	*eq = '\0';
	return (struct fax_field){ vec_trim(s), vec_trim(eq + 1) };
}

static VEC_UNUSED bool fax_is_count(const char *line)
{
	return strncasecmp(line, "Count", 5) == 0 && strchr(line, '=') != NULL;
}

/* The next record, with its group's parameters; false at the end. */
static VEC_UNUSED bool fax_next(struct fax_reader *r, struct fax_record *rec)
{
	fax_pool_clear(r);
	memset(rec, 0, sizeof(*rec));
	bool started = false;
	for (; r->next < r->nlines; r->next++) {
		char *line = r->lines[r->next];
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (started && (line[0] == '[' || fax_is_count(line)))
			break;	/* the next record's line: leave it for next time */
		if (line[0] == '[') {
			if (r->group_has_records) {
				r->nparams = 0;
				r->group_has_records = false;
			}
			char *end = strchr(line, ']');
			if (end != NULL)
				*end = '\0';
			if (r->nparams < FAX_MAX_FIELDS)
				r->params[r->nparams++] = fax_split(line + 1);
		} else if (fax_is_count(line)) {
			started = true;
			r->group_has_records = true;
			rec->fields[rec->nfields++] = fax_split(line);
		} else if (started && strcmp(vec_trim(line), "FAIL") == 0) {
			rec->fail = true;
		} else if (started && strchr(line, '=') != NULL && rec->nfields < FAX_MAX_FIELDS) {
			rec->fields[rec->nfields++] = fax_split(line);
		}
	}
	if (!started)
		return false;
	memcpy(rec->params, r->params, sizeof(rec->params));
	rec->nparams = r->nparams;
	return true;
}

/* A field of the record, else a group parameter; NULL when absent. */
static VEC_UNUSED const char *fax_get(const struct fax_record *rec, const char *name)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (strcasecmp(rec->fields[i].name, name) == 0)
			return rec->fields[i].value;
	for (size_t i = 0; i < rec->nparams; i++)
		if (strcasecmp(rec->params[i].name, name) == 0)
			return rec->params[i].value;
	return NULL;
}

static VEC_UNUSED long fax_num(const struct fax_record *rec, const char *name)
{
	const char *v = fax_get(rec, name);
	return v != NULL ? strtol(v, NULL, 10) : -1;
}

/* A hex field decoded; exits the test program when missing or bad. */
static VEC_UNUSED struct bytes fax_hex(struct fax_reader *r, const struct fax_record *rec,
				       const char *name)
{
	const char *v = fax_get(rec, name);
	struct chunk c;
	if (v == NULL || !hex_decode(v, &c)) {
		fprintf(stderr, "  fax: field %s missing or not hex\n", name);
		exit(2);
	}
	r->pool = xrealloc(r->pool, (r->npool + 1) * sizeof(*r->pool));
	r->pool[r->npool++] = c;
	return chunk_bytes(c);
}

/* ---- RFC test-case text ---- */

#define RFC_MAX_FIELDS 12
#define RFC_MAX_CASES 32

struct rfc_case {
	char title[32];		/* what follows the case marker, e.g. "PRF-1" */
	struct {
		char label[32];
		struct chunk value;
	} fields[RFC_MAX_FIELDS];
	size_t nfields;
};

static VEC_UNUSED bool vec_is_hex_token(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Appends the leading hex token of s to c; false when s has none. */
static VEC_UNUSED bool vec_append_hex(struct chunk *c, const char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strcspn(s, " ");
	if (!vec_is_hex_token(s, n) || n % 2 != 0)
		return false;
	char tok[256];
	if (n >= sizeof(tok))
		return false;
	memcpy(tok, s, n);
	tok[n] = '\0';
	struct chunk more;
	if (!hex_decode(tok, &more))
		return false;
	struct chunk joined = chunk_concat(chunk_bytes(*c), chunk_bytes(more));
	chunk_free(c);
	chunk_free(&more);
	*c = joined;
	return true;
}

/* Index of label in labels (NULL-terminated) when line starts with it. */
static VEC_UNUSED const char *vec_label_at(const char *line, const char *const *labels,
					    const char **rest)
{
	if (strncmp(line, "   ", 3) != 0 || line[3] == ' ')
		return NULL;
	const char *p = line + 3;
	size_t n = strcspn(p, " =");
	for (size_t i = 0; labels[i] != NULL; i++) {
		if (strlen(labels[i]) == n && strncmp(p, labels[i], n) == 0) {
			p += n;
			while (*p == ' ' || *p == '=')
				p++;
			*rest = p;
			return labels[i];
		}
	}
	return NULL;
}

/*
 * Reads the cases of an RFC file: a line containing marker starts a case
 * (its title is the word after the marker, without a trailing ':');
 * lines "   <label> [=] hex" for the given labels start a value, and
 * lines indented 10+ spaces continue it.  Returns the number of cases.
 */
static VEC_UNUSED size_t rfc_read_cases(const char *rel, const char *marker,
					const char *const *labels, struct rfc_case *cases,
					size_t max)
{
	char *buf = vec_slurp(vec_path(rel));
	if (buf == NULL)
		return 0;
	size_t nlines, ncases = 0;
	char **lines = vec_lines(buf, &nlines);
	struct chunk *open = NULL;	/* the value being continued */
	for (size_t i = 0; i < nlines; i++) {
		const char *line = lines[i], *rest, *label, *m;
		if ((m = strstr(line, marker)) != NULL && ncases < max) {
			struct rfc_case *c = &cases[ncases++];
			memset(c, 0, sizeof(*c));
			m += strlen(marker);
			while (*m == ' ')
				m++;
			snprintf(c->title, sizeof(c->title), "%.*s", (int)strcspn(m, ": "), m);
			open = NULL;
		} else if (ncases > 0 && (label = vec_label_at(line, labels, &rest)) != NULL) {
			struct rfc_case *c = &cases[ncases - 1];
			open = NULL;
			struct chunk value = chunk_alloc(0);
			/* prose may start with a label word; values start with hex */
			if (c->nfields < RFC_MAX_FIELDS && vec_append_hex(&value, rest)) {
				snprintf(c->fields[c->nfields].label, 32, "%s", label);
				c->fields[c->nfields].value = value;
				open = &c->fields[c->nfields++].value;
			} else {
				chunk_free(&value);
			}
		} else if (open != NULL && strncmp(line, "          ", 10) == 0) {
			if (!vec_append_hex(open, line))
				open = NULL;
		} else {
			open = NULL;
		}
	}
	free(lines);
	free(buf);
	/* drop table-of-contents mentions of the marker: they have no values */
	size_t kept = 0;
	for (size_t i = 0; i < ncases; i++) {
		if (cases[i].nfields == 0)
			continue;
		if (kept != i)
			cases[kept] = cases[i];
		kept++;
	}
	return kept;
}

static VEC_UNUSED const struct rfc_case *rfc_find(const struct rfc_case *cases, size_t n,
						  const char *title)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cases[i].title, title) == 0)
			return &cases[i];
	return NULL;
}

static VEC_UNUSED struct bytes rfc_get(const struct rfc_case *c, const char *label)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].label, label) == 0)
			return chunk_bytes(c->fields[i].value);
	return EMPTY_BYTES;
}

static VEC_UNUSED void rfc_free_cases(struct rfc_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < cases[i].nfields; j++)
			chunk_free(&cases[i].fields[j].value);
}

#endif
