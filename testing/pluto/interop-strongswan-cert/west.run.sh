ipsec auto --up west-east
ipsec auto --up west-east-rsa
ipsec status | grep -E 'ESTABLISHED'
