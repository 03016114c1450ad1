# east can grant tickets again
ipsec whack --impair none
