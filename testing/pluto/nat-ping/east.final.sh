# one request from nic's address, none from road's
nft list chain inet seen input
