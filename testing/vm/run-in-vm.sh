#!/bin/bash
# Run a script as root inside a throw-away qemu VM that has real kernel
# ESP, and return its exit status.
#
#   testing/vm/run-in-vm.sh [options] SCRIPT [ARGS...]
#     --timeout S          kill the guest after S seconds (default 600)
#     --keep-console FILE  save the guest's serial console to FILE
#     --keep-results DIR   keep the run's results folder (moved to DIR)
#     --cwd DIR            working directory of SCRIPT (default: the current one)
#     --env NAME=VALUE     extra environment for SCRIPT (repeatable)
#     --mem MB  --smp N    guest size (default 1024 MB, 1 CPU)
#
# The guest boots Debian's linux-image-amd64 under `qemu -accel tcg`
# (KVM hangs on these machines) with the host's root file system
# read-only over 9p plus a tmpfs overlay, so it sees the work tree and
# its fresh binaries; nothing it writes reaches the host except through
# the results folder.  See testing/vm/README.md.
#
# SCRIPT's stdout and stderr are printed on ours once the guest is down.
# Exit status: SCRIPT's; 124 when the guest timed out; 125 when the
# harness failed (no status came back).  The console is printed on
# stderr whenever no status came back.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

timeout=600 console_keep="" results_keep="" cwd=$PWD mem=1024 smp=1
env_args=()
usage() { sed -n '/^#   testing/,/^#     --mem/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 125; }
while [ $# -gt 0 ]; do
	case "$1" in
	--timeout) timeout=${2:?}; shift 2 ;;
	--keep-console) console_keep=${2:?}; shift 2 ;;
	--keep-results) results_keep=${2:?}; shift 2 ;;
	--cwd) cwd=${2:?}; shift 2 ;;
	--env) env_args+=("${2:?}"); shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--help|-h) usage ;;
	--) shift; break ;;
	-*) echo "run-in-vm: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
case "$timeout" in ''|*[!0-9]*) echo "run-in-vm: bad --timeout $timeout" >&2; exit 125 ;; esac

script=$1; shift
# The guest sees the host's file system: absolute paths mean the same.
case "$script" in /*) ;; *) [ -e "$script" ] && script=$(cd "$(dirname "$script")" && pwd)/$(basename "$script") ;; esac
cwd=$(cd "$cwd" && pwd) || exit 125
# The guest mounts fresh tmpfs on these: the host's files there are hidden.
for p in "$script" "$cwd"; do
	case "$p" in /tmp|/tmp/*|/run|/run/*)
		echo "run-in-vm: $p is under /tmp or /run, which the guest does not see" >&2; exit 125 ;;
	esac
done

"$repo/mk/install-deps.sh" >&2 || { echo "run-in-vm: cannot install the VM packages" >&2; exit 125; }

# The newest installed kernel that has both an image and its modules
# (VM_KERNEL_VERSION overrides).
pick_kernel() {
	local v
	for v in $(find /lib/modules -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -rV); do
		if [ -r "/boot/vmlinuz-$v" ] && [ -f "/lib/modules/$v/modules.dep" ]; then
			echo "$v"; return 0
		fi
	done
	return 1
}
ver=${VM_KERNEL_VERSION:-$(pick_kernel)} || { echo "run-in-vm: no kernel image with modules (linux-image-amd64)" >&2; exit 125; }
builddir=${VM_BUILDDIR:-$repo/build-vm}
initrd=$("$here/mkinitramfs.sh" "$ver" "$builddir") || { echo "run-in-vm: initramfs build failed" >&2; exit 125; }

results=$(mktemp -d "$builddir/run.XXXXXX") || exit 125
qemu_pid=""
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	if [ -n "$results_keep" ]; then
		rm -rf "$results_keep" && mkdir -p "$(dirname "$results_keep")" &&
			mv "$results" "$results_keep"
	else
		rm -rf "$results"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$here/guest-run.sh" "$results/guest-run.sh"
{
	printf 'VM_CWD=%q\n' "$cwd"
	printf 'VM_ARGV=('; printf ' %q' "$script" "$@"; printf ' )\n'
	printf 'VM_ENV=('; for e in "${env_args[@]}"; do printf ' %q' "$e"; done; printf ' )\n'
} > "$results/job"

console=$results/console
start=$(date +%s.%N)
# -nodefaults: no VGA, NIC or default serial; the console goes to a file.
timeout --kill-after=10 "$timeout" \
	qemu-system-x86_64 -accel tcg -cpu max -m "$mem" -smp "$smp" \
	-nodefaults -no-user-config -display none -no-reboot \
	-serial "file:$console" -monitor none \
	-kernel "/boot/vmlinuz-$ver" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 loglevel=3 mitigations=off" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$results,mount_tag=results,security_model=none" \
	< /dev/null > "$results/qemu.log" 2>&1 &
qemu_pid=$!
wait "$qemu_pid"
qrc=$?
qemu_pid=""
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

[ -n "$console_keep" ] && cp "$console" "$console_keep"
[ -f "$results/stdout" ] && cat "$results/stdout"
[ -f "$results/stderr" ] && cat "$results/stderr" >&2

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	rc=124
	echo "run-in-vm: guest timed out after ${timeout}s; console:" >&2
elif [ -s "$results/status" ]; then
	rc=$(cat "$results/status")
else
	rc=125
	echo "run-in-vm: no exit status came back (qemu exit $qrc); console:" >&2
fi
if [ "$rc" -eq 124 ] || [ "$rc" -eq 125 ] && [ ! -s "$results/status" ]; then
	tail -n 40 "$console" >&2
	[ -s "$results/qemu.log" ] && sed 's/^/qemu: /' "$results/qemu.log" >&2
fi
echo "run-in-vm: $(basename "$script") exit $rc, ${elapsed}s boot-run-poweroff (kernel $ver)" >&2
exit "$rc"
