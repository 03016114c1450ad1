#!/bin/sh
# libreswan.sh start IPSEC.CONF SECRETS CONN [P12 PASSWORD] | whack ARGS... | stop:
# libreswan 4.10's pluto (unpacked by install.sh into build-vm/peers) as a
# test peer in a scenario host (testing/peers/README.md).  Its run
# directory, control socket and NSS database are in /run/libreswan (the
# host's own tmpfs); it logs to $OUTDIR/$HOST/libreswan.log.  Its tools
# are called by their full paths: `ipsec` on PATH is ours.  With P12, its
# key, certificate and CA (the test PKI, testing/pluto/certs) go into that
# database before pluto starts, the CA (nickname "ca") trusted to issue
# peer certificates.  Prints nothing when all went well.
set -u
lsw=$REPO/build-vm/peers/libreswan/usr/libexec/ipsec
run=/run/libreswan
ctl=$run/pluto.ctl
case "${1:-}" in
start)
	conf=${2:?ipsec.conf} secrets=${3:?ipsec.secrets} conn=${4:?conn}
	[ -x "$lsw/pluto" ] || { echo "libreswan: not unpacked (testing/peers/install.sh)"; exit 1; }
	mkdir -p "$run/nss" "$OUTDIR/$HOST"
	# pluto 4.10 runs addconn from its compiled-in /usr/libexec/ipsec: show
	# it the unpacked tree there, in this host's own mount namespace only
	if [ ! -x /usr/libexec/ipsec/addconn ]; then
		if [ ! -d /usr/libexec/ipsec ]; then
			# a mount point; in the VM the root is a throw-away overlay
			[ "${TESTMODE:-}" = vm ] || { echo "libreswan: no /usr/libexec/ipsec (VM only)"; exit 1; }
			mkdir -p /usr/libexec/ipsec
		fi
		mount --bind "$lsw" /usr/libexec/ipsec || { echo "libreswan: bind mount failed"; exit 1; }
	fi
	# its own copies: pluto wants the secrets readable by root only
	cp "$conf" "$run/ipsec.conf"
	install -m 600 "$secrets" "$run/ipsec.secrets"
	certutil -N -d "sql:$run/nss" --empty-password ||
		{ echo "libreswan: certutil -N failed"; exit 1; }
	if [ -n "${5:-}" ]; then
		pk12util -i "$5" -d "sql:$run/nss" -W "${6:?p12 password}" \
			> "$OUTDIR/$HOST/pk12util.log" 2>&1 ||
			{ echo "libreswan: pk12util failed"; cat "$OUTDIR/$HOST/pk12util.log"; exit 1; }
		certutil -M -d "sql:$run/nss" -n ca -t CT,, ||
			{ echo "libreswan: certutil -M ca failed"; exit 1; }
	fi
	# no --config: its "config setup" would put nssdir etc. back to the
	# system's defaults; the conn is loaded with addconn below
	"$lsw/pluto" --rundir "$run" --nssdir "$run/nss" --ipsecdir "$run" \
		--secretsfile "$run/ipsec.secrets" \
		--logfile "$OUTDIR/$HOST/libreswan.log" --nofork \
		> "$OUTDIR/$HOST/libreswan.out" 2>&1 &
	i=0
	until [ -S "$ctl" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "libreswan: no control socket after 10 s"; tail -n 20 "$OUTDIR/$HOST/libreswan.log"; exit 1
		fi
		sleep 0.1
	done
	# it opens its IKE ports only when told (`ipsec start` does this too)
	"$lsw/whack" --ctlsocket "$ctl" --listen > "$OUTDIR/$HOST/listen.log" 2>&1 ||
		{ echo "libreswan: whack --listen failed"; cat "$OUTDIR/$HOST/listen.log"; exit 1; }
	"$lsw/addconn" --config "$run/ipsec.conf" --ctlsocket "$ctl" "$conn" \
		> "$OUTDIR/$HOST/addconn.log" 2>&1 ||
		{ echo "libreswan: addconn $conn failed"; cat "$OUTDIR/$HOST/addconn.log"; exit 1; }
	;;
whack)
	shift
	exec "$lsw/whack" --ctlsocket "$ctl" "$@"
	;;
stop)
	"$lsw/whack" --ctlsocket "$ctl" --shutdown > /dev/null 2>&1 ||
		{ echo "libreswan: whack --shutdown failed"; exit 1; }
	;;
*)
	echo "usage: libreswan.sh start IPSEC.CONF SECRETS CONN [P12 PASSWORD] | whack ARGS... | stop"; exit 2 ;;
esac
