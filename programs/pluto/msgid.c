/* Message-ID window, response cache and retransmission timing (msgid.h). */
#include <event2/event.h>

#include "msgid.h"

enum msgid_verdict msgid_classify(const struct msgid_window *w, bool is_response, uint32_t msgid)
{
	if (is_response) {
		if (w->request_outstanding && msgid == w->outstanding_msgid)
			return MSGID_EXPECTED_RESPONSE;
		return MSGID_DROP;
	}
	if (msgid == w->peer_next)
		return MSGID_NEW_REQUEST;
	if (w->have_response && msgid == w->last_response_msgid)
		return MSGID_RETRANSMIT;
	return MSGID_DROP;
}

void msgid_record_response(struct msgid_window *w, uint32_t msgid, struct bytes response)
{
	chunk_free(&w->last_response);
	w->last_response = chunk_clone(response);
	w->last_response_msgid = msgid;
	w->have_response = true;
	w->peer_next = msgid + 1;
}

uint32_t msgid_start_request(struct msgid_window *w, uint8_t exchange, struct bytes request,
			     double now, const struct retransmit_policy *p)
{
	chunk_free(&w->outstanding);
	w->outstanding = chunk_clone(request);
	w->outstanding_msgid = w->next_request++;
	w->outstanding_exchange = exchange;
	w->request_outstanding = true;
	w->retransmits = 0;
	w->first_sent = now;
	w->next_delay = p->interval;
	return w->outstanding_msgid;
}

void msgid_request_done(struct msgid_window *w)
{
	w->request_outstanding = false;
	chunk_free(&w->outstanding);
	if (w->retransmit_timer != NULL)
		event_del(w->retransmit_timer);
}

/* The last wait ends exactly at the deadline, but libevent's timers run
 * on a coarse clock and may fire a few ms before pluto_now() gets there:
 * that wake-up is the deadline, not one more retransmission. */
#define DEADLINE_SLACK 0.02

double msgid_next_retransmit(struct msgid_window *w, double now, const struct retransmit_policy *p)
{
	if (now - w->first_sent >= p->timeout - DEADLINE_SLACK)
		return -1;
	double delay = w->next_delay;
	w->next_delay = delay * 2 > p->max_delay ? p->max_delay : delay * 2;
	/* never wait past the deadline: the last wait ends exactly at it */
	if (now + delay > w->first_sent + p->timeout)
		delay = w->first_sent + p->timeout - now;
	return delay;
}

void msgid_reset(struct msgid_window *w)
{
	struct event *timer = w->retransmit_timer;
	msgid_free(w);
	*w = (struct msgid_window){ .retransmit_timer = timer };
}

void msgid_free(struct msgid_window *w)
{
	chunk_free(&w->outstanding);
	chunk_free(&w->last_response);
	w->request_outstanding = false;
	w->have_response = false;
	if (w->retransmit_timer != NULL)
		event_del(w->retransmit_timer);
}
