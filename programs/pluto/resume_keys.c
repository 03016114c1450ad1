/* The daemon's ticket key ring and replay cache (resume_keys.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "pluto.h"
#include "resume_keys.h"
#include "ticket_keys.h"
#include "ticket_replay.h"

static struct ticket_keys *ring;
static struct ticket_replay *replay;
static char *key_file;
static struct event *rotation_timer;

static bool save(void)
{
	char why[256];
	if (key_file != NULL && ticket_keys_save(ring, key_file, why, sizeof(why)) != NULL) {
		log_error("cannot save ticket keys to %s: %s", key_file, why);
		return false;
	}
	return true;
}

/* The directory of the key file, made 0700 if missing (keys are secret). */
static void make_parent_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p != '\0'; p++) {
			if (*p == '/') {
				*p = '\0';
				mkdir(dir, 0755);
				*p = '/';
			}
		}
		if (mkdir(dir, 0700) == 0)
			log_info("created %s for the ticket key file", dir);
	}
	free(dir);
}

void resume_keys_maybe_rotate(void)
{
	bool changed = false;
	const char *err = ticket_keys_rotate(ring, pluto_wallclock(), &changed);
	if (err != NULL) {
		log_error("ticket key rotation failed: %s", err);
		return;
	}
	if (changed) {
		log_info("ticket keys rotated (%zu keys in the ring)", ticket_keys_count(ring));
		save();
	}
	ticket_replay_purge(replay, pluto_wallclock());
}

static void rotation_cb(evutil_socket_t fd, short what, void *arg)
{
	resume_keys_maybe_rotate();
}

bool resume_keys_init(const char *path, uint64_t rotation)
{
	if (rotation == 0)
		rotation = DEFAULT_TICKET_KEY_ROTATION;
	ring = ticket_keys_new(rotation, MAX_TICKET_LIFETIME);
	replay = ticket_replay_new(REPLAY_CACHE_MAX_ENTRIES);
	if (ring == NULL || replay == NULL) {
		log_error("cannot create the ticket key ring");
		return false;
	}
	if (path != NULL) {
		char why[256];
		key_file = xstrdup(path);
		if (ticket_keys_load(ring, path, why, sizeof(why)) != NULL) {
			/* a missing file is created; anything else is an operator's problem */
			if (ticket_keys_count(ring) == 0 && access(path, F_OK) != 0) {
				log_info("ticket key file %s does not exist: creating it", path);
				make_parent_dir(path);
			} else {
				log_error("ticket key file %s: %s", path, why);
				return false;
			}
		} else {
			log_info("loaded %zu ticket keys from %s", ticket_keys_count(ring), path);
		}
	}
	bool changed = false;
	const char *err = ticket_keys_rotate(ring, pluto_wallclock(), &changed);
	if (err != NULL) {
		log_error("ticket keys: %s", err);
		return false;
	}
	/* keys that cannot be persisted would break every ticket at restart */
	if ((changed || key_file != NULL) && !save())
		return false;
	/* check for rotation well within each interval */
	struct timeval tv = { .tv_sec = (time_t)(rotation / 10 > 0 ? rotation / 10 : 1) };
	rotation_timer = event_new(pluto_event_base, -1, EV_PERSIST, rotation_cb, NULL);
	evtimer_add(rotation_timer, &tv);
	return true;
}

void resume_keys_shutdown(void)
{
	if (rotation_timer != NULL)
		event_free(rotation_timer);
	rotation_timer = NULL;
	ticket_keys_free(&ring);
	ticket_replay_free(&replay);
	free(key_file);
	key_file = NULL;
}

struct ticket_keys *resume_keys_ring(void)
{
	return ring;
}

struct ticket_replay *resume_replay_cache(void)
{
	return replay;
}
