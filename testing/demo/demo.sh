#!/bin/bash
# The main job: west and east gateways in two network namespaces on this
# machine (protostack=none: the host kernel has no ESP), west initiates a
# full IKEv2 handshake with a ticket request, the tunnel comes up, west
# suspends it (states dropped, ticket kept), then resumes it with RFC 5723
# IKE_SESSION_RESUME.  Each phase prints its wall time and the CPU time
# both daemons spent on it.  Everything is torn down at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
BUILD=${BUILD:-build}
PLUTO=$REPO/$BUILD/programs/pluto/pluto
WHACK=$REPO/$BUILD/programs/whack/whack
RUN=$(mktemp -d /tmp/pluto-demo.XXXXXX)
NS_W=demo-west-$$
NS_E=demo-east-$$

cleanup() {
	set +e
	for h in west east; do
		# read once: a pluto shutting down removes its pid file meanwhile
		pid=$(cat "$RUN/$h/pluto.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
	done
	sleep 0.2
	ip netns del "$NS_W" 2>/dev/null
	ip netns del "$NS_E" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$RUN"
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }

ip netns add "$NS_W"
ip netns add "$NS_E"
ip link add demo-w type veth peer name demo-e
ip link set demo-w netns "$NS_W"
ip link set demo-e netns "$NS_E"
ip -n "$NS_W" addr add 192.0.2.1/24 dev demo-w
ip -n "$NS_E" addr add 192.0.2.2/24 dev demo-e
for ns in "$NS_W" "$NS_E"; do
	ip -n "$ns" link set lo up
done
ip -n "$NS_W" link set demo-w up
ip -n "$NS_E" link set demo-e up

write_conf() {	# host
	mkdir -p "$RUN/$1"
	cat > "$RUN/$1/ipsec.conf" <<CONF
config setup
	protostack=none
	ticket-key-file=$RUN/$1/ticket.keys

conn west-east
	left=192.0.2.1
	leftid=@west
	leftsubnet=198.51.100.0/25
	right=192.0.2.2
	rightid=@east
	rightsubnet=198.51.100.128/25
	authby=secret
	ike=aes_gcm256-sha2_256;dh19
	esp=aes_gcm256
	session-resumption=yes
	ticket-lifetime=1h
	auto=add
CONF
	cat > "$RUN/$1/ipsec.secrets" <<SECRETS
@west @east : PSK "demo pre-shared key, not for production"
SECRETS
	chmod 600 "$RUN/$1/ipsec.secrets"
}

start_pluto() {	# host ns
	ip netns exec "$2" "$PLUTO" --config "$RUN/$1/ipsec.conf" \
		--secretsfile "$RUN/$1/ipsec.secrets" --rundir "$RUN/$1" \
		--nssdir "$RUN/$1/nss" --logfile "$RUN/$1/pluto.log"
	for _ in $(seq 50); do
		[ -S "$RUN/$1/pluto.ctl" ] && return 0
		sleep 0.1
	done
	echo "pluto on $1 did not start; log:"; cat "$RUN/$1/pluto.log"; exit 1
}

whack() {	# host args...
	local ns=$NS_W; [ "$1" = east ] && ns=$NS_E
	local h=$1; shift
	ip netns exec "$ns" "$WHACK" --ctlsocket "$RUN/$h/pluto.ctl" "$@"
}

cpu_ns() {	# host -> CPU time in ns (the scheduler's count, finer than ticks)
	awk '{print $1}' "/proc/$(cat "$RUN/$1/pluto.pid")/schedstat"
}

declare -A BEFORE CPU
phase_start() { T0=$(date +%s%N); BEFORE[west]=$(cpu_ns west); BEFORE[east]=$(cpu_ns east); }
phase_end() {	# label [count]
	local t1 n=${2:-1}; t1=$(date +%s%N)
	CPU[$1]=$(( ($(cpu_ns east) - BEFORE[east]) / n ))
	printf '   %s: %.2f ms wall; CPU west %.3f ms, east %.3f ms%s\n' "$1" \
		"$(echo "($t1 - $T0) / 1000000 / $n" | bc -l)" \
		"$(echo "($(cpu_ns west) - ${BEFORE[west]}) / 1000000 / $n" | bc -l)" \
		"$(echo "${CPU[$1]} / 1000000" | bc -l)" \
		"$([ "$n" -gt 1 ] && echo " (per cycle, mean of $n)")"
}

say "starting pluto on west (192.0.2.1) and east (192.0.2.2), protostack=none"
write_conf west; write_conf east
start_pluto west "$NS_W"; start_pluto east "$NS_E"

say "west: full IKEv2 handshake (IKE_SA_INIT + IKE_AUTH, PSK, ECP-256) with N(TICKET_REQUEST)"
phase_start
whack west --name west-east --initiate
phase_end "full handshake"

say "west: status (the ticket from east is held on the connection)"
whack west --status
say "east: status"
whack east --status

say "west: suspend (IKE and Child SAs dropped silently; SK_d and the ticket kept)"
whack west --name west-east --suspend
whack west --status | grep -E 'west-east|ticket|suspend' || true

say "west: resume (IKE_SESSION_RESUME + IKE_AUTH keyed from SK_d: no DH, no public-key work)"
phase_start
whack west --name west-east --resume
phase_end "resume"

say "west: status after resume"
whack west --status
say "east: status after resume (the old IKE SA was replaced silently)"
whack east --status

N=${DEMO_CYCLES:-20}
say "measuring $N full handshakes against $N suspend/resume cycles (same run)"
phase_start
for _ in $(seq "$N"); do
	whack west --name west-east --terminate >/dev/null
	whack west --name west-east --initiate >/dev/null
done
phase_end "terminate + full handshake" "$N"
phase_start
for _ in $(seq "$N"); do
	whack west --name west-east --suspend >/dev/null
	whack west --name west-east --resume >/dev/null
done
phase_end "suspend + resume" "$N"
printf '   responder (east) CPU per full handshake / per resume: %.1f\n' \
	"$(echo "${CPU[terminate + full handshake]} / ${CPU[suspend + resume]}" | bc -l)"

say "shutting down"
whack west --shutdown || true
whack east --shutdown || true
echo "demo: done (logs: $RUN, kept with KEEP=1)"
