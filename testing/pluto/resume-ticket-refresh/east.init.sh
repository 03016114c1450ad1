. "$REPO/testing/pluto/common/start.sh"
ipsec whack --impair ticket-ack
