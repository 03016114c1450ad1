/* pluto's message-ID window and retransmission timing. */
#include "unit.h"
#include "../../programs/pluto/msgid.h"

static const struct retransmit_policy policy = { .interval = 0.5, .max_delay = 4, .timeout = 10 };

static void test_responder_window(void)
{
	struct msgid_window w = { 0 };
	CHECK(msgid_classify(&w, false, 0) == MSGID_NEW_REQUEST);
	CHECK(msgid_classify(&w, false, 1) == MSGID_DROP);
	msgid_record_response(&w, 0, BYTES("resp0", 5));
	CHECK(msgid_classify(&w, false, 0) == MSGID_RETRANSMIT);
	CHECK(msgid_classify(&w, false, 1) == MSGID_NEW_REQUEST);
	CHECK(msgid_classify(&w, false, 2) == MSGID_DROP);
	CHECK(msgid_classify(&w, true, 0) == MSGID_DROP);	/* nothing outstanding */
	msgid_free(&w);
}

static void test_requester_window(void)
{
	struct msgid_window w = { 0 };
	CHECK(msgid_start_request(&w, 34, BYTES("req", 3), 100, &policy) == 0);
	CHECK(msgid_classify(&w, true, 0) == MSGID_EXPECTED_RESPONSE);
	CHECK(msgid_classify(&w, true, 1) == MSGID_DROP);
	msgid_request_done(&w);
	CHECK(msgid_classify(&w, true, 0) == MSGID_DROP);	/* answered already */
	CHECK(msgid_start_request(&w, 35, BYTES("req", 3), 101, &policy) == 1);
	msgid_reset(&w);
	CHECK(w.next_request == 0 && !w.request_outstanding);
	msgid_free(&w);
}

static void test_backoff_and_deadline(void)
{
	struct msgid_window w = { 0 };
	msgid_start_request(&w, 34, BYTES("r", 1), 0, &policy);
	double t = 0, d;
	double delays[16];
	int n = 0;
	while ((d = msgid_next_retransmit(&w, t, &policy)) >= 0 && n < 16) {
		delays[n++] = d;
		t += d;
	}
	CHECK(n == 5);
	CHECK(delays[0] == 0.5 && delays[1] == 1 && delays[2] == 2 && delays[3] == 4 && delays[4] == 2.5);
	CHECK(t == 10);	/* gives up exactly at the timeout */
	msgid_free(&w);
}

/* The timer of the last wait fires a little early (coarse clock): that
 * is the deadline, no extra retransmission. */
static void test_deadline_timer_early(void)
{
	struct msgid_window w = { 0 };
	msgid_start_request(&w, 34, BYTES("r", 1), 0, &policy);
	double t = 0, d;
	int n = 0;
	while ((d = msgid_next_retransmit(&w, t, &policy)) >= 0 && n < 16) {
		n++;
		t += d - 0.004;
	}
	CHECK(n == 5);
	msgid_free(&w);
}

UNIT_MAIN(UNIT(test_responder_window), UNIT(test_requester_window), UNIT(test_backoff_and_deadline),
	  UNIT(test_deadline_timer_early))
