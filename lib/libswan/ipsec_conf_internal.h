/*
 * Inside the ipsec.conf parser (ipsec_conf*.c only).
 *
 * Two phases.  Reading (ipsec_conf_read.c) turns the files into raw
 * sections of key=value lines, resolving every key to its keyword-table
 * row and checking every value right away, so each mistake is reported
 * once, at its own FILE:LINE.  Resolving (ipsec_conf_resolve.c) then
 * picks, for each conn, the winning line per keyword (own lines, also=,
 * %default) and converts it into the typed struct conn_config.
 */
#ifndef IPSEC_CONF_INTERNAL_H
#define IPSEC_CONF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "conf_file.h"
#include "ipsec_conf.h"

/* Which struct a keyword's value lives in. */
enum conf_scope {
	SCOPE_SETUP,	/* struct ipsec_conf_setup */
	SCOPE_CONN,	/* struct conn_config */
	SCOPE_END,	/* struct conn_end, written leftKEY= / rightKEY= */
};

/* For SCOPE_END keywords: which end a line names. */
enum conf_side {
	SIDE_NONE,
	SIDE_LEFT,
	SIDE_RIGHT,
};
#define CONF_SIDES 3

/* Value types, each with one C type for its field. */
enum conf_type {
	CT_STRING,	/* char *, owned */
	CT_BOOL,	/* bool: yes | no */
	CT_NUMBER,	/* uint32_t, 0..max, or a name from names */
	CT_SECONDS,	/* uint32_t seconds: N, Ns, Nm, Nh, Nd */
	CT_MILLISECONDS,	/* uint32_t ms: N (ms), Nms, Ns, Nm, Nh */
	CT_PERCENT,	/* uint32_t: N% (or N), 0..max */
	CT_PORT,	/* uint16_t: 1..65535 */
	CT_ENUM,	/* int (an enum): one name from names */
	CT_FLAGS,	/* unsigned: comma-separated names from names, OR'ed */
	CT_ADDRESS,	/* ip_address; %any leaves it unset */
	CT_HOST,	/* struct conn_host */
	CT_SUBNET,	/* ip_subnet */
	CT_ID,		/* struct ike_id */
	CT_PROTOPORT,	/* struct protoport */
};

/* A name a CT_ENUM / CT_FLAGS / CT_NUMBER value may take. */
struct conf_name {
	const char *name;
	int value;
	const char *refuse;	/* non-NULL: a known value we refuse, and why */
};

/* Checked but not stored (keyexchange=ikev2 has nothing to remember). */
#define CONF_NOSTORE ((size_t)-1)

struct conf_keyword {
	const char *name;	/* SCOPE_END: without left/right ("" is left=) */
	const char *aliases;	/* other names, space-separated, or NULL */
	enum conf_scope scope;
	size_t offset;		/* of the field in its struct, or CONF_NOSTORE */
	enum conf_type type;
	const char *def;	/* default in config syntax; NULL: zero/unset */
	const struct conf_name *names;	/* NULL-name terminated */
	uint32_t max;		/* CT_NUMBER, CT_PERCENT upper bound */
};

extern const struct conf_keyword conf_keywords[];
extern const size_t conf_keywords_len;

/*
 * The row for KEY in a config setup (is_setup) or conn section; for an
 * END keyword *side says which end.  NULL when unknown, with *why set.
 */
const struct conf_keyword *conf_keyword_find(bool is_setup, const char *key,
					     enum conf_side *side, const char **why);

/* Parse value into field (its C type per kw->type); NULL or a reason. */
const char *conf_value_parse(const struct conf_keyword *kw, const char *value, void *field,
			     char *buf, size_t len);
/* Release what a parsed field owns and zero it. */
void conf_value_free(const struct conf_keyword *kw, void *field);
/* Check value without keeping it. */
const char *conf_value_check(const struct conf_keyword *kw, const char *value,
			     char *buf, size_t len);
const char *conf_type_name(enum conf_type type);

/* One key=value line (or also=NAME when kw is NULL). */
struct raw_kv {
	const struct conf_keyword *kw;
	enum conf_side side;
	char *value;		/* unquoted; "" means: the default */
	const char *file;	/* interned in struct raw_conf */
	unsigned line;
};

struct raw_section {
	bool is_setup;		/* config setup, else conn */
	char *name;		/* conn name ("%default" included) */
	const char *file;
	unsigned line;
	struct raw_kv *kvs;
	size_t nr_kvs;
};

struct raw_conf {
	struct raw_section *sections;
	size_t nr_sections;
	char **files;		/* every file name seen, owned */
	size_t nr_files;
	struct conf_errors errors;
	long current;		/* index of the open section, or RAW_* below */
	bool current_is_setup;	/* what the open (even refused) section is */
};

#define RAW_NO_SECTION (-1)	/* before the first section header */
#define RAW_REFUSED (-2)	/* in a refused section: lines checked, dropped */

void raw_conf_read_text(struct raw_conf *raw, const char *name, char *text, unsigned depth);
void raw_conf_read_file(struct raw_conf *raw, const char *path, unsigned depth,
			const char *from_file, unsigned from_line);
void raw_conf_free(struct raw_conf *raw);

/* Build the typed result; NULL when raw->errors is not empty after. */
struct ipsec_conf *raw_conf_resolve(struct raw_conf *raw);

#endif
