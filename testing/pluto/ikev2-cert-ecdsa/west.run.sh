ipsec auto --up west-east
# (kernel= differs in the VM, and the message counts with retransmissions
# of a slow emulated responder)
ipsec status | grep -vE 'kernel=|messages:'
ipsec auto --down west-east
sleep 0.3
