ipsec auto --up west-east
ipsec suspend west-east
ipsec whack --impair resume-no-ticket
ipsec resume west-east
ipsec whack --impair none
ipsec status
