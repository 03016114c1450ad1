/*
 * ipsec.conf resolving: for each conn, the winning line per keyword
 * (own lines over also= sections, later also= over earlier, all over
 * conn %default, which is over the built-in default), converted into a
 * struct conn_config.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "ipsec_conf_internal.h"

/* also= chains longer than this are surely a mistake. */
#define ALSO_DEPTH 32

struct resolver {
	struct raw_conf *raw;
	/* the winning line per (keyword row, side); NULL: the default */
	const struct raw_kv *(*winners)[CONF_SIDES];
	const struct raw_section *stack[ALSO_DEPTH];	/* the also= chain being applied */
	size_t depth;
};

static const struct raw_section *find_conn(const struct raw_conf *raw, const char *name)
{
	for (size_t i = 0; i < raw->nr_sections; i++) {
		const struct raw_section *s = &raw->sections[i];
		if (!s->is_setup && strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

static void loop_error(struct resolver *r, const struct raw_kv *also)
{
	char chain[512];
	size_t pos = 0;
	for (size_t i = 0; i < r->depth && pos < sizeof(chain); i++)
		pos += (size_t)snprintf(chain + pos, sizeof(chain) - pos, "%s -> ", r->stack[i]->name);
	if (pos < sizeof(chain))
		snprintf(chain + pos, sizeof(chain) - pos, "%s", also->value);
	conf_error(&r->raw->errors, also->file, also->line, "also=%s makes a loop: %s",
		   also->value, chain);
}

static void apply_section(struct resolver *r, const struct raw_section *s);

static void apply_also(struct resolver *r, const struct raw_kv *also)
{
	const struct raw_section *target = find_conn(r->raw, also->value);
	if (target == NULL) {
		conf_error(&r->raw->errors, also->file, also->line, "also=%s: no conn %s",
			   also->value, also->value);
		return;
	}
	for (size_t i = 0; i < r->depth; i++) {
		if (r->stack[i] == target) {
			loop_error(r, also);
			return;
		}
	}
	if (r->depth == ALSO_DEPTH) {
		conf_error(&r->raw->errors, also->file, also->line,
			   "also=%s: chain longer than %d", also->value, ALSO_DEPTH);
		return;
	}
	apply_section(r, target);
}

/* Inherited sections first, so that the section's own lines win. */
static void apply_section(struct resolver *r, const struct raw_section *s)
{
	r->stack[r->depth++] = s;
	for (size_t i = 0; i < s->nr_kvs; i++) {
		if (s->kvs[i].kw == NULL)
			apply_also(r, &s->kvs[i]);
	}
	for (size_t i = 0; i < s->nr_kvs; i++) {
		const struct raw_kv *kv = &s->kvs[i];
		if (kv->kw != NULL)
			r->winners[kv->kw - conf_keywords][kv->side] = kv;
	}
	r->depth--;
}

static void *field_of(const struct conf_keyword *kw, void *base)
{
	return (char *)base + kw->offset;
}

/* Set one field from its default, then from the winning line if any. */
static void set_field(struct raw_conf *raw, const struct conf_keyword *kw, void *base,
		      const struct raw_kv *kv)
{
	if (kw->offset == CONF_NOSTORE)
		return;
	void *field = field_of(kw, base);
	char buf[256];
	const char *err;
	if (kw->def != NULL && (err = conf_value_parse(kw, kw->def, field, buf, sizeof(buf))) != NULL)
		conf_error(&raw->errors, "built-in default", 0, "%s=%s: %s", kw->name, kw->def, err);
	if (kv == NULL || kv->value[0] == '\0')
		return;
	conf_value_free(kw, field);
	/* the value was checked when read; this cannot fail, but say so if it does */
	if ((err = conf_value_parse(kw, kv->value, field, buf, sizeof(buf))) != NULL)
		conf_error(&raw->errors, kv->file, kv->line, "%s: %s", kv->value, err);
}

static void build_conn(struct raw_conf *raw, struct conn_config *c, const struct raw_section *s,
		       const struct raw_section *defaults)
{
	const struct raw_kv *winners[conf_keywords_len][CONF_SIDES];
	memset(winners, 0, sizeof(winners));
	struct resolver r = { .raw = raw, .winners = winners };
	if (defaults != NULL)
		apply_section(&r, defaults);
	apply_section(&r, s);

	*c = (struct conn_config){ .name = xstrdup(s->name), .file = xstrdup(s->file), .line = s->line };
	for (size_t i = 0; i < conf_keywords_len; i++) {
		const struct conf_keyword *kw = &conf_keywords[i];
		if (kw->scope == SCOPE_CONN) {
			set_field(raw, kw, c, winners[i][SIDE_NONE]);
		} else if (kw->scope == SCOPE_END) {
			set_field(raw, kw, &c->left, winners[i][SIDE_LEFT]);
			set_field(raw, kw, &c->right, winners[i][SIDE_RIGHT]);
		}
	}
}

static void build_setup(struct raw_conf *raw, struct ipsec_conf_setup *setup)
{
	const struct raw_section *s = NULL;
	for (size_t i = 0; i < raw->nr_sections; i++) {
		if (raw->sections[i].is_setup)
			s = &raw->sections[i];
	}
	for (size_t i = 0; i < conf_keywords_len; i++) {
		const struct conf_keyword *kw = &conf_keywords[i];
		if (kw->scope != SCOPE_SETUP)
			continue;
		const struct raw_kv *kv = NULL;
		for (size_t j = 0; s != NULL && j < s->nr_kvs; j++) {
			if (s->kvs[j].kw == kw)
				kv = &s->kvs[j];
		}
		set_field(raw, kw, setup, kv);
	}
}

struct ipsec_conf *raw_conf_resolve(struct raw_conf *raw)
{
	struct ipsec_conf *conf = xzalloc(sizeof(*conf));
	build_setup(raw, &conf->setup);
	const struct raw_section *defaults = find_conn(raw, "%default");
	for (size_t i = 0; i < raw->nr_sections; i++) {
		const struct raw_section *s = &raw->sections[i];
		if (s->is_setup || s == defaults)
			continue;
		conf->conns = xrealloc(conf->conns, (conf->nr_conns + 1) * sizeof(*conf->conns));
		build_conn(raw, &conf->conns[conf->nr_conns++], s, defaults);
	}
	/* %default's also= lines are checked even with no conn to inherit them */
	if (defaults != NULL) {
		const struct raw_kv *winners[conf_keywords_len][CONF_SIDES];
		struct resolver r = { .raw = raw, .winners = winners };
		apply_section(&r, defaults);
	}
	if (raw->errors.len > 0) {
		ipsec_conf_free(conf);
		return NULL;
	}
	return conf;
}
