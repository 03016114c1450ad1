#!/bin/bash
# `make install` (mk/install.mk): what it installs, where, with which
# modes, and that the installed programs run from there.  testing/check.sh
# reads the closing line, "install: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 1
suite=install
tmp=$PWD/OUTPUT/install
passed=0 failed=0 failures=()

check() {	# check DESCRIPTION COMMAND...: one test
	local what=$1; shift
	local log
	if log=$("$@" 2>&1); then
		passed=$((passed + 1)); echo "ok   $what"
	else
		failed=$((failed + 1)); failures+=("$what"); echo "FAIL $what"
		printf '%s\n' "$log" | head -n 30 | sed 's/^/    /'
	fi
}

rm -rf "$tmp"; mkdir -p "$tmp"
if ! make -s -j2 programs >"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log"
	echo "$suite: build failed"
	echo "$suite: 0 passed, 1 failed"
	exit 1
fi

# 1. a staged install for packaging: DESTDIR=stage PREFIX=/usr
stage=$tmp/stage
check "make install DESTDIR=... PREFIX=/usr" make -s install DESTDIR="$stage" PREFIX=/usr

expected_list() {
	cat <<'EOF'
-rw-r--r-- ./etc/ipsec.conf
drwxr-xr-x ./etc/ipsec.d
-rw------- ./etc/ipsec.secrets
-rw-r--r-- ./usr/lib/systemd/system/ipsec.service
-rwxr-xr-x ./usr/libexec/ipsec/pluto
-rwxr-xr-x ./usr/libexec/ipsec/whack
-rwxr-xr-x ./usr/sbin/ipsec
-rw-r--r-- ./usr/share/man/man5/ipsec.conf.5
-rw-r--r-- ./usr/share/man/man5/ipsec.secrets.5
-rw-r--r-- ./usr/share/man/man8/ipsec.8
-rw-r--r-- ./usr/share/man/man8/pluto.8
-rw-r--r-- ./usr/share/man/man8/whack.8
EOF
}
installed_list() {	# files and leaf directories, with modes
	(cd "$stage" && find . -mindepth 1 \( -type f -o -type d -empty \) -printf '%M %p\n' | LC_ALL=C sort -k2)
}
check "the installed files and their modes" diff -u <(expected_list) <(installed_list)

check "ipsec has LIBEXECDIR filled in" \
	grep -qx 'libexecdir="/usr/libexec/ipsec"' "$stage/usr/sbin/ipsec"
check "the programs are the build's" \
	cmp build/programs/pluto/pluto "$stage/usr/libexec/ipsec/pluto"
unit=$stage/usr/lib/systemd/system/ipsec.service
check "ipsec.service runs the installed paths" bash -c '
	! grep -n "/usr/local" "$1" &&
	grep -qx "ExecStart=/usr/libexec/ipsec/pluto --nofork" "$1" &&
	grep -qx "ExecStartPre=/usr/sbin/ipsec checkconfig" "$1"' - "$unit"

man_clean() {	# every page renders, groff has nothing to say
	local m out rc=0
	for m in "$stage"/usr/share/man/man?/*; do
		out=$(LC_ALL=C groff -man -ww -z "$m" 2>&1)
		[ -z "$out" ] || { echo "$m: $out"; rc=1; }
	done
	return $rc
}
check "the man pages render without warnings" man_clean

# 2. a second install keeps the administrator's configuration
echo "# edited by the administrator" >> "$stage/etc/ipsec.conf"
chmod 0640 "$stage/etc/ipsec.secrets"
check "make install again" make -s install DESTDIR="$stage" PREFIX=/usr
check "an existing ipsec.conf is not overwritten" \
	grep -qx '# edited by the administrator' "$stage/etc/ipsec.conf"
check "an existing ipsec.secrets is left alone" \
	test "$(stat -c %a "$stage/etc/ipsec.secrets")" = 640

# 3. installed in place (no DESTDIR): the installed ipsec runs the
# installed pluto and whack, and the sample configuration is valid
root=$tmp/root
check "make install PREFIX=... SYSCONFDIR=..." \
	make -s install PREFIX="$root/usr" SYSCONFDIR="$root/etc"
check "installed ipsec --version runs the installed whack" bash -c '
	out=$(PATH=/usr/bin:/bin "$1/usr/sbin/ipsec" --version) &&
	echo "$out" && echo "$out" | grep -q "^ipsec "' - "$root"
check "installed ipsec checkconfig accepts the sample configs" \
	env PATH=/usr/bin:/bin "$root/usr/sbin/ipsec" --config "$root/etc/ipsec.conf" \
	--secretsfile "$root/etc/ipsec.secrets" checkconfig
# that it really is the installed pluto: a copy that fails tells
check "installed ipsec uses LIBEXECDIR's pluto, not build/'s" bash -c '
	mv "$1/usr/libexec/ipsec/pluto" "$1/pluto.moved"
	out=$(PATH=/usr/bin:/bin "$1/usr/sbin/ipsec" --config "$1/etc/ipsec.conf" \
		--secretsfile "$1/etc/ipsec.secrets" checkconfig 2>&1); rc=$?
	mv "$1/pluto.moved" "$1/usr/libexec/ipsec/pluto"
	echo "$out"; [ $rc -ne 0 ] && echo "$out" | grep -q "libexec/ipsec/pluto"' - "$root"

rm -rf "$tmp/stage" "$tmp/root"
[ "$failed" -eq 0 ] || printf '%s: failed: %s\n' "$suite" "$(IFS=';'; echo "${failures[*]}")"
echo "$suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
