/*
 * The responder's ticket key ring as the daemon runs it: loaded from
 * ticket-key-file= (created 0600 when missing, shared by the gateways of
 * a cluster), rotated every ticket-key-rotation=, saved after each
 * rotation; plus the one-time-use replay cache.
 */
#ifndef RESUME_KEYS_H
#define RESUME_KEYS_H

#include <stdbool.h>
#include <stdint.h>

struct ticket_keys;
struct ticket_replay;

#define DEFAULT_TICKET_KEY_ROTATION (12 * 3600)
#define MAX_TICKET_LIFETIME (24 * 3600)
#define REPLAY_CACHE_MAX_ENTRIES 1000000

/* path NULL: keys in memory only (lost on restart). */
bool resume_keys_init(const char *path, uint64_t rotation);
void resume_keys_shutdown(void);
struct ticket_keys *resume_keys_ring(void);
struct ticket_replay *resume_replay_cache(void);
/* Rotate when due (also run by a timer); saves the file when it changed. */
void resume_keys_maybe_rotate(void);

#endif
