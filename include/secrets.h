/*
 * ipsec.secrets: pre-shared keys and their indices (libreswan format).
 *
 *   @west.example @east.example : PSK "shared secret"
 *   192.0.2.45 192.0.2.23 : PSK 0x0123_4567_89ab_cdef
 *   %any @road.example : PSK 0sYmFzZTY0IHNlY3JldA==
 *   : PSK 0tplain-text-secret          (no index: the default)
 *   : RSA "certificate nickname"       (kept: keys live in NSS)
 *   include /etc/ipsec.d/NAME.secrets  (may be a glob)
 *
 * An entry starts in column 0 and may continue on indented lines; "#"
 * at the start of a line or after white space starts a comment.  Indices
 * are IDs in ipsec.conf syntax (see ike_id.h); an IPv6 address index
 * must be double-quoted so its colons are not taken for the ":".
 * Secrets are "text" (no newline or double quote inside), 0x hex ("_"
 * allowed between digit groups), 0s base64 or 0t text.
 *
 * Nothing here ever prints a secret: errors name the file and line.
 * The file buffer and every decoded secret are wiped when freed.
 */
#ifndef SECRETS_H
#define SECRETS_H

#include <stdbool.h>
#include <stddef.h>

#include "chunk.h"
#include "ike_id.h"

enum secret_kind {
	SECRET_PSK,
	SECRET_RSA,	/* a reference to an NSS private key */
	SECRET_ECDSA,
};

/* Longest secret accepted, decoded. */
#define SECRET_MAX 4096

struct secret_entry {
	enum secret_kind kind;
	struct ike_id *ids;	/* the indices (owned); none: any pair */
	size_t nr_ids;
	struct secret psk;	/* SECRET_PSK: the key (owned, wiped on free) */
	char *nickname;		/* SECRET_RSA/ECDSA: certificate nickname or CKAID */
	char *file;		/* where the entry is, for messages */
	unsigned line;
};

struct secrets {
	struct secret_entry *entries;	/* file order */
	size_t nr_entries;
	/* "FILE:LINE: note" lines about entries ignored or worth a look; NULL if none */
	char *notes;
};

/*
 * Parse a file (and what it includes), or text standing for a file
 * called name.  On error returns NULL and sets *errors ("FILE:LINE:
 * message" lines, free()).
 */
struct secrets *secrets_load(const char *path, char **errors);
struct secrets *secrets_parse(const char *name, const char *text, char **errors);
void secrets_free(struct secrets *s);

enum secrets_match {
	SECRETS_NONE,		/* no PSK entry matches */
	SECRETS_FOUND,
	SECRETS_AMBIGUOUS,	/* equally good entries disagree on the secret */
};

/*
 * The PSK for a local and a remote ID, following libreswan's rules:
 *   - an entry with no index matches any pair (the default);
 *   - an entry with one index matches when it is the local ID (the
 *     remote one is not considered); a lone %any is a default;
 *   - an entry with two or more indices matches when the local ID and
 *     the remote ID each equal a different one of them, where %any
 *     stands for any one ID ("%any @road" is about @road only).
 * The most specific match wins: both IDs named > one ID named >
 * default (wildcards only).  Ties are fine when the secrets agree.
 * *found is the winning entry (for SECRETS_FOUND).
 */
enum secrets_match secrets_find_psk(const struct secrets *s, const struct ike_id *local,
				    const struct ike_id *remote,
				    const struct secret_entry **found);

/* Decode a secret's text form ("...", 0x, 0s, 0t); NULL or a reason. */
const char *secret_decode(const char *text, bool quoted, struct secret *out);

#endif
