/* The kernel backend pluto runs with (protostack=). */
#ifndef KERNEL_GLUE_H
#define KERNEL_GLUE_H

#include <stdbool.h>

struct kernel_ops;

bool kernel_glue_init(const char *protostack);
/* Removes everything pluto installed, then closes the backend. */
void kernel_glue_shutdown(void);
const struct kernel_ops *kernel_glue_ops(void);

#endif
