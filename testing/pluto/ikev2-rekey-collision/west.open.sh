nft delete table inet lossy
