/* fuzz_common.h - shared helpers of the libFuzzer targets in tests/fuzz.
 *
 * The targets that need a path (config_load, importer_read) get their
 * input through a memfd seen as /proc/self/fd/N, so nothing touches the
 * disk; the environment is pinned so that forms and shared files come from
 * the source tree and never from the real home directory.
 */
#ifndef WINBACK_FUZZ_COMMON_H
#define WINBACK_FUZZ_COMMON_H

#define _GNU_SOURCE /* memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Points the forms and data search paths at the source tree only. */
static inline void fuzz_pin_environment(void)
{
    setenv("XDG_CONFIG_HOME", "/nonexistent/winback-fuzz/config", 1);
    setenv("XDG_DATA_HOME", "/nonexistent/winback-fuzz/data", 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1);
    setenv("USER", "fuzzer", 1);
}

/* Writes data to a new memfd and its /proc path to path.  Returns the fd
 * (the caller closes it) or aborts: a harness that cannot feed its input
 * must not report success. */
static inline int fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t pathsize)
{
    int fd = memfd_create("winback-fuzz", MFD_CLOEXEC);
    if (fd < 0) {
        perror("memfd_create");
        abort();
    }
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) {
            perror("write");
            abort();
        }
        off += (size_t)w;
    }
    snprintf(path, pathsize, "/proc/self/fd/%d", fd);
    return fd;
}

#endif
