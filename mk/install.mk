# make install PREFIX=/usr/local DESTDIR=
#
# What goes where (testing/suites/install.sh checks the list):
#   SBINDIR/ipsec                     the front-end, LIBEXECDIR filled in
#   LIBEXECDIR/pluto, whack           the daemon and its control client
#   MANDIR/man5, man8                 configs/man/*
#   SYSTEMDUNITDIR/ipsec.service      configs/ipsec.service, paths filled in
#   SYSCONFDIR/ipsec.conf, ipsec.secrets (0600), ipsec.d/
#                                     samples, only where none exist yet
# The load tool (programs/loadtool) is a benchmark, not installed.

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/libexec/ipsec
MANDIR ?= $(PREFIX)/share/man
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
INSTALL_PROGRAMS := pluto whack

.PHONY: install
install: $(foreach p,$(INSTALL_PROGRAMS),$(BUILDDIR)/programs/$(p)/$(p))
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SBINDIR)
	for p in $(INSTALL_PROGRAMS); do \
		install -m 0755 $(BUILDDIR)/programs/$$p/$$p $(DESTDIR)$(LIBEXECDIR)/$$p; done
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|' programs/ipsec/ipsec > $(DESTDIR)$(SBINDIR)/ipsec
	chmod 0755 $(DESTDIR)$(SBINDIR)/ipsec
	for m in $(wildcard configs/man/*.[0-9]); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed -e 's|/usr/local/sbin/|$(SBINDIR)/|' -e 's|/usr/local/libexec/ipsec/|$(LIBEXECDIR)/|' \
		-e 's|^# Sample systemd unit for pluto (paths.*|# systemd unit for pluto, installed by make install|' \
		-e '/^# adjust them to where/d' \
		configs/ipsec.service > $(DESTDIR)$(SYSTEMDUNITDIR)/ipsec.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/ipsec.service
	install -d $(DESTDIR)$(SYSCONFDIR)/ipsec.d
	[ -e $(DESTDIR)$(SYSCONFDIR)/ipsec.conf ] || install -m 0644 configs/ipsec.conf $(DESTDIR)$(SYSCONFDIR)/ipsec.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/ipsec.secrets ] || install -m 0600 configs/ipsec.secrets $(DESTDIR)$(SYSCONFDIR)/ipsec.secrets
