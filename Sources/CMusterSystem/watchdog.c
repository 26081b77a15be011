#define _GNU_SOURCE
#include "CMusterSystem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define WATCHDOG_CAPACITY 8192

typedef struct {
    int32_t pgid;
    int32_t add;
} watchdog_record;

/// The watchdog's whole life: no allocation, only async-signal-safe calls (it runs after fork
/// in a multi-threaded process).
static void watchdog_main(int read_fd) {
    static pid_t groups[WATCHDOG_CAPACITY];
    int count = 0;
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_IGN);
    }
    setsid();
    watchdog_record record;
    for (;;) {
        ssize_t got = read(read_fd, &record, sizeof record);
        if (got < 0 && errno == EINTR) continue;
        if (got != (ssize_t)sizeof record) break;
        if (record.add) {
            if (count < WATCHDOG_CAPACITY) groups[count++] = record.pgid;
        } else {
            for (int i = 0; i < count; i++) {
                if (groups[i] == record.pgid) {
                    groups[i] = groups[--count];
                    break;
                }
            }
        }
    }
    for (int i = 0; i < count; i++) {
        kill(-groups[i], SIGKILL);
    }
    _exit(0);
}

int muster_watchdog_start(pid_t *watchdog_pid) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        // Keep only the read end: a copy of the write end here would keep the pipe open forever.
        int keep = fds[0];
        // Hold none of Muster's streams open: whoever reads Muster's output sees its end at once.
        int null_fd = open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            dup2(null_fd, 1);
            dup2(null_fd, 2);
            if (null_fd > 2 && null_fd != keep) close(null_fd);
        }
        if (keep > 3) close_range(3, (unsigned)keep - 1, 0);
        close_range((unsigned)keep + 1, ~0U, 0);
        watchdog_main(keep);
    }
    close(fds[0]);
    *watchdog_pid = pid;
    return fds[1];
}

int muster_watchdog_update(int fd, pid_t pgid, int add) {
    watchdog_record record = {.pgid = pgid, .add = add ? 1 : 0};
    ssize_t put;
    do {
        put = write(fd, &record, sizeof record);
    } while (put < 0 && errno == EINTR);
    return put == (ssize_t)sizeof record ? 0 : -1;
}

int muster_become_subreaper(void) {
#ifdef __linux__
    return prctl(PR_SET_CHILD_SUBREAPER, 1);
#else
    return -1;
#endif
}

int muster_list_children(pid_t parent, pid_t *pids, int capacity) {
    DIR *proc = opendir("/proc");
    if (proc == NULL) return -1;
    int found = 0;
    struct dirent *entry;
    char path[64];
    char buffer[512];
    while ((entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t got = read(fd, buffer, sizeof buffer - 1);
        close(fd);
        if (got <= 0) continue;
        buffer[got] = 0;
        // The command name may contain spaces and parentheses: parse after the last ')'.
        char *close_paren = strrchr(buffer, ')');
        if (close_paren == NULL) continue;
        char state;
        int ppid;
        if (sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2) continue;
        if (ppid == parent) {
            if (found < capacity) pids[found] = (pid_t)atoi(entry->d_name);
            found++;
        }
    }
    closedir(proc);
    return found;
}
