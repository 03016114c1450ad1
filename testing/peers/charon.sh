#!/bin/sh
# charon.sh start SWANCTL.CONF | swanctl ARGS... | stop: strongSwan's
# charon as a test peer in a scenario host (testing/peers/README.md).
# Everything it has is private to the host: /run (pid file, vici socket) is the host's own
# tmpfs, its strongswan.conf is written into /run/strongswan, and it logs
# to $OUTDIR/$HOST/charon.log.  Prints nothing when all went well.
set -u
dir=/run/strongswan
export STRONGSWAN_CONF=$dir/strongswan.conf
case "${1:-}" in
start)
	conf=${2:?swanctl.conf}
	mkdir -p "$dir" "$OUTDIR/$HOST"
	sed "s|@LOG@|$OUTDIR/$HOST/charon.log|" "$REPO/testing/peers/strongswan.conf" > "$STRONGSWAN_CONF"
	/usr/lib/ipsec/charon > "$OUTDIR/$HOST/charon.out" 2>&1 &
	i=0
	until [ -S /run/charon.vici ]; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "charon: no vici socket after 10 s"; tail -n 20 "$OUTDIR/$HOST/charon.out"; exit 1
		fi
		sleep 0.1
	done
	swanctl --load-all --noprompt --file "$conf" > "$OUTDIR/$HOST/swanctl-load.log" 2>&1 ||
		{ echo "charon: swanctl --load-all failed"; cat "$OUTDIR/$HOST/swanctl-load.log"; exit 1; }
	;;
swanctl)
	shift
	exec swanctl "$@"
	;;
stop)
	[ -s /run/charon.pid ] || { echo "charon: not running"; exit 1; }
	pid=$(cat /run/charon.pid)
	kill "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
	;;
*)
	echo "usage: charon.sh start SWANCTL.CONF | swanctl ARGS... | stop"; exit 2 ;;
esac
