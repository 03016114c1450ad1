#!/bin/bash
# make bench: what RFC 5723 resumption saves a gateway, measured in one run
# on this machine (testing/bench/README.md).
#
# pluto (protostack=none) answers in a private network namespace on
# 127.0.0.1; programs/loadtool plays every client, each from its own
# loopback address (127.16.0.0 + i) with its own SPIs and ID @client-i,
# against one right=%any / rightid=%any connection and one %any PSK.
#
#   1. crypto only: the responder's library calls per full handshake and
#      per resume, no sockets (loadtool --crypto-bench)
#   2. per-SA cost: N full handshakes for X25519, ECP-256 and MODP-2048,
#      then N resumes, each against a freshly started gateway; responder
#      CPU from /proc/<pid>/stat over the phase.  Then the same with ECDSA
#      P-256 certificates (X25519): a throw-away PKI made by pki.sh, the
#      gateway with leftcert=, client i with its own certificate and ID
#      (RFC 7427 signature AUTH); and the resume of those IKE SAs
#   3. storm: STORM clients hold tickets, the gateway is killed (SIGKILL)
#      and restarted (ticket keys persisted in ticket-key-file=), all
#      clients resume at once; then the same storm by full handshakes
#   4. memory: the gateway's resident set per established SA (storm
#      set-up) and per resumed SA, and the replay cache's own accounting
#
# Environment: N (default 1000), STORM (default 10000), GROUPS_FULL
# (default "31 19 14"), GROUPS_PEERS (default "31 19"), STORM_GROUP (31), STORM_GROUP2 (19: a
# second full-handshake storm; "" for none), STORM_WINDOW (0: all at once;
# else the clients' concurrency window), BUILD (build), OUT (OUTPUT/bench),
# CRYPTO_ITER (500), CERT_GROUP (31: the DH group of the certificate rows),
# RESUME_REPS (5: the restarted gateway's resume row is the median run).
# Timing never fails the run; a lost client is reported.
set -euo pipefail
shopt -s lastpipe	# `... | record` keeps its results in this shell
cd "$(dirname "$0")/../.."
REPO=$PWD
BUILD=${BUILD:-build}
PLUTO=$REPO/$BUILD/programs/pluto/pluto
LOADTOOL=$REPO/$BUILD/programs/loadtool/loadtool
WHACK=$REPO/$BUILD/programs/whack/whack
N=${N:-1000}
STORM=${STORM:-10000}	# the issue's N; also the memory measurement's N
GROUPS_FULL=${GROUPS_FULL:-"31 19 14"}
STORM_GROUP=${STORM_GROUP:-31}
STORM_GROUP2=${STORM_GROUP2-19}	# a second full-handshake storm ("" for none)
STORM_WINDOW=${STORM_WINDOW:-0}	# 0: every client sends at once
CRYPTO_ITER=${CRYPTO_ITER:-500}
RESUME_REPS=${RESUME_REPS:-5}	# resumes of a restarted gateway: the median of this many runs
GROUPS_PEERS=${GROUPS_PEERS:-"31 19"}	# groups of the charon / libreswan comparison
CERT_GROUP=${CERT_GROUP:-31}
OUT=${OUT:-$REPO/OUTPUT/bench}
PSK="bench pre-shared key, not for production"
NS=bench-$$
RUN=$(mktemp -d /tmp/pluto-bench.XXXXXX)
mkdir -p "$OUT"
PKI=$OUT/pki	# the certificate rows' NSS databases (pki.sh)
CSV=$OUT/bench.csv
TIMELINE=$OUT/timeline.csv
: > "$TIMELINE"

cleanup() {
	set +e
	[ -n "${LT_PID:-}" ] && kill "$LT_PID" 2>/dev/null
	[ -f "$RUN/pluto.pid" ] && kill -9 "$(cat "$RUN/pluto.pid")" 2>/dev/null
	[ -n "${PID:-}" ] && kill -9 "$PID" 2>/dev/null
	[ -n "${HOLDER:-}" ] && kill "$HOLDER" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$RUN"
}
trap cleanup EXIT

ip netns add "$NS"
ip -n "$NS" link set lo up
ulimit -n 65536 2>/dev/null || true

# gw_conf FILE CONN "AUTH LINES": the gateway's one connection, right=%any
gw_conf() {
	cat > "$1" <<CONF
config setup
	protostack=none
	ticket-key-file=$RUN/ticket.keys

conn $2
	left=127.0.0.1
	right=%any
	rightid=%any
$(printf '\t%s\n' $3)
	ike=aes_gcm256-sha2_256;dh31+dh19+dh14
	esp=aes_gcm256
	session-resumption=yes
	ticket-lifetime=1h
	auto=add
CONF
}
gw_conf "$RUN/ipsec.conf" clients "leftid=@gw authby=secret"
printf '@gw %%any : PSK "%s"\n' "$PSK" > "$RUN/ipsec.secrets"
chmod 600 "$RUN/ipsec.secrets"
# the certificate rows' gateway: its certificate and the CA in $PKI/gw;
# any client ID that the client's certificate proves
gw_conf "$RUN/ipsec-cert.conf" clients-cert "leftcert=gw authby=ecdsa"
GW_CONF=$RUN/ipsec.conf GW_NSS=$RUN/nss	# PSK: no NSS database

start_pluto() {
	rm -f "$RUN/pluto.pid" "$RUN/pluto.ctl"
	ip netns exec "$NS" "$PLUTO" --config "$GW_CONF" --secretsfile "$RUN/ipsec.secrets" \
		--rundir "$RUN" --nssdir "$GW_NSS" --logfile "$RUN/pluto.log"
	for _ in $(seq 100); do
		[ -S "$RUN/pluto.ctl" ] && [ -s "$RUN/pluto.pid" ] && { PID=$(cat "$RUN/pluto.pid"); return 0; }
		sleep 0.05
	done
	echo "bench: pluto did not start; log:"; tail -20 "$RUN/pluto.log"; exit 1
}

stop_pluto() {	# a clean stop between measurements (the storm uses SIGKILL)
	kill "$PID" 2>/dev/null || true
	for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
	kill -9 "$PID" 2>/dev/null || true
	rm -f "$RUN/pluto.pid" "$RUN/pluto.ctl"
}

loadtool() {
	ip netns exec "$NS" "$LOADTOOL" --gateway 127.0.0.1 --psk "$PSK" --source 127.16.0.1 \
		--source-range --quiet --timeline "$TIMELINE" "$@"
}

. testing/bench/peers.sh
. testing/bench/pki.sh

declare -A R	# R[label.key] from the loadtool's RESULT lines
record() {	# reads loadtool output, keeps RESULT lines, echoes the rest
	local line kv
	while IFS= read -r line; do
		case $line in
		RESULT*)
			local label=""
			for kv in ${line#RESULT }; do
				[ "${kv%%=*}" = label ] && label=${kv#*=}
			done
			for kv in ${line#RESULT }; do R[$label.${kv%%=*}]=${kv#*=}; done
			echo "$line" >> "$RUN/results.txt";;
		READY) ;;
		*) echo "   $line";;
		esac
	done
}

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
echo "== N=$N full handshakes / resumes per measurement, storm of $STORM clients (DH$STORM_GROUP)"

echo "== 1. crypto only (library calls, no sockets, $CRYPTO_ITER iterations per step)"
declare -A CF CR
for g in $GROUPS_FULL; do
	out=$("$LOADTOOL" --crypto-bench "$CRYPTO_ITER" --group "$g")
	echo "$out" | sed 's/^/   /' | grep -v '^   CRYPTO'
	line=$(echo "$out" | grep '^CRYPTO')
	CF[$g]=$(echo "$line" | sed 's/.*full_us=\([0-9.]*\).*/\1/')
	CR[$g]=$(echo "$line" | sed 's/.*resume_us=\([0-9.]*\).*/\1/')
done
t0=$(date +%s)
bench_pki "$PKI" "$N"
echo "   ECDSA P-256 PKI for the certificate rows: $N client certificates in $PKI ($(( $(date +%s) - t0 )) s)"
out=$("$LOADTOOL" --crypto-bench "$CRYPTO_ITER" --group "$CERT_GROUP" --auth cert --cert client-0 --nssdir "$PKI/ca")
echo "$out" | sed 's/^/   /' | grep -E '(CERT:|AUTH: ECDSA|handshake \(ECDSA|full \(cert\))'
CF_CERT=$(echo "$out" | sed -n 's/^CRYPTO.*full_cert_us=\([0-9.]*\).*/\1/p')

# A loadtool session driven by commands (loadtool --commands).
session_start() {	# loadtool args...
	coproc LT { loadtool --commands "$@" 2>&1; }
	LT_PID=$LT_PID
	exec {LT_IN}>&"${LT[1]}" {LT_OUT}<&"${LT[0]}"
	until_ready | record
}
until_ready() {
	local line
	while IFS= read -r line <&"$LT_OUT"; do
		[ "$line" = READY ] && return 0
		echo "$line"
	done
	return 1
}
say_lt() {	# one command, its output recorded
	echo "$1" >&"$LT_IN"
	until_ready | record
}
session_end() {
	echo quit >&"$LT_IN"
	wait "$LT_PID" 2>/dev/null || true
	LT_PID=
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status"; }
replay_status() {	# "entries bytes" of the gateway's ticket replay cache, from whack --status
	"$WHACK" --ctlsocket "$RUN/pluto.ctl" --status |
		sed -n 's/.*replay cache \([0-9]*\)\/[0-9]* entries, \([0-9]*\) bytes.*/\1 \2/p'
}
# median_run LABEL PREFIX COUNT: R[LABEL.*] := the results of the run
# PREFIX1..PREFIXCOUNT whose gateway CPU per SA is the median; the spread
# goes to R[LABEL.spread] ("min-max ms").
median_run() {
	local label=$1 prefix=$2 count=$3 k key mid
	mid=$(for k in $(seq "$count"); do echo "${R[$prefix$k.gw_sched_per_sa_ms]:-0} $k"; done |
		sort -n | sed -n "$(( (count + 1) / 2 ))p" | cut -d' ' -f2)
	for key in "${!R[@]}"; do
		[ "${key%%.*}" = "$prefix$mid" ] && R[$label.${key#*.}]=${R[$key]}
	done
	R[$label.spread]=$(for k in $(seq "$count"); do echo "${R[$prefix$k.gw_sched_per_sa_ms]:-0}"; done |
		sort -n | sed -n '1p;$p' | paste -sd-)
}

restart_hard() {	# SIGKILL the gateway and start it again: no state but the ticket keys
	kill -9 "$PID"
	while kill -0 "$PID" 2>/dev/null; do sleep 0.01; done
	start_pluto
	echo "   gateway SIGKILLed and restarted (pid $PID, $(wc -l < "$RUN/ticket.keys") lines of ticket keys kept)"
	say_lt "pid $PID"
}

echo "== 2. responder cost per SA: $N clients each, window 64, a fresh gateway per row"
for g in $GROUPS_FULL; do
	start_pluto
	if [ "$g" = "$STORM_GROUP" ]; then
		session_start --count "$N" --group "$g" --pid "$PID"
		say_lt "resume resume-warm"	# the gateway still holds the SAs being replaced
		# a restarted gateway (nothing to replace), RESUME_REPS times: a
		# resume costs ~0.1 s of CPU per 1000, which the scheduler's noise
		# on two shared CPUs moves by tens of percent; the median run counts
		for k in $(seq "$RESUME_REPS"); do
			restart_hard
			say_lt "resume resume-r$k"
		done
		median_run resume resume-r "$RESUME_REPS"
		session_end
	else
		loadtool --count "$N" --group "$g" --pid "$PID" | record
	fi
	stop_pluto
done

echo "== 2b. the same with ECDSA certificates (DH$CERT_GROUP): $N clients, each its own certificate"
GW_CONF=$RUN/ipsec-cert.conf GW_NSS=$PKI/gw
start_pluto
session_start --count "$N" --group "$CERT_GROUP" --pid "$PID" --label "full-cert-dh$CERT_GROUP" \
	--cert client --cert-per-client --nssdir "$PKI/ca"
restart_hard
say_lt "resume resume-cert"	# a restarted gateway, IKE SAs first authenticated by certificates
session_end
stop_pluto
GW_CONF=$RUN/ipsec.conf GW_NSS=$RUN/nss

echo "== 3. storm: $STORM clients (DH$STORM_GROUP) hold tickets; gateway SIGKILLed and restarted; window $STORM_WINDOW (0: all at once)"
start_pluto
rss_empty=$(rss_kb)
session_start --count "$STORM" --group "$STORM_GROUP" --pid "$PID" --label storm-setup \
	--timeout 120 --retransmit-max 2
rss_full=$(rss_kb)
say_lt "window $STORM_WINDOW"
restart_hard
rss_restarted=$(rss_kb)
say_lt "resume storm-resume"
rss_resumed=$(rss_kb)
read -r replay_entries replay_bytes <<<"$(replay_status)"
restart_hard
say_lt "full storm-full"
session_end
stop_pluto
# The same full-handshake storm in a second group (a resume storm does no
# DH, so it is the same as above): the clients need no tickets here, and a
# fresh gateway holds no more than a SIGKILLed and restarted one.
if [ -n "$STORM_GROUP2" ]; then
	start_pluto
	loadtool --count "$STORM" --group "$STORM_GROUP2" --pid "$PID" --window "$STORM_WINDOW" \
		--label "storm-full-dh$STORM_GROUP2" --timeout 120 --retransmit-max 2 | record
	stop_pluto
fi

echo "== 5. the same full handshakes against Debian's strongSwan (charon) and libreswan 4.10: $N clients per group"
PEER_ROWS=""
if peers_available && peer_ns_up; then
	for peer in charon libreswan; do
		if "start_$peer"; then
			for g in $GROUPS_PEERS; do
				loadtool --count "$N" --group "$g" --pid "$PID" --label "$peer-dh$g" | record
			done
			PEER_ROWS="$PEER_ROWS $peer"
			stop_peer
		fi
	done
	peer_ns_down
else
	echo "   peers not available (testing/peers/install.sh failed): no comparison"
fi

# ---- the table ----
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "" && a != "nan") printf "%.1f", a / b; else print "n/a" }'; }
label_of() { case $1 in 31) echo "X25519+PSK";; 19) echo "ECP-256+PSK";; 14) echo "MODP-2048+PSK";; *) echo "DH$1+PSK";; esac; }
echo "test,n,ok,lost,wall_s,sas_per_s,gw_cpu_s,gw_cpu_per_sa_ms,gw_sched_per_sa_ms,p50_ms,p90_ms,p99_ms,retransmits,crypto_only_us" > "$CSV"
row() {	# name label crypto_us
	local l=$2
	printf '%-26s %6s %6s %5s %9s %10s %10s %12s %9s %9s\n' "$1" "${R[$l.n]:-}" "${R[$l.ok]:-}" \
		"${R[$l.lost]:-}" "${R[$l.wall_s]:-}" "${R[$l.sas_per_s]:-}" "${R[$l.gw_cpu_s]:-}" \
		"${R[$l.gw_sched_per_sa_ms]:-}" "${R[$l.p50_ms]:-}" "${R[$l.p99_ms]:-}"
	echo "\"$1\",${R[$l.n]:-},${R[$l.ok]:-},${R[$l.lost]:-},${R[$l.wall_s]:-},${R[$l.sas_per_s]:-},${R[$l.gw_cpu_s]:-},${R[$l.gw_cpu_per_sa_ms]:-},${R[$l.gw_sched_per_sa_ms]:-},${R[$l.p50_ms]:-},${R[$l.p90_ms]:-},${R[$l.p99_ms]:-},${R[$l.retransmits]:-},$3" >> "$CSV"
}
echo
echo "== results (gateway CPU from /proc/<pid>/stat; per-SA from /proc/<pid>/schedstat)"
printf '%-26s %6s %6s %5s %9s %10s %10s %12s %9s %9s\n' test n ok lost wall_s SAs/s gw_cpu_s gw_ms_per_SA p50_ms p99_ms
for g in $GROUPS_FULL; do row "full $(label_of "$g")" "full-dh$g" "${CF[$g]}"; done
row "full ECDSA-cert $(label_of "$CERT_GROUP" | sed 's/+PSK//')" "full-cert-dh$CERT_GROUP" "${CF_CERT:-}"
for peer in $PEER_ROWS; do
	for g in $GROUPS_PEERS; do row "$peer: full $(label_of "$g")" "$peer-dh$g" ""; done
done
row "resume, restarted gateway" resume "${CR[$STORM_GROUP]:-}"
echo "   (median of $RESUME_REPS runs; gateway ms per SA from ${R[resume.spread]:-?})"
row "resume, gateway holds SAs" resume-warm ""
row "resume (cert IKE SA)" resume-cert "${CR[$CERT_GROUP]:-}"
row "storm: resume" storm-resume ""
row "storm: full handshakes" storm-full ""
[ -n "$STORM_GROUP2" ] && row "storm: full $(label_of "$STORM_GROUP2" | sed 's/+PSK//')" "storm-full-dh$STORM_GROUP2" ""
echo
res=${R[resume.gw_sched_per_sa_ms]:-}
for g in $GROUPS_FULL; do
	printf 'responder CPU per full %-14s / per resume: %6s  (crypto only: %s)\n' "$(label_of "$g")" \
		"$(ratio "${R[full-dh$g.gw_sched_per_sa_ms]:-}" "$res")" "$(ratio "${CF[$g]}" "${CR[$g]}")"
done
printf 'responder CPU per full %-14s / per resume: %6s  (crypto only: %s; resume of cert IKE SAs: %s)\n' \
	"ECDSA-cert" "$(ratio "${R[full-cert-dh$CERT_GROUP.gw_sched_per_sa_ms]:-}" "$res")" \
	"$(ratio "${CF_CERT:-}" "${CR[$CERT_GROUP]:-}")" \
	"$(ratio "${R[full-cert-dh$CERT_GROUP.gw_sched_per_sa_ms]:-}" "${R[resume-cert.gw_sched_per_sa_ms]:-}")"
printf 'storm time, full handshakes / resume:            %6s  (%s s vs %s s)\n' \
	"$(ratio "${R[storm-full.wall_s]:-}" "${R[storm-resume.wall_s]:-}")" "${R[storm-full.wall_s]:-}" \
	"${R[storm-resume.wall_s]:-}"
printf 'storm gateway CPU, full handshakes / resume:      %6s  (%s s vs %s s)\n' \
	"$(ratio "${R[storm-full.gw_cpu_s]:-}" "${R[storm-resume.gw_cpu_s]:-}")" "${R[storm-full.gw_cpu_s]:-}" \
	"${R[storm-resume.gw_cpu_s]:-}"
if [ -n "$STORM_GROUP2" ]; then
	s2=storm-full-dh$STORM_GROUP2
	printf 'storm time, full %s / resume:              %6s  (%s s vs %s s; gateway CPU %s)\n' \
		"$(label_of "$STORM_GROUP2" | sed 's/+PSK//')" "$(ratio "${R[$s2.wall_s]:-}" "${R[storm-resume.wall_s]:-}")" \
		"${R[$s2.wall_s]:-}" "${R[storm-resume.wall_s]:-}" "$(ratio "${R[$s2.gw_cpu_s]:-}" "${R[storm-resume.gw_cpu_s]:-}")"
fi
# charon is multi-threaded and /proc/<pid>/schedstat counts one thread only:
# the comparison uses /proc/<pid>/stat (all threads) for every daemon
for peer in $PEER_ROWS; do
	for g in $GROUPS_PEERS; do
		printf 'full %-14s CPU per SA, %-9s / pluto: %6s  (%s ms vs %s ms; SAs/s %s vs %s)\n' \
			"$(label_of "$g")" "$peer" \
			"$(ratio "${R[$peer-dh$g.gw_cpu_per_sa_ms]:-}" "${R[full-dh$g.gw_cpu_per_sa_ms]:-}")" \
			"${R[$peer-dh$g.gw_cpu_per_sa_ms]:-}" "${R[full-dh$g.gw_cpu_per_sa_ms]:-}" \
			"${R[$peer-dh$g.sas_per_s]:-}" "${R[full-dh$g.sas_per_s]:-}"
	done
done
printf 'clients lost: storm resume %s, storm full %s%s\n' "${R[storm-resume.lost]:-?}" "${R[storm-full.lost]:-?}" \
	"${STORM_GROUP2:+, storm full DH$STORM_GROUP2 ${R[storm-full-dh$STORM_GROUP2.lost]:-?}}"
# Memory: the gateway's resident set before and after the storm's clients
# established (one IKE SA + one Child SA each), and after they all resumed on
# a restarted gateway (SAs plus one replay-cache entry each).
per_sa=$(( (rss_full - rss_empty) * 1024 / STORM ))
per_resumed=$(( (rss_resumed - rss_restarted) * 1024 / STORM ))
printf 'gateway memory per IKE SA (with its Child SA), %s SAs:  %s bytes (RSS %s -> %s KiB)\n' \
	"$STORM" "$per_sa" "$rss_empty" "$rss_full"
printf 'gateway memory per resumed SA incl. replay entry:    %s bytes (RSS %s -> %s KiB)\n' \
	"$per_resumed" "$rss_restarted" "$rss_resumed"
printf 'replay cache: %s entries, %s bytes: %s bytes per entry (its own accounting)\n' \
	"${replay_entries:-?}" "${replay_bytes:-?}" \
	"$( [ "${replay_entries:-0}" -gt 0 ] && echo $((replay_bytes / replay_entries)) || echo n/a)"
{ echo "sas,bytes_per_sa,bytes_per_resumed_sa,replay_entries,replay_bytes"
  echo "$STORM,$per_sa,$per_resumed,${replay_entries:-},${replay_bytes:-}"; } > "$OUT/memory.csv"
echo "CSV: $CSV, $OUT/memory.csv; timeline: $TIMELINE"

PLOT2=""
[ -n "$STORM_GROUP2" ] && PLOT2=", \"< grep '^storm-full-dh$STORM_GROUP2,' $TIMELINE\" using 2:3 with lines lw 2 title \"full handshakes (DH$STORM_GROUP2)\""
if command -v gnuplot >/dev/null; then
	gnuplot <<PLOT 2>/dev/null && echo "plot: $OUT/storm.png" || echo "plot: gnuplot failed (skipped)"
set terminal png size 900,500
set output "$OUT/storm.png"
set datafile separator ","
set title "Gateway restart storm: $STORM clients, established SAs over time"
set xlabel "seconds after the restart"
set ylabel "established SAs"
set key bottom right
plot "< grep '^storm-resume,' $TIMELINE" using 2:3 with lines lw 2 title "resume (RFC 5723 tickets)", \
     "< grep '^storm-full,' $TIMELINE" using 2:3 with lines lw 2 title "full handshakes (DH$STORM_GROUP)"$PLOT2
PLOT
else
	echo "plot: gnuplot not installed (skipped)"
fi
