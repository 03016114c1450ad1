# Sourced by bench.sh: a throw-away ECDSA P-256 PKI for the certificate
# rows, made with NSS's certutil at every run.
#
#   bench_pki DIR N   makes DIR/gw, the gateway's NSS database (certificate
#                     "gw" with its key, the CA trusted), and DIR/ca, the
#                     CA's database, which the load tool also uses: the CA,
#                     certificates "client-0" ... "client-<N-1>" (subject
#                     "CN=client-<i>.bench, O=Pluto Bench": one ID per
#                     client) sharing the key of certificate "client"
#
# One key for all clients costs the gateway nothing (it verifies each
# certificate and signature anyway) and makes N certificates a matter of
# seconds (certutil -B, the database cached in memory).  Valid from a day
# ago for 2 days.  Benchmark-only keys, thrown away with DIR.
bench_pki() {
	local dir=$1 n=$2 i keyid
	local ca="sql:$dir/ca" gw="sql:$dir/gw"
	rm -rf "$dir"
	mkdir -p "$dir/ca" "$dir/gw"
	head -c 2048 /dev/urandom > "$dir/noise"
	certutil -N -d "$ca" --empty-password
	certutil -N -d "$gw" --empty-password
	# the CA: self-signed, basicConstraints CA:true (critical)
	printf 'y\n\ny\n' | certutil -S -d "$ca" -n bench-ca -s "CN=Bench CA, O=Pluto Bench" -x \
		-t "CT,," -k ec -q nistp256 -m 1 -w -1 -v 2 -2 --keyUsage certSigning,crlSigning \
		-z "$dir/noise" > /dev/null 2>&1
	certutil -L -d "$ca" -n bench-ca -a > "$dir/ca.pem"
	# ee NICK SERIAL: an end-entity certificate with a new key
	ee() {
		certutil -S -d "$ca" -n "$1" -s "CN=$1.bench, O=Pluto Bench" -c bench-ca -t ",," \
			-k ec -q nistp256 -m "$2" -w -1 -v 2 --keyUsage digitalSignature \
			--extSAN "dns:$1.bench" -z "$dir/noise" > /dev/null 2>&1
	}
	ee gw 2
	ee client 3
	pk12util -o "$dir/gw.p12" -n gw -d "$ca" -W bench > /dev/null
	pk12util -i "$dir/gw.p12" -d "$gw" -W bench > /dev/null
	certutil -A -d "$gw" -n bench-ca -t "CT,," -a -i "$dir/ca.pem"
	keyid=$(certutil -K -d "$ca" | sed -n 's/.* \([0-9a-f]\{40\}\) .*:client$/\1/p')
	for ((i = 0; i < n; i++)); do
		echo "-S -n client-$i -s \"CN=client-$i.bench, O=Pluto Bench\" -c bench-ca -t \",,\"" \
			"-k $keyid -m $((100 + i)) -w -1 -v 2 --keyUsage digitalSignature"
	done > "$dir/batch"
	NSS_SDB_USE_CACHE=yes certutil -B -d "$ca" -i "$dir/batch" > /dev/null 2>&1
	rm -f "$dir/noise" "$dir/batch"
	certutil -L -d "$gw" -n gw > /dev/null && certutil -L -d "$ca" -n "client-$((n - 1))" > /dev/null
}
