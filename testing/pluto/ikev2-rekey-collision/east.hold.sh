# let requests through, hold responses (the R flag, octet 19 of the IKE header)
nft flush chain inet lossy output
nft add rule inet lossy output udp dport 500 @th,216,8 \& 0x20 == 0x20 counter drop
# the retransmits at 2 s cross: each side answers the other's request
sleep 3
