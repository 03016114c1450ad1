# the VM installs real SAs: trafficstatus tells when (seconds since 1970);
# protostack=none says 0, which stays
s/add_time=[1-9][0-9]*/add_time=N/
