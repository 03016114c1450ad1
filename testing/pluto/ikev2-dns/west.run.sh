# wait for the first answers: two resolved (A and AAAA), two failed
for i in $(seq 100); do [ "$(ipsec status | grep -cE 'resolved to|resolving failed')" -ge 4 ] && break; sleep 0.1; done
ipsec status
# an unresolvable name: --up says so at once
ipsec auto --up nowhere
# DNSSEC: the tampered record is refused
ipsec auto --up tampered
# both ends named: not loaded
ipsec auto --add bothnames
# the daemon goes on: the securely resolved conn comes up
ipsec auto --up west-east
ipsec whack --trafficstatus
# the retries pick up a name that starts to exist
unbound-control -c unbound.conf local_data nowhere.example. 60 IN A 192.0.2.2
for i in $(seq 400); do ipsec status | grep -q 'nowhere.example resolved' && break; sleep 0.1; done
ipsec status | grep -E '^"[a-z6-]+":   dns'
