/*
 * ipsec.conf: libreswan's format, parsed into typed structures.
 *
 *   config setup                     one optional section
 *       protostack=xfrm
 *   conn %default                    defaults for every conn
 *       ikelifetime=8h
 *   conn west-east                   a connection
 *       also=common                  inherit another conn section
 *       left=192.0.2.1
 *   include /etc/ipsec.d/NAME.conf   another file (may be a glob), in place
 *
 * Section headers start in column 0, their "key=value" lines are
 * indented.  "#" at the start of a line or after white space starts a
 * comment.  Values may be double-quoted (keeping spaces, "#", and \" or
 * \\ escapes); unquoted runs of white space shrink to one space.  An
 * empty value ("key=") means the default, undoing an inherited setting.
 *
 * A conn's value for a key is the first found in: its own lines, then
 * its also= sections (the last also= first, each resolved the same way),
 * then conn %default, then the built-in default.  also= loops, unknown
 * keywords, bad values and unknown also= targets are errors.
 *
 * Every keyword is one row of the table in ipsec_conf_keywords.c (name,
 * section, type, default); ipsec_conf_keywords_str() lists them.
 * Errors come back as text, one "FILE:LINE: message" per line; the
 * library logs nothing.
 */
#ifndef IPSEC_CONF_H
#define IPSEC_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_id.h"
#include "ip_address.h"

enum protostack {
	PROTOSTACK_XFRM,	/* Linux XFRM ("netkey" is an old name for it) */
	PROTOSTACK_NONE,	/* negotiate, but only log the SAs */
};

/* ddos-mode=: when the responder demands cookies (RFC 7296 §2.6). */
enum ddos_mode {
	DDOS_AUTO,		/* once the half-open IKE SAs reach ddos-ike-threshold */
	DDOS_BUSY,		/* always */
	DDOS_UNLIMITED,		/* never */
};

struct ipsec_conf_setup {
	enum protostack protostack;
	char *logfile;		/* NULL: log to stderr/syslog as the daemon decides */
	char *plutodebug;	/* debug categories as written, e.g. "base crypt" */
	char *ticket_key_file;	/* resumption ticket keys (0600); NULL: in memory only */
	uint32_t ticket_key_rotation_s;	/* seconds between ticket key rotations */
	ip_address listen;	/* unset: every local address */
	uint16_t ikeport;	/* IKE UDP port (500) */
	uint16_t nat_ikeport;	/* NAT-T UDP port (4500); also nattport= */
	char *nssdir;		/* NSS database directory */
	char *ipsecdir;		/* /etc/ipsec.d */
	char *secretsfile;	/* ipsec.secrets path */
	bool uniqueids;		/* a new IKE SA with the same remote ID replaces the old */
	uint32_t max_halfopen_ike_per_peer;	/* beyond: cookies from that address; 0: no limit */
	uint32_t keep_alive_s;	/* NAT-keepalive interval behind a NAT; 0: none */
	enum ddos_mode ddos_mode;	/* ddos-mode= */
	uint32_t ddos_ike_threshold;	/* ddos-ike-threshold=: half-open SAs (auto mode) */
	bool dnssec_enable;	/* dnssec-enable=: validate DNS answers when an anchor is set */
	char *dnssec_rootkey_file;	/* dnssec-rootkey-file=: root trust anchor; NULL none */
	char *dnssec_anchors;	/* dnssec-anchors=: more trust anchors (DS/DNSKEY); NULL none */
};

/* left= / right= */
enum conn_host_kind {
	HOST_UNSET,		/* not given */
	HOST_ADDRESS,		/* a literal address (addr) */
	HOST_ANY,		/* %any: whoever connects (addr family unset) */
	HOST_DEFAULTROUTE,	/* %defaultroute: from the routing table, later */
	HOST_NAME,		/* a DNS name (name), to be resolved by the daemon */
};

struct conn_host {
	enum conn_host_kind kind;
	ip_address addr;	/* HOST_ADDRESS */
	char *name;		/* HOST_NAME, owned */
};

/* leftprotoport=: "17/1701", "tcp", "udp/%any"; 0 means any. */
struct protoport {
	bool set;
	uint8_t proto;		/* IP protocol number, 0 = any */
	uint16_t port;		/* 0 = any */
};

/* leftauth=: how this end proves itself; UNSET follows authby=. */
enum end_auth {
	END_AUTH_UNSET,
	END_AUTH_SECRET,
	END_AUTH_RSASIG,
	END_AUTH_ECDSA,
	END_AUTH_NULL,
};

/*
 * One side of a conn.  left and right use the same struct so that the
 * daemon can swap them when "right" turns out to be the local end.
 */
struct conn_end {
	struct conn_host host;	/* left= */
	ip_subnet subnet;	/* leftsubnet=; unset: the host address alone */
	struct ike_id id;	/* leftid=; UNSET: the host address */
	enum end_auth auth;	/* leftauth= */
	struct protoport protoport;	/* leftprotoport= */
	char *cert;		/* leftcert=: NSS certificate nickname, owned */
	char *updown;		/* leftupdown=: script path, owned */
};

/* authby= is a comma-separated set. */
enum authby {
	AUTHBY_SECRET = 1 << 0,
	AUTHBY_RSASIG = 1 << 1,		/* RSA, RFC 7427 SHA-2 or PKCS#1 v1.5 */
	AUTHBY_RSA_SHA2 = 1 << 2,	/* RSA with SHA-2 only (RFC 7427) */
	AUTHBY_ECDSA = 1 << 3,
	AUTHBY_NULL = 1 << 4,		/* RFC 7619 */
	AUTHBY_NEVER = 1 << 5,		/* no negotiation (shunts) */
};

enum conn_auto {
	AUTO_IGNORE,		/* not loaded at startup */
	AUTO_ADD,		/* loaded, waits for the peer */
	AUTO_ONDEMAND,		/* loaded and routed (also "route") */
	AUTO_START,		/* loaded and initiated (also "up") */
};

enum conn_type {
	CONN_TUNNEL,
	CONN_TRANSPORT,
};

enum dpd_action {
	DPD_HOLD,
	DPD_CLEAR,
	DPD_RESTART,
};

enum fragmentation {
	FRAGMENTATION_YES,
	FRAGMENTATION_NO,
	FRAGMENTATION_FORCE,
};

/* session-resumption-auth=: how AUTH is computed after a resume. */
enum resume_auth {
	RESUME_AUTH_RFC,	/* RFC 5723 section 5.1 */
	RESUME_AUTH_LIBRESWAN,	/* libreswan's interoperable variant */
};

struct conn_config {
	char *name;
	char *file;		/* where "conn NAME" is, for messages */
	unsigned line;
	struct conn_end left, right;
	enum conn_auto autostart;	/* auto= */
	enum conn_type type;
	unsigned authby;	/* enum authby bits */
	char *ike;		/* IKE proposal text; NULL: daemon defaults */
	char *esp;		/* ESP proposal text; NULL: daemon defaults */
	uint32_t ikelifetime_s;
	uint32_t salifetime_s;
	bool rekey;
	uint32_t rekeymargin_s;
	uint32_t rekeyfuzz_percent;
	uint32_t keyingtries;	/* 0: %forever */
	uint32_t dpddelay_s;	/* 0: no liveness checks */
	uint32_t dpdtimeout_s;	/* 0: retransmit-timeout decides */
	enum dpd_action dpdaction;
	bool pfs;
	enum fragmentation fragmentation;
	bool nat_keepalive;	/* send NAT-keepalives when this end is behind a NAT */
	bool session_resumption;	/* request (initiator) / issue (responder) tickets */
	uint32_t ticket_lifetime_s;
	enum resume_auth session_resumption_auth;
	uint32_t retransmit_timeout_s;	/* give up on an exchange after this */
	uint32_t retransmit_interval_ms;	/* first retransmit delay, doubling */
};

struct ipsec_conf {
	struct ipsec_conf_setup setup;
	struct conn_config *conns;	/* file order; conn %default is not one */
	size_t nr_conns;
};

/*
 * Parse a file (and what it includes), or text standing for a file
 * called name (includes are relative to name's directory).  On error
 * returns NULL and sets *errors to the "FILE:LINE: message" lines
 * (free()).
 */
struct ipsec_conf *ipsec_conf_load(const char *path, char **errors);
struct ipsec_conf *ipsec_conf_parse(const char *name, const char *text, char **errors);
void ipsec_conf_free(struct ipsec_conf *conf);

const struct conn_config *ipsec_conf_find(const struct ipsec_conf *conf, const char *name);

/*
 * Checks that need the whole conn (a conn may be a fragment used only
 * through also=, so these are not parse errors): left= and right= set,
 * not both wildcards, families agree.  NULL or a reason.
 */
const char *conn_config_check(const struct conn_config *c);
/* Exchange left and right (when right is the local end). */
void conn_config_swap_ends(struct conn_config *c);

/* The keywords and their defaults, one per line, for `ipsec` help text. */
char *ipsec_conf_keywords_str(void);

#endif
