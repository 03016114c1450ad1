nft delete table inet lossy
# the retransmits at 6 s get the cached responses; the nonces decide
sleep 5
