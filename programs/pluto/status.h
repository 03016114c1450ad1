/* whack --status and --trafficstatus output. */
#ifndef STATUS_H
#define STATUS_H

struct whack_conn;

void status_show(struct whack_conn *w);
void status_traffic(struct whack_conn *w);

#endif
