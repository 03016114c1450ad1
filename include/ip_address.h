/*
 * IP addresses, subnets, endpoints and ranges, IPv4 and IPv6.
 *
 * Plain values (no heap): copy them freely.  An address with family 0 is
 * "unset" (for example `right=%any`).
 */
#ifndef IP_ADDRESS_H
#define IP_ADDRESS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct {
	uint8_t family;		/* 0 (unset), AF_INET or AF_INET6 */
	uint8_t bytes[16];	/* network order; IPv4 uses the first 4 */
} ip_address;

typedef struct {
	ip_address addr;	/* host bits are zero */
	uint8_t prefix;		/* 0..32 or 0..128 */
} ip_subnet;

typedef struct {
	ip_address addr;
	uint16_t port;		/* host order */
} ip_endpoint;

typedef struct {
	ip_address start, end;	/* inclusive; same family; start <= end */
} ip_range;

#define ADDRESS_STR_LEN 48	/* fits any address */
#define SUBNET_STR_LEN 56
#define ENDPOINT_STR_LEN 56
#define RANGE_STR_LEN 96

size_t address_len(const ip_address *a);	/* 4, 16, or 0 when unset */
bool address_is_set(const ip_address *a);
bool address_is_any(const ip_address *a);	/* 0.0.0.0 or :: */
bool address_eq(const ip_address *a, const ip_address *b);
int address_cmp(const ip_address *a, const ip_address *b);	/* family, then bytes */
ip_address address_from_bytes(int family, const uint8_t *bytes);
ip_address address_any(int family);

/* Parse; returns NULL on success or a reason string. */
const char *address_parse(const char *s, ip_address *out);
const char *subnet_parse(const char *s, ip_subnet *out);	/* "a/len" or a bare address (host) */
const char *endpoint_parse(const char *s, ip_endpoint *out);	/* "a:port", "[v6]:port" */
const char *range_parse(const char *s, ip_range *out);	/* "a-b" */

const char *address_str(const ip_address *a, char *buf, size_t len);
const char *subnet_str(const ip_subnet *s, char *buf, size_t len);
const char *endpoint_str(const ip_endpoint *e, char *buf, size_t len);
const char *range_str(const ip_range *r, char *buf, size_t len);	/* "a-b" */

/* Bits in an address of this family: 32, 128, or 0 when unset. */
unsigned address_bits(const ip_address *a);
bool subnet_is_set(const ip_subnet *s);
bool subnet_eq(const ip_subnet *a, const ip_subnet *b);
bool range_eq(const ip_range *a, const ip_range *b);

ip_subnet subnet_from_address(const ip_address *a);	/* /32 or /128 */
bool subnet_contains(const ip_subnet *s, const ip_address *a);
/* The first and last address of a subnet. */
ip_range subnet_range(const ip_subnet *s);
/* The subnet exactly covering r, if r is one. */
bool range_to_subnet(const ip_range *r, ip_subnet *out);
bool range_contains_range(const ip_range *outer, const ip_range *inner);
/* Intersection of two ranges of one family; false when empty. */
bool range_intersect(const ip_range *a, const ip_range *b, ip_range *out);

/* sockaddr conversion for the socket layer. */
socklen_t endpoint_to_sockaddr(const ip_endpoint *e, struct sockaddr_storage *ss);
bool endpoint_from_sockaddr(const struct sockaddr *sa, socklen_t len, ip_endpoint *out);

#endif
