# sourced by interop rekey scenarios: a ping from west's client address to
# east's every 0.05 s for 30 s, run across rekeys.
# ping_across_start: starts it in the background (its pid in acrosspid)
# ping_across_end: says whether it was still running (so the rekeys fell
#   inside it), waits for it and prints its loss line
ping_across_start() {
	ping -n -i 0.05 -c 600 -W 2 -I 198.51.100.1 198.51.100.129 > "$OUTDIR/$HOST/ping-across.log" 2>&1 &
	acrosspid=$!
	sleep 1
}
ping_across_end() {
	kill -0 "$acrosspid" && echo "ping still running after the rekeys"
	wait "$acrosspid"
	grep 'packet loss' "$OUTDIR/$HOST/ping-across.log"
}
