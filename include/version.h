/* The release every program reports with --version. */
#ifndef VERSION_H
#define VERSION_H

#define SWAN_PACKAGE "pluto-resume"
#define SWAN_VERSION "0.1"

#endif
