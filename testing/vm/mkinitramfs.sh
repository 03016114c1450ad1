#!/bin/bash
# Build (once) the tiny initramfs that boots the VM into the host's own
# root file system, and print its path.
#
#   testing/vm/mkinitramfs.sh KERNEL-VERSION BUILDDIR
#
# The image holds busybox, the first-stage /init (testing/vm/init) and
# the modules needed to reach the host root: virtio, 9p and overlay, in
# the dependency order `modprobe --show-depends` gives.  Its name carries
# the kernel version and a hash of this script and of init, so a new
# kernel or a changed init gives a new image; older images are removed.
set -eu

ver=$1
builddir=$2
here=$(cd "$(dirname "$0")" && pwd)

# The modules /init loads, leaves of the dependency tree.
ROOT_MODULES="virtio_pci 9pnet_virtio 9p overlay"

moddir=/lib/modules/$ver
[ -f "$moddir/modules.dep" ] || { echo "mkinitramfs: no $moddir/modules.dep (is linux-image-$ver installed?)" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "mkinitramfs: /bin/busybox missing (busybox-static)" >&2; exit 1; }

hash=$(cat "$0" "$here/init" | sha256sum | cut -c1-12)
image=$builddir/initramfs-$ver-$hash.cpio.gz
mkdir -p "$builddir"

# Several runs may start at once: one builds, the others wait.
exec 9>"$builddir/.initramfs.lock"
flock 9
if [ -s "$image" ]; then
	echo "$image"
	exit 0
fi

stage=$(mktemp -d "$builddir/initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,lib/modules,lower,rw,newroot}
cp /bin/busybox "$stage/bin/busybox"
install -m 0755 "$here/init" "$stage/init"

# Ordered, de-duplicated list of the module files to insmod.
: > "$stage/modules.list"
for m in $ROOT_MODULES; do
	modprobe -S "$ver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r path; do
	name=$(basename "$path")
	case "$name" in
	*.ko.xz) xz -dc "$path" > "$stage/lib/modules/${name%.xz}"; name=${name%.xz} ;;
	*.ko.zst) zstd -qdc "$path" > "$stage/lib/modules/${name%.zst}"; name=${name%.zst} ;;
	*) cp "$path" "$stage/lib/modules/$name" ;;
	esac
	echo "$name" >> "$stage/modules.list"
done

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$image.tmp"
mv "$image.tmp" "$image"
find "$builddir" -maxdepth 1 -name 'initramfs-*.cpio.gz' ! -path "$image" -delete
echo "$image"
