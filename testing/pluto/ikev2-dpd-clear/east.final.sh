nft delete table inet cut
ipsec stop
