# Sourced by bench.sh: Debian's strongSwan charon and libreswan 4.10 pluto
# as responders for the full-handshake comparison (issue 7), configured
# like the bench's own gateway: 127.0.0.1, ID @gw, any client ID, one PSK,
# AES-GCM-256 / PRF-HMAC-SHA2-256 and the groups measured.  Both come from
# testing/peers/install.sh (strongSwan with apt, libreswan unpacked into
# build-vm/peers).  Neither can install ESP SAs in the host's kernel: their
# Child SA fails after the IKE SA is up (the load tool counts such clients
# as "without Child SA"), which costs them one netlink round trip; our
# gateway runs with protostack=none.
#
# Each daemon gets a private /run (charon's pid file path is compiled in):
# a holder process keeps a mount namespace inside the bench's network
# namespace, and every command runs there with nsenter.

LSW=$REPO/build-vm/peers/libreswan/usr/libexec/ipsec

peers_available() {
	"$REPO/testing/peers/install.sh" >/dev/null 2>&1 || return 1
	[ -x /usr/lib/ipsec/charon ] && [ -x "$LSW/pluto" ]
}

peer_ns_up() {	# a mount namespace with its own /run, held by a sleeping process
	# libreswan's pluto insists on its compiled-in /usr/libexec/ipsec/addconn:
	# in this namespace only, that path shows the unpacked tree
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs bench-run /run &&
		mount -t tmpfs bench-libexec /usr/libexec && mkdir /usr/libexec/ipsec &&
		mount --bind "$1" /usr/libexec/ipsec && exec sleep infinity' sh "$LSW" &
	HOLDER=$!
	for _ in $(seq 100); do
		[ "$(cat "/proc/$HOLDER/comm" 2>/dev/null)" = sleep ] && return 0
		sleep 0.05
	done
	echo "bench: the peers' namespace did not come up"; return 1
}
in_peer_ns() { nsenter -t "$HOLDER" -m -n "$@"; }
peer_ns_down() { kill "$HOLDER" 2>/dev/null || true; wait "$HOLDER" 2>/dev/null || true; HOLDER=; }

wait_for() {	# wait_for WHAT TEST...: up to 10 s
	local what=$1; shift
	for _ in $(seq 200); do "$@" && return 0; sleep 0.05; done
	echo "bench: $what did not come up"; return 1
}

start_charon() {
	cat > "$RUN/strongswan.conf" <<CONF
charon {
	load_modular = no
	load = random nonce openssl aes gcm sha1 sha2 hmac kdf curve25519 kernel-netlink socket-default vici
	install_routes = no
	plugins {
		vici {
			socket = unix://$RUN/charon.vici
		}
	}
	filelog {
		bench {
			path = $RUN/charon.log
			default = 1
		}
	}
	syslog {
		daemon {
			default = -1
		}
	}
}
CONF
	cat > "$RUN/swanctl.conf" <<CONF
connections {
	clients {
		local_addrs = 127.0.0.1
		proposals = aes256gcm16-prfsha256-x25519-ecp256-modp2048
		local {
			auth = psk
			id = gw
		}
		remote {
			auth = psk
		}
		children {
			host {
				esp_proposals = aes256gcm16
			}
		}
	}
}
secrets {
	ike-clients {
		secret = "$PSK"
	}
}
CONF
	in_peer_ns env STRONGSWAN_CONF="$RUN/strongswan.conf" /usr/lib/ipsec/charon \
		> "$RUN/charon.out" 2>&1 &
	wait_for charon test -S "$RUN/charon.vici" || return 1
	in_peer_ns swanctl --load-all --noprompt --uri "unix://$RUN/charon.vici" \
		--file "$RUN/swanctl.conf" > "$RUN/swanctl.log" 2>&1 ||
		{ echo "bench: swanctl --load-all failed"; cat "$RUN/swanctl.log"; return 1; }
	PID=$(in_peer_ns cat /run/charon.pid)
}

start_libreswan() {
	mkdir -p "$RUN/lsw/nss"
	cat > "$RUN/lsw/ipsec.conf" <<CONF
conn clients
	left=127.0.0.1
	leftid=@gw
	right=%any
	rightid=%any
	authby=secret
	ikev2=insist
	ike=aes_gcm256-sha2_256-dh31+dh19+modp2048
	esp=aes_gcm256
	leftupdown=%disabled
	auto=add
CONF
	printf '@gw %%any : PSK "%s"\n' "$PSK" > "$RUN/lsw/ipsec.secrets"
	chmod 600 "$RUN/lsw/ipsec.secrets"
	certutil -N -d "sql:$RUN/lsw/nss" --empty-password
	# --config first: reading it resets the paths given before it
	in_peer_ns "$LSW/pluto" --config "$RUN/lsw/ipsec.conf" --rundir /run \
		--nssdir "$RUN/lsw/nss" --ipsecdir "$RUN/lsw" --secretsfile "$RUN/lsw/ipsec.secrets" \
		--logfile "$RUN/lsw/pluto.log" --nofork > "$RUN/lsw/pluto.out" 2>&1 &
	wait_for "libreswan's pluto" in_peer_ns test -S /run/pluto.ctl || return 1
	in_peer_ns "$LSW/addconn" --config "$RUN/lsw/ipsec.conf" --ctlsocket /run/pluto.ctl clients \
		> "$RUN/lsw/addconn.log" 2>&1 ||
		{ echo "bench: libreswan's addconn failed"; cat "$RUN/lsw/addconn.log"; return 1; }
	PID=$(in_peer_ns cat /run/pluto.pid)
}

stop_peer() {	# the daemon started last, then its namespace
	kill "$PID" 2>/dev/null || true
	for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
	kill -9 "$PID" 2>/dev/null || true
	PID=
}
