ipsec auto --up west-east
ipsec whack --impair ticket-replay
ipsec suspend west-east
# the first use succeeds (west keeps a copy)
ipsec resume west-east
ipsec suspend west-east
# the copy again: refused, full handshake instead
ipsec resume west-east
ipsec whack --impair none
ipsec status
