#!/bin/sh
# Install the interop peers of the VM scenarios (testing/peers/README.md):
#   - strongSwan (charon + swanctl) from Debian with apt-get, without any
#     service left running and without its /etc/ipsec.conf, /etc/ipsec.secrets
#     and /usr/sbin/ipsec (diverted aside: they would collide with ours);
#   - libreswan 4.10 from Debian, unpacked with `dpkg -x` into
#     build-vm/peers/libreswan (its package conflicts with strongSwan and
#     with our own `ipsec`, so it is never installed with dpkg -i).
# Idempotent: does nothing when both are already there.  Needs root.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
dest=$repo/build-vm/peers
lsw=$dest/libreswan

STRONGSWAN="strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins"
# libreswan's own run-time dependencies (its .deb is unpacked, not installed)
LIBRESWAN_DEPS="libnss3-tools libcurl3-nss libldap-2.5-0 libevent-core-2.1-7
libevent-pthreads-2.1-7 libldns3 libunbound8 libaudit1 libselinux1 libsystemd0"

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=""
for p in $STRONGSWAN $LIBRESWAN_DEPS; do
	installed "$p" || missing="$missing $p"
done
if [ -z "$missing" ] && [ -x "$lsw/usr/libexec/ipsec/pluto" ]; then
	exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "peers: need root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

if [ -n "$missing" ]; then
	echo "peers: installing:$missing"
	# strongswan-starter (a dependency of strongswan-charon) ships these:
	# keep ours (or none) in place, theirs under a .strongswan name
	for f in /etc/ipsec.conf /etc/ipsec.secrets /usr/sbin/ipsec; do
		dpkg-divert --local --rename --divert "$f.strongswan" --add "$f" >/dev/null
	done
	# no service may start on this machine: deny every start while installing
	policy=/usr/sbin/policy-rc.d saved=""
	if [ -e "$policy" ]; then saved=$(mktemp); cp -p "$policy" "$saved"; fi
	printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"
	rc=0
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } || rc=$?
	if [ -n "$saved" ]; then mv "$saved" "$policy"; else rm -f "$policy"; fi
	[ "$rc" -eq 0 ] || { echo "peers: apt-get failed" >&2; exit 1; }
	# and none starts at the next boot either (works without a running systemd)
	if command -v systemctl >/dev/null 2>&1; then
		now=""; [ -d /run/systemd/system ] && now=--now
		systemctl disable $now strongswan-starter.service >/dev/null 2>&1 || true
	fi
fi

if [ ! -x "$lsw/usr/libexec/ipsec/pluto" ]; then
	echo "peers: unpacking libreswan into $lsw"
	mkdir -p "$dest/debs"
	(cd "$dest/debs" && rm -f libreswan_*.deb && apt-get download -o APT::Sandbox::User=root libreswan >/dev/null)
	rm -rf "$lsw.tmp"
	dpkg -x "$dest"/debs/libreswan_*.deb "$lsw.tmp"
	rm -rf "$lsw"; mv "$lsw.tmp" "$lsw"
fi
# nothing of theirs may be running on this machine
if pgrep -x charon >/dev/null 2>&1 || pgrep -x starter >/dev/null 2>&1; then
	echo "peers: warning: a strongSwan daemon is running on this machine" >&2
fi
echo "peers: strongSwan $(dpkg-query -W -f='${Version}' strongswan-charon)," \
	"libreswan $(basename "$dest"/debs/libreswan_*.deb .deb | cut -d_ -f2)"
