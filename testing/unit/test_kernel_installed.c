/* The hash-indexed record of what a kernel backend installed, against a
 * plain model under random adds, deletes and lookups. */
#include <stdlib.h>

#include "unit.h"
#include "../../programs/pluto/kernel.h"

#define IDS 600

static struct kernel_sa_id sa_id(unsigned i)
{
	struct kernel_sa_id id = { .spi = htonl(0x1000 + i % 300), .proto = IPPROTO_ESP };
	uint8_t a[4] = { 192, 0, 2, (uint8_t)(i / 300 + 1) };
	id.dst = address_from_bytes(AF_INET, a);
	return id;
}

static struct kernel_policy_id policy_id(unsigned i)
{
	struct kernel_policy_id id = { .dir = (enum kernel_policy_dir)(i % 3) };
	uint8_t s[4] = { 198, 51, 100, (uint8_t)(i / 3) }, d[4] = { 203, 0, 113, 1 };
	id.sel.src = subnet_from_address(&(ip_address){ 0 });
	id.sel.src.addr = address_from_bytes(AF_INET, s);
	id.sel.src.prefix = 32;
	id.sel.dst.addr = address_from_bytes(AF_INET, d);
	id.sel.dst.prefix = 32;
	return id;
}

static void test_index_matches_model(void)
{
	struct kernel_installed k = { 0 };
	bool sa_in[IDS] = { 0 }, pol_in[IDS] = { 0 };
	srandom(7);
	for (int step = 0; step < 50000; step++) {
		unsigned i = (unsigned)random() % IDS;
		struct kernel_sa_id s = sa_id(i);
		struct kernel_policy_id p = policy_id(i);
		switch (random() % 3) {
		case 0:
			kernel_installed_add_sa(&k, &s);
			kernel_installed_add_policy(&k, &p);
			sa_in[i] = pol_in[i] = true;
			break;
		case 1:
			kernel_installed_del_sa(&k, &s);
			kernel_installed_del_policy(&k, &p);
			sa_in[i] = pol_in[i] = false;
			break;
		default:
			CHECK(kernel_installed_has_sa(&k, &s) == sa_in[i]);
			CHECK(kernel_installed_has_policy(&k, &p) == pol_in[i]);
		}
	}
	size_t n = 0;
	for (unsigned i = 0; i < IDS; i++) {
		struct kernel_sa_id s = sa_id(i);
		CHECK(kernel_installed_has_sa(&k, &s) == sa_in[i]);
		n += sa_in[i];
	}
	CHECK(k.nr_sas == n && k.nr_policies == n);
	kernel_installed_free(&k);
	CHECK(k.nr_sas == 0 && k.sa_index == NULL);
}

UNIT_MAIN(UNIT(test_index_matches_model))
