ipsec auto --up west-east
ipsec suspend west-east
ipsec whack --impair ticket-tamper
ipsec resume west-east
ipsec whack --impair none
ipsec status
