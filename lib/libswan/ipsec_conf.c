/* ipsec.conf: entry points, lookup, whole-conn checks, freeing. */
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "ipsec_conf_internal.h"

static struct ipsec_conf *finish(struct raw_conf *raw, char **errors)
{
	struct ipsec_conf *conf = NULL;
	if (raw->errors.len == 0)
		conf = raw_conf_resolve(raw);
	*errors = conf_errors_take(&raw->errors);
	raw_conf_free(raw);
	return conf;
}

struct ipsec_conf *ipsec_conf_load(const char *path, char **errors)
{
	struct raw_conf raw = { .current = RAW_NO_SECTION };
	raw_conf_read_file(&raw, path, 0, NULL, 0);
	return finish(&raw, errors);
}

struct ipsec_conf *ipsec_conf_parse(const char *name, const char *text, char **errors)
{
	struct raw_conf raw = { .current = RAW_NO_SECTION };
	char *copy = xstrdup(text);
	raw_conf_read_text(&raw, name, copy, 0);
	free(copy);
	return finish(&raw, errors);
}

/* Free every field a keyword table row owns in base. */
static void free_fields(enum conf_scope scope, void *base)
{
	for (size_t i = 0; i < conf_keywords_len; i++) {
		const struct conf_keyword *kw = &conf_keywords[i];
		if (kw->scope == scope && kw->offset != CONF_NOSTORE)
			conf_value_free(kw, (char *)base + kw->offset);
	}
}

void ipsec_conf_free(struct ipsec_conf *conf)
{
	if (conf == NULL)
		return;
	free_fields(SCOPE_SETUP, &conf->setup);
	for (size_t i = 0; i < conf->nr_conns; i++) {
		struct conn_config *c = &conf->conns[i];
		free_fields(SCOPE_CONN, c);
		free_fields(SCOPE_END, &c->left);
		free_fields(SCOPE_END, &c->right);
		free(c->name);
		free(c->file);
	}
	free(conf->conns);
	free(conf);
}

const struct conn_config *ipsec_conf_find(const struct ipsec_conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nr_conns; i++) {
		if (strcmp(conf->conns[i].name, name) == 0)
			return &conf->conns[i];
	}
	return NULL;
}

static bool host_is_wild(const struct conn_host *h)
{
	return h->kind == HOST_ANY;
}

/* The family a host pins down: 0 when unknown before DNS or routing. */
static int host_family(const struct conn_host *h)
{
	return h->kind == HOST_ADDRESS || h->kind == HOST_ANY ? h->addr.family : 0;
}

const char *conn_config_check(const struct conn_config *c)
{
	if (c->left.host.kind == HOST_UNSET)
		return "left= is not set";
	if (c->right.host.kind == HOST_UNSET)
		return "right= is not set";
	if (host_is_wild(&c->left.host) && host_is_wild(&c->right.host))
		return "left= and right= cannot both be %any";
	int lf = host_family(&c->left.host), rf = host_family(&c->right.host);
	if (lf != 0 && rf != 0 && lf != rf)
		return "left= and right= mix IPv4 and IPv6";
	const ip_subnet *ls = &c->left.subnet, *rs = &c->right.subnet;
	if (subnet_is_set(ls) && subnet_is_set(rs) && ls->addr.family != rs->addr.family)
		return "leftsubnet= and rightsubnet= mix IPv4 and IPv6";
	if (c->left.id.type == IKE_ID_FROMCERT && c->left.cert == NULL)
		return "leftid=%fromcert needs leftcert=";
	if (c->right.id.type == IKE_ID_FROMCERT && c->right.cert == NULL)
		return "rightid=%fromcert needs rightcert=";
	return NULL;
}

void conn_config_swap_ends(struct conn_config *c)
{
	struct conn_end t = c->left;
	c->left = c->right;
	c->right = t;
}
