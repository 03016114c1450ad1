/*
 * The ipsec.conf keyword table: a new keyword is one row here plus its
 * field in ipsec_conf.h.  Defaults are written in config syntax and go
 * through the same conversion as the file's values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "ipsec_conf_internal.h"

static const struct conf_name protostack_names[] = {
	{ "xfrm", PROTOSTACK_XFRM, NULL },
	{ "netkey", PROTOSTACK_XFRM, NULL },
	{ "none", PROTOSTACK_NONE, NULL },
	{ "klips", 0, "KLIPS is not supported; use protostack=xfrm" },
	{ "mast", 0, "MAST is not supported; use protostack=xfrm" },
	{ "bsd", 0, "the BSD stack is not supported; use protostack=xfrm or none" },
	{ NULL, 0, NULL },
};

static const struct conf_name auto_names[] = {
	{ "ignore", AUTO_IGNORE, NULL },
	{ "add", AUTO_ADD, NULL },
	{ "ondemand", AUTO_ONDEMAND, NULL },
	{ "route", AUTO_ONDEMAND, NULL },
	{ "start", AUTO_START, NULL },
	{ "up", AUTO_START, NULL },
	{ NULL, 0, NULL },
};

static const struct conf_name type_names[] = {
	{ "tunnel", CONN_TUNNEL, NULL },
	{ "transport", CONN_TRANSPORT, NULL },
	{ "passthrough", 0, "type=passthrough is not supported" },
	{ "drop", 0, "type=drop is not supported" },
	{ "reject", 0, "type=reject is not supported" },
	{ NULL, 0, NULL },
};

static const struct conf_name authby_names[] = {
	{ "secret", AUTHBY_SECRET, NULL },
	{ "rsasig", AUTHBY_RSASIG, NULL },
	{ "rsa", AUTHBY_RSASIG, NULL },
	{ "rsa-sha2", AUTHBY_RSA_SHA2, NULL },
	{ "ecdsa", AUTHBY_ECDSA, NULL },
	{ "null", AUTHBY_NULL, NULL },
	{ "never", AUTHBY_NEVER, NULL },
	{ "psk", 0, "libreswan spells it authby=secret" },
	{ "pubkey", 0, "write authby=rsasig or authby=ecdsa" },
	{ NULL, 0, NULL },
};

static const struct conf_name end_auth_names[] = {
	{ "secret", END_AUTH_SECRET, NULL },
	{ "rsasig", END_AUTH_RSASIG, NULL },
	{ "rsa", END_AUTH_RSASIG, NULL },
	{ "ecdsa", END_AUTH_ECDSA, NULL },
	{ "null", END_AUTH_NULL, NULL },
	{ "eaponly", 0, "EAP is not supported" },
	{ NULL, 0, NULL },
};

static const struct conf_name dpdaction_names[] = {
	{ "hold", DPD_HOLD, NULL },
	{ "clear", DPD_CLEAR, NULL },
	{ "restart", DPD_RESTART, NULL },
	{ NULL, 0, NULL },
};

static const struct conf_name fragmentation_names[] = {
	{ "yes", FRAGMENTATION_YES, NULL },
	{ "no", FRAGMENTATION_NO, NULL },
	{ "force", FRAGMENTATION_FORCE, NULL },
	{ NULL, 0, NULL },
};

static const struct conf_name keyexchange_names[] = {
	{ "ikev2", 2, NULL },
	{ "ike", 2, NULL },
	{ "ikev1", 0, "IKEv1 is not supported: use keyexchange=ikev2" },
	{ NULL, 0, NULL },
};

static const struct conf_name ikev2_names[] = {
	{ "insist", 2, NULL },
	{ "yes", 2, NULL },
	{ "propose", 2, NULL },
	{ "permit", 2, NULL },
	{ "no", 0, "IKEv1 is not supported: only IKEv2 (ikev2=insist)" },
	{ "never", 0, "IKEv1 is not supported: only IKEv2 (ikev2=insist)" },
	{ NULL, 0, NULL },
};

static const struct conf_name ddos_mode_names[] = {
	{ "auto", DDOS_AUTO, NULL },
	{ "busy", DDOS_BUSY, NULL },
	{ "unlimited", DDOS_UNLIMITED, NULL },
	{ NULL, 0, NULL },
};

static const struct conf_name resume_auth_names[] = {
	{ "rfc", RESUME_AUTH_RFC, NULL },
	{ "libreswan", RESUME_AUTH_LIBRESWAN, NULL },
	{ NULL, 0, NULL },
};

static const struct conf_name forever_names[] = {
	{ "%forever", 0, NULL },
	{ NULL, 0, NULL },
};

#define SETUP(f) SCOPE_SETUP, offsetof(struct ipsec_conf_setup, f)
#define CONN(f) SCOPE_CONN, offsetof(struct conn_config, f)
#define END(f) SCOPE_END, offsetof(struct conn_end, f)
#define CONN_NOSTORE SCOPE_CONN, CONF_NOSTORE

const struct conf_keyword conf_keywords[] = {
	/* name, aliases, scope+field, type, default, names, max */
	{ "protostack", NULL, SETUP(protostack), CT_ENUM, "xfrm", protostack_names, 0 },
	{ "logfile", NULL, SETUP(logfile), CT_STRING, NULL, NULL, 0 },
	{ "plutodebug", NULL, SETUP(plutodebug), CT_STRING, NULL, NULL, 0 },
	{ "ticket-key-file", NULL, SETUP(ticket_key_file), CT_STRING, NULL, NULL, 0 },
	{ "ticket-key-rotation", NULL, SETUP(ticket_key_rotation_s), CT_SECONDS, "24h", NULL, 0 },
	{ "listen", NULL, SETUP(listen), CT_ADDRESS, NULL, NULL, 0 },
	{ "ikeport", NULL, SETUP(ikeport), CT_PORT, "500", NULL, 0 },
	{ "nat-ikeport", "nattport", SETUP(nat_ikeport), CT_PORT, "4500", NULL, 0 },
	{ "nssdir", NULL, SETUP(nssdir), CT_STRING, "/var/lib/ipsec/nss", NULL, 0 },
	{ "ipsecdir", NULL, SETUP(ipsecdir), CT_STRING, "/etc/ipsec.d", NULL, 0 },
	{ "secretsfile", NULL, SETUP(secretsfile), CT_STRING, "/etc/ipsec.secrets", NULL, 0 },
	{ "uniqueids", NULL, SETUP(uniqueids), CT_BOOL, "yes", NULL, 0 },
	{ "max-halfopen-ike-per-peer", NULL, SETUP(max_halfopen_ike_per_peer), CT_NUMBER, "50", NULL, 1000000 },
	{ "keep-alive", NULL, SETUP(keep_alive_s), CT_SECONDS, "20", NULL, 0 },
	{ "ddos-mode", NULL, SETUP(ddos_mode), CT_ENUM, "auto", ddos_mode_names, 0 },
	{ "ddos-ike-threshold", NULL, SETUP(ddos_ike_threshold), CT_NUMBER, "25000", NULL, 1000000 },
	{ "dnssec-enable", NULL, SETUP(dnssec_enable), CT_BOOL, "yes", NULL, 0 },
	{ "dnssec-rootkey-file", NULL, SETUP(dnssec_rootkey_file), CT_STRING, NULL, NULL, 0 },
	{ "dnssec-anchors", NULL, SETUP(dnssec_anchors), CT_STRING, NULL, NULL, 0 },

	{ "auto", NULL, CONN(autostart), CT_ENUM, "ignore", auto_names, 0 },
	{ "type", NULL, CONN(type), CT_ENUM, "tunnel", type_names, 0 },
	{ "authby", NULL, CONN(authby), CT_FLAGS, "rsasig,ecdsa", authby_names, 0 },
	{ "keyexchange", NULL, CONN_NOSTORE, CT_ENUM, "ikev2", keyexchange_names, 0 },
	{ "ikev2", NULL, CONN_NOSTORE, CT_ENUM, "insist", ikev2_names, 0 },
	{ "ike", NULL, CONN(ike), CT_STRING, NULL, NULL, 0 },
	{ "esp", "phase2alg", CONN(esp), CT_STRING, NULL, NULL, 0 },
	{ "ikelifetime", NULL, CONN(ikelifetime_s), CT_SECONDS, "8h", NULL, 0 },
	{ "salifetime", "keylife lifetime ipsec-lifetime", CONN(salifetime_s), CT_SECONDS, "8h", NULL, 0 },
	{ "rekey", NULL, CONN(rekey), CT_BOOL, "yes", NULL, 0 },
	{ "rekeymargin", NULL, CONN(rekeymargin_s), CT_SECONDS, "9m", NULL, 0 },
	{ "rekeyfuzz", NULL, CONN(rekeyfuzz_percent), CT_PERCENT, "100%", NULL, 10000 },
	{ "keyingtries", NULL, CONN(keyingtries), CT_NUMBER, "%forever", forever_names, 1000000 },
	{ "dpddelay", NULL, CONN(dpddelay_s), CT_SECONDS, "0", NULL, 0 },
	{ "dpdtimeout", NULL, CONN(dpdtimeout_s), CT_SECONDS, "0", NULL, 0 },
	{ "dpdaction", NULL, CONN(dpdaction), CT_ENUM, "hold", dpdaction_names, 0 },
	{ "pfs", NULL, CONN(pfs), CT_BOOL, "yes", NULL, 0 },
	{ "fragmentation", NULL, CONN(fragmentation), CT_ENUM, "yes", fragmentation_names, 0 },
	{ "nat-keepalive", NULL, CONN(nat_keepalive), CT_BOOL, "yes", NULL, 0 },
	{ "session-resumption", NULL, CONN(session_resumption), CT_BOOL, "no", NULL, 0 },
	{ "ticket-lifetime", NULL, CONN(ticket_lifetime_s), CT_SECONDS, "8h", NULL, 0 },
	{ "session-resumption-auth", NULL, CONN(session_resumption_auth), CT_ENUM, "rfc",
	  resume_auth_names, 0 },
	{ "retransmit-timeout", NULL, CONN(retransmit_timeout_s), CT_SECONDS, "60s", NULL, 0 },
	{ "retransmit-interval", NULL, CONN(retransmit_interval_ms), CT_MILLISECONDS, "500", NULL, 0 },

	{ "", NULL, END(host), CT_HOST, NULL, NULL, 0 },
	{ "subnet", NULL, END(subnet), CT_SUBNET, NULL, NULL, 0 },
	{ "id", NULL, END(id), CT_ID, NULL, NULL, 0 },
	{ "auth", NULL, END(auth), CT_ENUM, NULL, end_auth_names, 0 },
	{ "protoport", NULL, END(protoport), CT_PROTOPORT, NULL, NULL, 0 },
	{ "cert", NULL, END(cert), CT_STRING, NULL, NULL, 0 },
	{ "updown", NULL, END(updown), CT_STRING, NULL, NULL, 0 },
};

const size_t conf_keywords_len = sizeof(conf_keywords) / sizeof(conf_keywords[0]);

/* Does key equal name or one of the space-separated aliases? */
static bool name_matches(const struct conf_keyword *kw, const char *key)
{
	if (strcmp(kw->name, key) == 0)
		return true;
	if (kw->aliases == NULL)
		return false;
	size_t n = strlen(key);
	for (const char *a = kw->aliases; *a != '\0';) {
		size_t len = strcspn(a, " ");
		if (len == n && strncmp(a, key, n) == 0)
			return true;
		a += len;
		while (*a == ' ')
			a++;
	}
	return false;
}

static const struct conf_keyword *find_in_scope(enum conf_scope scope, const char *key)
{
	for (size_t i = 0; i < conf_keywords_len; i++) {
		if (conf_keywords[i].scope == scope && name_matches(&conf_keywords[i], key))
			return &conf_keywords[i];
	}
	return NULL;
}

static const struct conf_keyword *find_end(const char *key, enum conf_side *side)
{
	static const struct {
		const char *prefix;
		enum conf_side side;
	} prefixes[] = { { "left", SIDE_LEFT }, { "right", SIDE_RIGHT } };
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(prefixes[i].prefix);
		if (strncmp(key, prefixes[i].prefix, n) != 0)
			continue;
		const struct conf_keyword *kw = find_in_scope(SCOPE_END, key + n);
		if (kw != NULL) {
			*side = prefixes[i].side;
			return kw;
		}
	}
	return NULL;
}

const struct conf_keyword *conf_keyword_find(bool is_setup, const char *key,
					     enum conf_side *side, const char **why)
{
	*side = SIDE_NONE;
	const struct conf_keyword *kw;
	if (is_setup) {
		kw = find_in_scope(SCOPE_SETUP, key);
		if (kw != NULL)
			return kw;
		if (find_in_scope(SCOPE_CONN, key) != NULL || find_end(key, side) != NULL)
			*why = "belongs in a conn section, not config setup";
		else
			*why = "unknown keyword in config setup";
		*side = SIDE_NONE;
		return NULL;
	}
	kw = find_in_scope(SCOPE_CONN, key);
	if (kw == NULL)
		kw = find_end(key, side);
	if (kw != NULL)
		return kw;
	if (find_in_scope(SCOPE_SETUP, key) != NULL)
		*why = "belongs in config setup, not in a conn section";
	else
		*why = "unknown keyword in conn section";
	return NULL;
}

const char *conf_type_name(enum conf_type type)
{
	static const char *const names[] = {
		[CT_STRING] = "string", [CT_BOOL] = "yes|no", [CT_NUMBER] = "number",
		[CT_SECONDS] = "time (s m h d)", [CT_MILLISECONDS] = "time (ms s m h)",
		[CT_PERCENT] = "percent", [CT_PORT] = "port", [CT_ENUM] = "enum",
		[CT_FLAGS] = "list", [CT_ADDRESS] = "address", [CT_HOST] = "host",
		[CT_SUBNET] = "subnet", [CT_ID] = "id", [CT_PROTOPORT] = "protocol/port",
	};
	return (size_t)type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

/* "add|ignore|..." for names, else the type's name. */
static const char *type_text(const struct conf_keyword *kw, char *buf, size_t len)
{
	if (kw->type != CT_ENUM && kw->type != CT_FLAGS)
		return conf_type_name(kw->type);
	size_t pos = 0;
	buf[0] = '\0';
	for (const struct conf_name *n = kw->names; n->name != NULL && pos < len; n++) {
		if (n->refuse == NULL)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos > 0 ? "|" : "",
						n->name);
	}
	if (kw->type == CT_FLAGS && pos < len)
		snprintf(buf + pos, len - pos, " (comma-separated)");
	return buf;
}

char *ipsec_conf_keywords_str(void)
{
	size_t cap = 256, len = 0;
	char *out = xmalloc(cap);
	out[0] = '\0';
	for (size_t i = 0; i < conf_keywords_len; i++) {
		const struct conf_keyword *kw = &conf_keywords[i];
		char line[384], type[128];
		snprintf(line, sizeof(line), "%-12s %s%s=  %s, default %s%s%s\n",
			 kw->scope == SCOPE_SETUP ? "config setup" : "conn",
			 kw->scope == SCOPE_END ? "left|right" : "", kw->name,
			 type_text(kw, type, sizeof(type)), kw->def != NULL ? kw->def : "unset",
			 kw->aliases != NULL ? "; also spelt " : "",
			 kw->aliases != NULL ? kw->aliases : "");
		size_t add = strlen(line);
		if (len + add + 1 > cap) {
			cap = 2 * (len + add + 1);
			out = xrealloc(out, cap);
		}
		memcpy(out + len, line, add + 1);
		len += add;
	}
	return out;
}
