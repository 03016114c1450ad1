#!/bin/sh
# Turn the calling process into one scenario host's "holder", run by the
# runner as:  ip netns exec NS unshare --uts -- hostsetup.sh HOST TESTDIR
#
# `ip netns exec` already gives a private mount namespace (mounts made
# here never reach the machine); this gives the host:
#   - its host name (uts namespace);
#   - a private, empty /run and /tmp (tmpfs): pid files, control sockets;
#   - private writable /etc and /var: overlays on the real ones whose
#     changes live in a tmpfs, so per-host /etc/ipsec.conf, /etc/ipsec.d,
#     /var/lib/ipsec/nss can coexist with the other hosts' and the
#     machine's own;
#   - the scenario's per-host files: HOST.conf -> /etc/ipsec.conf,
#     HOST.secrets -> /etc/ipsec.secrets (0600), HOST.etc/* -> /etc/*.
# Then it prints "ready" and sleeps: consoles enter its namespaces with
# nsenter, and --keep prints how to do the same.  The runner kills it.
set -eu
host=$1
testdir=$2

hostname "$host"

# The overlays' upper and work directories live in a scratch tmpfs that
# the real /run is then mounted over: hidden, but kept alive by the
# overlays that use it.
mount -t tmpfs -o mode=0700 pluto-scratch /run
for d in etc var; do
	mkdir -p "/run/$d/upper" "/run/$d/work"
	mount -t overlay -o "lowerdir=/$d,upperdir=/run/$d/upper,workdir=/run/$d/work" \
		"pluto-$d" "/$d"
done
mount -t tmpfs -o mode=1777 pluto-tmp /tmp
mount -t tmpfs -o mode=0755 pluto-run /run
rm -rf /run/mount	# mount(8)'s own notes, not the host's business
mkdir -p /run/lock

if [ -f "$testdir/$host.conf" ]; then
	cp "$testdir/$host.conf" /etc/ipsec.conf
fi
if [ -f "$testdir/$host.secrets" ]; then
	install -m 0600 "$testdir/$host.secrets" /etc/ipsec.secrets
fi
if [ -d "$testdir/$host.etc" ]; then
	cp -R "$testdir/$host.etc/." /etc/
fi

echo ready
exec sleep infinity </dev/null >/dev/null 2>&1
