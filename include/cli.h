/* cli.h - command-line parsing and the non-interactive commands. */
#ifndef WINBACK_CLI_H
#define WINBACK_CLI_H

/* Runs winback with its arguments; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
