nft list table ip nat
