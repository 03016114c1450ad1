/*
 * pluto's interface to kernel IPsec: Child SAs (ESP states) and the
 * policies that steer traffic into them.
 *
 * One backend is chosen at start-up from protostack= (kernel_ops_by_name):
 *   xfrm, netkey  Linux XFRM over a NETLINK_XFRM socket (kernel_xfrm.c)
 *   none          installs nothing: logs one line per SA or policy it
 *                 would install, and keeps every counter at 0
 *                 (kernel_none.c), for hosts without kernel ESP
 *
 * Both backends remember what they installed, so flush() removes exactly
 * that at shutdown and leaves other daemons' entries alone, and both give
 * the kernel's answer to a duplicate add (EEXIST) or an unknown delete
 * (ESRCH for SAs, ENOENT for policies).
 *
 * Operations return true on success; on failure they fill *err.  Key
 * material is borrowed: the caller owns and wipes it; a backend wipes
 * every copy it makes and never logs it.
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ip_address.h"

enum kernel_sa_dir {
	KERNEL_INBOUND,		/* dst is this host: the kernel decrypts */
	KERNEL_OUTBOUND,	/* src is this host: the kernel encrypts */
};

enum kernel_policy_dir {
	KERNEL_POLICY_IN,	/* to this host, after decryption */
	KERNEL_POLICY_OUT,	/* from this host or forwarded, before encryption */
	KERNEL_POLICY_FWD,	/* decrypted traffic routed through this host */
};

enum kernel_mode {
	KERNEL_MODE_TRANSPORT,
	KERNEL_MODE_TUNNEL,
};

enum kernel_encrypt {
	KERNEL_ENCRYPT_AES_GCM,	/* rfc4106(gcm(aes)), AEAD: no integrity */
	KERNEL_ENCRYPT_AES_CBC,	/* cbc(aes), needs an integrity algorithm */
};

enum kernel_integ {
	KERNEL_INTEG_NONE,		/* AEAD only */
	KERNEL_INTEG_HMAC_SHA1_96,
	KERNEL_INTEG_HMAC_SHA2_256_128,
	KERNEL_INTEG_HMAC_SHA2_384_192,
	KERNEL_INTEG_HMAC_SHA2_512_256,
};

/* The traffic an SA or a policy covers. */
struct kernel_selector {
	ip_subnet src, dst;	/* same family; both unset: any (SA selectors only) */
	uint8_t ipproto;	/* IPPROTO_*; 0: any */
	uint16_t sport, dport;	/* host order; 0: any */
};

#define KERNEL_REPLAY_WINDOW_MAX 4096	/* Linux's limit, in packets */

struct kernel_sa {
	enum kernel_sa_dir direction;
	ip_address src, dst;		/* outer addresses (the IKE endpoints), one family */
	uint32_t spi;			/* network order, as on the wire; not 0 */
	uint8_t proto;			/* IPPROTO_ESP */
	enum kernel_mode mode;
	uint32_t reqid;			/* ties the SA to its policies' template; 0: none */

	enum kernel_encrypt encrypt;
	struct bytes encrypt_key;	/* AES-GCM: 16, 24 or 32 bytes of key + 4 of salt */
	unsigned icv_len;		/* AES-GCM ICV in bytes: 8, 12 or 16 */
	enum kernel_integ integ;	/* AES-CBC: not NONE; AES-GCM: NONE */
	struct bytes integ_key;		/* exactly the hash's output length */

	/* Traffic the SA may carry (checked on decrypted packets);
	 * both subnets unset: any of the outer family. */
	struct kernel_selector sel;
	uint16_t encap_sport, encap_dport;	/* NAT-T UDP encapsulation (ESPINUDP), host order; 0: none */
	uint32_t replay_window;		/* packets, up to KERNEL_REPLAY_WINDOW_MAX; 0: no anti-replay */
	bool esn;			/* 64-bit sequence numbers; needs a replay window */
	/* Lifetimes counted from installation; 0: no limit. */
	uint64_t soft_seconds, hard_seconds;
	uint64_t soft_bytes, hard_bytes;
};

enum kernel_policy_action {
	KERNEL_POLICY_IPSEC,	/* through the template below */
	KERNEL_POLICY_PASS,	/* in the clear */
	KERNEL_POLICY_DROP,
};

struct kernel_policy {
	enum kernel_policy_dir dir;
	struct kernel_selector sel;	/* out: local -> remote; in, fwd: remote -> local */
	uint32_t priority;		/* lower wins */
	enum kernel_policy_action action;
	/* KERNEL_POLICY_IPSEC only: the SA the traffic must go through. */
	enum kernel_mode mode;
	ip_address tunnel_src, tunnel_dst;	/* outer endpoints; tunnel mode only */
	uint8_t proto;			/* IPPROTO_ESP */
	uint32_t reqid;			/* matches kernel_sa.reqid; 0: any SA */
};

struct kernel_sa_counters {
	uint64_t bytes;		/* payload bytes through the SA */
	uint64_t packets;
	uint64_t add_time;	/* wall-clock seconds when installed; 0 if unknown */
	uint64_t use_time;	/* wall-clock seconds of first use; 0: never used */
};

struct kernel_err {
	int errnum;		/* errno from the kernel or a socket call; 0: a check of ours */
	char reason[200];	/* "XFRM_MSG_NEWSA inbound ESP SA 0x...: File exists" */
};

struct kernel_ops {
	const char *name;	/* "xfrm", "none" */
	bool (*init)(struct kernel_err *err);
	/* Forgets (does not remove) what was installed; closes sockets. */
	void (*shutdown)(void);
	bool (*add_sa)(const struct kernel_sa *sa, struct kernel_err *err);
	bool (*del_sa)(const ip_address *dst, uint32_t spi, uint8_t proto, struct kernel_err *err);
	bool (*add_policy)(const struct kernel_policy *policy, struct kernel_err *err);
	bool (*del_policy)(enum kernel_policy_dir dir, const struct kernel_selector *sel,
			   struct kernel_err *err);
	bool (*get_sa_counters)(const ip_address *dst, uint32_t spi, uint8_t proto,
				struct kernel_sa_counters *counters, struct kernel_err *err);
	/* Removes every SA, then every policy, this backend installed and
	 * still knows about; keeps going past failures and reports the first. */
	bool (*flush)(struct kernel_err *err);
};

extern const struct kernel_ops kernel_xfrm_ops;
extern const struct kernel_ops kernel_none_ops;
/* What protostack=none holds "installed" (tests: no SA left behind). */
size_t kernel_none_installed_sas(void);
size_t kernel_none_installed_policies(void);

/* "xfrm", "netkey" or "none"; NULL for anything else. */
const struct kernel_ops *kernel_ops_by_name(const char *protostack);

/*
 * Shared by the backends.
 */

/* Checks an SA before anything is installed (families, SPI, algorithm
 * and key lengths, ESN); false with err filled in. */
bool kernel_sa_check(const struct kernel_sa *sa, struct kernel_err *err);
bool kernel_policy_check(const struct kernel_policy *policy, struct kernel_err *err);

/* XFRM's algorithm names and ESP's log names, by table. */
struct kernel_encrypt_info {
	enum kernel_encrypt encrypt;
	const char *name;	/* log name: "aes_gcm", "aes_cbc" */
	const char *xfrm_name;	/* "rfc4106(gcm(aes))", "cbc(aes)" */
	bool aead;
	size_t salt_len;	/* bytes of salt at the end of the key */
};
struct kernel_integ_info {
	enum kernel_integ integ;
	const char *name;	/* log name: "hmac_sha2_256_128" */
	const char *xfrm_name;	/* "hmac(sha256)" */
	size_t key_len;		/* bytes */
	unsigned trunc_bits;	/* ICV bits */
};
const struct kernel_encrypt_info *kernel_encrypt_info(enum kernel_encrypt e);
const struct kernel_integ_info *kernel_integ_info(enum kernel_integ i);

/* One readable line, never any key: "inbound ESP SA 0x12345678
 * 192.0.2.1->192.0.2.2 tunnel aes_gcm16(256) reqid 1". */
const char *kernel_sa_str(const struct kernel_sa *sa, char *buf, size_t len);
/* "out policy 10.0.1.0/24->10.0.2.0/24 tunnel ESP 192.0.2.1->192.0.2.2 reqid 1 priority 1000" */
const char *kernel_policy_str(const struct kernel_policy *policy, char *buf, size_t len);
/* "10.0.1.0/24->10.0.2.0/24" plus " proto 6 sport 1 dport 2" when set. */
const char *kernel_selector_str(const struct kernel_selector *sel, char *buf, size_t len);
/* An address, or "%any" when unset. */
const char *kernel_address_str(const ip_address *a, char *buf, size_t len);
const char *kernel_policy_dir_name(enum kernel_policy_dir dir);	/* "in", "out", "fwd" */
const char *kernel_proto_name(uint8_t proto);	/* "ESP", "AH", "IPCOMP", "?" */
#define KERNEL_STR_LEN 256

/* Fill *err: errnum and a printf-style reason (suffixed by strerror(errnum) when non-zero). */
bool kernel_fail(struct kernel_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * What a backend installed, for flush() and for the duplicate and
 * unknown checks of the none backend.
 */
struct kernel_sa_id {
	ip_address dst;
	uint32_t spi;		/* network order */
	uint8_t proto;
};
struct kernel_policy_id {
	enum kernel_policy_dir dir;
	struct kernel_selector sel;
};
struct kernel_installed {
	struct kernel_sa_id *sas;
	size_t nr_sas, cap_sas;
	/* Hash indexes over the two arrays (linear probing; a slot holds an
	 * array position + 1, 0 is empty): a gateway holds thousands. */
	uint32_t *sa_index, *policy_index;
	size_t sa_index_cap, policy_index_cap;
	struct kernel_policy_id *policies;
	size_t nr_policies, cap_policies;
};

bool kernel_installed_has_sa(const struct kernel_installed *k, const struct kernel_sa_id *id);
void kernel_installed_add_sa(struct kernel_installed *k, const struct kernel_sa_id *id);
void kernel_installed_del_sa(struct kernel_installed *k, const struct kernel_sa_id *id);
bool kernel_installed_has_policy(const struct kernel_installed *k, const struct kernel_policy_id *id);
void kernel_installed_add_policy(struct kernel_installed *k, const struct kernel_policy_id *id);
void kernel_installed_del_policy(struct kernel_installed *k, const struct kernel_policy_id *id);
void kernel_installed_free(struct kernel_installed *k);
/* The body of a backend's flush(): deletes every SA, then every policy,
 * in k through ops (whose delete functions update k); entries already
 * gone from the kernel (ESRCH, ENOENT) are not failures. */
bool kernel_installed_flush(struct kernel_installed *k, const struct kernel_ops *ops,
			    struct kernel_err *err);

#endif
