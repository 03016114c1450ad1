#!/bin/sh
# Turn the calling process into one scenario host's "holder", run by the
# runner as:
#   ip netns exec NS unshare --uts -- hostsetup.sh HOST TESTDIR OUTDIR REPO
#
# `ip netns exec` already gives a private mount namespace (mounts made
# here never reach the machine); this gives the host:
#   - its host name (uts namespace);
#   - a private, empty /run and /tmp (tmpfs): pid files, control sockets;
#   - private writable /etc and /var: overlays on the real ones whose
#     changes live in a tmpfs, so per-host /etc/ipsec.conf, /etc/ipsec.d,
#     /var/lib/ipsec/nss can coexist with the other hosts' and the
#     machine's own;
#   - the repository and the output folder where they were, also when
#     they lie under /run or /tmp (in the test VM the output folder is
#     the results folder under /run);
#   - the scenario's per-host files: HOST.conf -> /etc/ipsec.conf,
#     HOST.secrets -> /etc/ipsec.secrets (0600), HOST.etc/* -> /etc/*.
# Then it prints "ready" and sleeps: consoles enter its namespaces with
# nsenter, and --keep prints how to do the same.  The runner kills it.
set -eu
host=$1
testdir=$2
outdir=$3
repo=$4

hostname "$host"

# A folder under /run or /tmp would vanish under the fresh tmpfs: hold it
# open now, bind it back afterwards.  --no-canonicalize: mount(8) would
# otherwise resolve /proc/PID/fd/N to the (by then hidden) path name.
hidden() { case $1 in /run/*|/tmp/*) return 0 ;; esac; return 1; }
if hidden "$repo"; then exec 3<"$repo"; fi
if hidden "$outdir"; then exec 4<"$outdir"; fi

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
mkdir -p /run/lock
if hidden "$repo"; then
	mkdir -p "$repo"
	mount --no-canonicalize --bind "/proc/$$/fd/3" "$repo"
	exec 3<&-
fi
if hidden "$outdir"; then
	mkdir -p "$outdir"
	mount --no-canonicalize --bind "/proc/$$/fd/4" "$outdir"
	exec 4<&-
fi
rm -rf /run/mount	# mount(8)'s own notes, not the host's business

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
