ipsec auto --up west-east
# (the kernel= line differs in the VM)
ipsec status | grep -v 'kernel='
ipsec auto --down west-east
sleep 0.3
