/*
 * Demultiplexing of received IKE messages: header, the IKE SA they belong
 * to, the message-ID window, the transition row, SK opening, the handler.
 */
#ifndef DEMUX_H
#define DEMUX_H

#include "chunk.h"
#include "ip_address.h"

void demux_packet(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg);

/* Counters for status output. */
struct demux_stats {
	unsigned long malformed, no_sa, bad_msgid, retransmits_answered, no_transition,
		sk_failed, processed;
};
extern struct demux_stats demux_stats;

#endif
