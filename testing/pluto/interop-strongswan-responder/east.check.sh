xfrm-counters
"$REPO/testing/peers/charon.sh" swanctl --list-sas | grep -E 'ESTABLISHED|INSTALLED' | sed -E 's/, [0-9a-f]{16}_i.*//; s/, reqid [0-9]+//'
