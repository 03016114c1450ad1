#!/bin/bash
# Proof that the VM has working kernel ESP, with iproute2 only: a
# tunnel-mode AES-GCM SA pair and in/out/fwd policies in two namespaces,
# a ping between the clients, and the ESP packet counters.
#
#   testing/vm/run-in-vm.sh testing/vm/esp-proof.sh
set -u
cd "$(dirname "$0")" || exit 1
# shellcheck source=testing/vm/netns-pair.sh
. ./netns-pair.sh

# Keys: 32 bytes of AES key + 4 bytes of salt, one per direction.
KEY_WE=0x$(printf '11%.0s' $(seq 36))
KEY_EW=0x$(printf '22%.0s' $(seq 36))
SPI_WE=0x1001 SPI_EW=0x2002

# install NS LOCAL REMOTE LOCAL_NET REMOTE_NET OUT_SPI OUT_KEY IN_SPI IN_KEY
install() {
	local ns=$1 l=$2 r=$3 lnet=$4 rnet=$5
	ip -n "$ns" xfrm state add src "$l" dst "$r" proto esp spi "$6" reqid 1 mode tunnel \
		aead 'rfc4106(gcm(aes))' "$7" 128 &&
	ip -n "$ns" xfrm state add src "$r" dst "$l" proto esp spi "$8" reqid 1 mode tunnel \
		aead 'rfc4106(gcm(aes))' "$9" 128 &&
	ip -n "$ns" xfrm policy add src "$lnet" dst "$rnet" dir out \
		tmpl src "$l" dst "$r" proto esp reqid 1 mode tunnel &&
	ip -n "$ns" xfrm policy add src "$rnet" dst "$lnet" dir in \
		tmpl src "$r" dst "$l" proto esp reqid 1 mode tunnel &&
	ip -n "$ns" xfrm policy add src "$rnet" dst "$lnet" dir fwd \
		tmpl src "$r" dst "$l" proto esp reqid 1 mode tunnel
}

check "namespaces and veth pair" netns_pair_up
check "west SAs and policies" install west "$WEST_IP" "$EAST_IP" "$WEST_NET" "$EAST_NET" \
	"$SPI_WE" "$KEY_WE" "$SPI_EW" "$KEY_EW"
check "east SAs and policies" install east "$EAST_IP" "$WEST_IP" "$EAST_NET" "$WEST_NET" \
	"$SPI_EW" "$KEY_EW" "$SPI_WE" "$KEY_WE"
check "ping through the tunnel" ping_clients

while read -r ns spi; do
	n=$(xfrm_packets "$ns" "$spi")
	echo "$ns: SA $spi carried ${n:-no} packets"
	check "$ns SA $spi counted 3 packets" test "${n:-0}" -eq 3
done <<EOF
west $SPI_WE
east $SPI_WE
east $SPI_EW
west $SPI_EW
EOF
ip -n west -s xfrm state | grep -v aead
netns_pair_down
summary esp-proof
