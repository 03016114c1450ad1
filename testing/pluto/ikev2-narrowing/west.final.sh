ipsec auto --up west-east-far
ipsec status | grep -E '^#'
ipsec stop
