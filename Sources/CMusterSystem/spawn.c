#define _GNU_SOURCE
#include "CMusterSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/close_range.h>
#include <sys/prctl.h>
#endif

static void report_and_exit(int error_fd, int error) {
    ssize_t ignored = write(error_fd, &error, sizeof error);
    (void)ignored;
    _exit(127);
}

/// Runs in the forked child: only async-signal-safe calls until exec.
static void become_child(const char *const argv[], const char *const envp[], const char *cwd,
                         int stdin_fd, int output_fd, int error_fd, pid_t parent) {
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    setsid();
    // Nothing of Muster's but the three standard streams may leak into a service.
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        _exit(127);
    }
#else
    (void)parent;
#endif
    if (stdin_fd != 0) {
        if (dup2(stdin_fd, 0) < 0) report_and_exit(error_fd, errno);
    }
    if (dup2(output_fd, 1) < 0) report_and_exit(error_fd, errno);
    if (dup2(output_fd, 2) < 0) report_and_exit(error_fd, errno);
    if (cwd != NULL && chdir(cwd) != 0) report_and_exit(error_fd, errno);
    execvpe(argv[0], (char *const *)argv, (char *const *)envp);
    report_and_exit(error_fd, errno);
}

pid_t muster_spawn(const char *const argv[], const char *const envp[], const char *cwd,
                   int stdin_fd, int output_fd, int *child_errno) {
    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) != 0) {
        *child_errno = errno;
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *child_errno = errno;
        close(error_pipe[0]);
        close(error_pipe[1]);
        return -1;
    }
    if (pid == 0) {
        close(error_pipe[0]);
        become_child(argv, envp, cwd, stdin_fd, output_fd, error_pipe[1], parent);
    }
    close(error_pipe[1]);
    int error = 0;
    ssize_t got;
    do {
        got = read(error_pipe[0], &error, sizeof error);
    } while (got < 0 && errno == EINTR);
    close(error_pipe[0]);
    if (got == (ssize_t)sizeof error) {
        // exec failed: the child exits with 127; it is reaped by the reaper like any other.
        *child_errno = error;
        return -pid;
    }
    *child_errno = 0;
    return pid;
}

pid_t muster_wait_any(int *status) {
    pid_t pid;
    do {
        pid = waitpid(-1, status, 0);
    } while (pid < 0 && errno == EINTR);
    return pid;
}

int muster_wifexited(int status) { return WIFEXITED(status); }
int muster_wexitstatus(int status) { return WEXITSTATUS(status); }
int muster_wifsignaled(int status) { return WIFSIGNALED(status); }
int muster_wtermsig(int status) { return WTERMSIG(status); }
