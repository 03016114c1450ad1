/*
 * protostack=none: negotiate everything, install nothing.  Each SA or
 * policy the daemon would install is logged as one readable line (never
 * a key), and the record of "installed" entries gives the same answers
 * as a kernel would: EEXIST for a duplicate, ESRCH / ENOENT for an
 * unknown delete, counters of 0 for a known SA.
 */
#include <arpa/inet.h>
#include <errno.h>

#include "kernel.h"
#include "log.h"

static struct kernel_installed none_installed;

static bool none_init(struct kernel_err *err)
{
	log_info("kernel(none): protostack=none: SAs and policies are logged, not installed");
	return true;
}

static void none_shutdown(void)
{
	kernel_installed_free(&none_installed);
}

static bool none_add_sa(const struct kernel_sa *sa, struct kernel_err *err)
{
	if (!kernel_sa_check(sa, err))
		return false;
	char desc[KERNEL_STR_LEN];
	kernel_sa_str(sa, desc, sizeof(desc));
	struct kernel_sa_id id = { .dst = sa->dst, .spi = sa->spi, .proto = sa->proto };
	if (kernel_installed_has_sa(&none_installed, &id))
		return kernel_fail(err, EEXIST, "kernel(none): add %s", desc);
	kernel_installed_add_sa(&none_installed, &id);
	log_info("kernel(none): would add %s", desc);
	return true;
}

static bool none_del_sa(const ip_address *dst, uint32_t spi, uint8_t proto, struct kernel_err *err)
{
	struct kernel_sa_id id = { .dst = *dst, .spi = spi, .proto = proto };
	char desc[KERNEL_STR_LEN];
	if (!kernel_installed_has_sa(&none_installed, &id))
		return kernel_fail(err, ESRCH, "kernel(none): delete SA 0x%08x", ntohl(spi));
	kernel_installed_del_sa(&none_installed, &id);
	log_info("kernel(none): would delete %s SA 0x%08x to %s", kernel_proto_name(proto), ntohl(spi),
		 kernel_address_str(dst, desc, sizeof(desc)));
	return true;
}

static bool none_add_policy(const struct kernel_policy *policy, struct kernel_err *err)
{
	if (!kernel_policy_check(policy, err))
		return false;
	char desc[KERNEL_STR_LEN];
	kernel_policy_str(policy, desc, sizeof(desc));
	struct kernel_policy_id id = { .dir = policy->dir, .sel = policy->sel };
	if (kernel_installed_has_policy(&none_installed, &id))
		return kernel_fail(err, EEXIST, "kernel(none): add %s", desc);
	kernel_installed_add_policy(&none_installed, &id);
	log_info("kernel(none): would add %s", desc);
	return true;
}

static bool none_del_policy(enum kernel_policy_dir dir, const struct kernel_selector *sel,
			    struct kernel_err *err)
{
	char desc[KERNEL_STR_LEN];
	kernel_selector_str(sel, desc, sizeof(desc));
	struct kernel_policy_id id = { .dir = dir, .sel = *sel };
	if (!kernel_installed_has_policy(&none_installed, &id))
		return kernel_fail(err, ENOENT, "kernel(none): delete %s policy %s",
				   kernel_policy_dir_name(dir), desc);
	kernel_installed_del_policy(&none_installed, &id);
	log_info("kernel(none): would delete %s policy %s", kernel_policy_dir_name(dir), desc);
	return true;
}

static bool none_get_sa_counters(const ip_address *dst, uint32_t spi, uint8_t proto,
				 struct kernel_sa_counters *counters, struct kernel_err *err)
{
	struct kernel_sa_id id = { .dst = *dst, .spi = spi, .proto = proto };
	*counters = (struct kernel_sa_counters){ 0 };
	if (!kernel_installed_has_sa(&none_installed, &id))
		return kernel_fail(err, ESRCH, "kernel(none): counters of SA 0x%08x", ntohl(spi));
	return true;
}

static bool none_flush(struct kernel_err *err)
{
	return kernel_installed_flush(&none_installed, &kernel_none_ops, err);
}

size_t kernel_none_installed_sas(void) { return none_installed.nr_sas; }
size_t kernel_none_installed_policies(void) { return none_installed.nr_policies; }

const struct kernel_ops kernel_none_ops = {
	.name = "none",
	.init = none_init,
	.shutdown = none_shutdown,
	.add_sa = none_add_sa,
	.del_sa = none_del_sa,
	.add_policy = none_add_policy,
	.del_policy = none_del_policy,
	.get_sa_counters = none_get_sa_counters,
	.flush = none_flush,
};
