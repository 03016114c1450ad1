# make install PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/libexec/ipsec
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc

.PHONY: install
install: programs
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SBINDIR)
	for p in $(PROGRAM_NAMES); do \
		install -m 0755 $(BUILDDIR)/programs/$$p/$$p $(DESTDIR)$(LIBEXECDIR)/$$p; done
	if [ -f programs/ipsec/ipsec ]; then \
		sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|' programs/ipsec/ipsec > $(DESTDIR)$(SBINDIR)/ipsec; \
		chmod 0755 $(DESTDIR)$(SBINDIR)/ipsec; fi
	for m in $(wildcard configs/man/*.[0-9]); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	install -d $(DESTDIR)$(SYSCONFDIR)/ipsec.d
	[ -e $(DESTDIR)$(SYSCONFDIR)/ipsec.conf ] || install -m 0644 configs/ipsec.conf $(DESTDIR)$(SYSCONFDIR)/ipsec.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/ipsec.secrets ] || install -m 0600 configs/ipsec.secrets $(DESTDIR)$(SYSCONFDIR)/ipsec.secrets
