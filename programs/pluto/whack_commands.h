/* What pluto does for each whack command (whack_commands.c). */
#ifndef WHACK_COMMANDS_H
#define WHACK_COMMANDS_H

struct whack_conn;
struct whack_request;

void whack_dispatch(struct whack_conn *w, const struct whack_request *req);
/* A whack client went away: nobody waits for it any more. */
void whack_forget(struct whack_conn *w);

#endif
