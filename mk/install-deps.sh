#!/bin/sh
# Install the Debian packages the build and the tests need; a no-op when
# they are all present, so `make check` can call it every time.
set -eu

PACKAGES="build-essential pkg-config make gcc clang python3
libnss3-dev libnspr4-dev libnss3-tools
libevent-dev libcap-ng-dev libunbound-dev libldns-dev
iproute2 nftables procps valgrind bc iputils-ping groff-base
qemu-system-x86 linux-image-amd64 busybox-static cpio kmod
gnuplot-nox
unbound ldnsutils openssl"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo" >&2; exit 1; }
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# unbound is only started by the scenarios, inside their namespaces, with
# their own config: its package must neither start nor enable the service
# on this machine (a policy-rc.d refuses the start during the install)
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	guard=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee $guard >/dev/null
	$SUDO chmod 755 $guard
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing || { [ -z "$guard" ] || $SUDO rm -f $guard; exit 1; }
[ -z "$guard" ] || $SUDO rm -f $guard
if command -v systemctl >/dev/null 2>&1; then
	$SUDO systemctl disable --now unbound.service unbound-resolvconf.service >/dev/null 2>&1 || true
fi
