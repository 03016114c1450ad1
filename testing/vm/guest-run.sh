#!/bin/bash
# Second stage inside the VM: PID 1 on the overlay of the host root.
# run-in-vm.sh copies this file into the run's results folder, which the
# first stage (init) mounted at /run/vm-results, together with `job`:
#   VM_CWD=<directory>  VM_ARGV=(<script> <args>...)  VM_ENV=(NAME=VALUE...)
# The job sees IN_VM=1 and VM_RESULTS (this folder, for extra artefacts).
# Runs the job as root, writes stdout, stderr and status (the exit
# status, written last) into the results folder, and powers off.
R=/run/vm-results
exec </dev/null >/dev/console 2>&1
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { echo "vm: $*"; }
poweroff_now() {
	sync
	echo o > /proc/sysrq-trigger
	sleep 60
}

mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm
hostname vm
ip link set lo up

# Kernel IPsec: ESP for both families, the XFRM netlink interface, veth
# for namespace pairs (modules come from the host's /lib/modules).
modprobe -a xfrm_algo xfrm_user esp4 esp6 veth || say "modprobe failed"
# Warm up AES-GCM: the kernel builds rfc4106(gcm(aes)) from modules on
# first use, which under emulation takes long enough to lose the first
# packet through a new SA.  Load them and instantiate the template once,
# in a throw-away network namespace, before any test runs.
for m in gcm ctr ghash_generic aes_generic seqiv echainiv; do modprobe -q "$m"; done
unshare -n ip xfrm state add src 192.0.2.250 dst 192.0.2.251 proto esp spi 0x100 \
	mode tunnel aead 'rfc4106(gcm(aes))' 0x0001020304050607080910111213141516171819 128 ||
	say "AES-GCM warm-up failed"

# shellcheck disable=SC1091
. "$R/job" || { say "cannot read $R/job"; echo 125 > "$R/status"; poweroff_now; }

say "running ${VM_ARGV[*]} in $VM_CWD"
start=$(date +%s.%N)
(
	cd "$VM_CWD" || exit 125
	exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 IN_VM=1 VM_RESULTS="$R" "${VM_ENV[@]}" "${VM_ARGV[@]}"
) > "$R/stdout" 2> "$R/stderr"
rc=$?
say "exit status $rc after $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

echo "$rc" > "$R/status.tmp" && mv "$R/status.tmp" "$R/status"
poweroff_now
