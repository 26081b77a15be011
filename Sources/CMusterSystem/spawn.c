#define _GNU_SOURCE
#include "CMusterSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/syscall.h>
#ifdef __linux__
#include <linux/close_range.h>
#include <sys/prctl.h>
#endif

pid_t muster_spawn(const char *path, const char *const argv[], const char *const envp[],
                   const char *cwd, int stdin_fd, int output_fd, int error_fd, int *child_errno) {
    // The child shares our memory until it execs (vfork): it reports a failure through this
    // variable and otherwise calls nothing but async-signal-safe system calls.
    volatile int failure = 0;
    sigset_t all, previous;
    sigfillset(&all);
    // No handler of ours may run in the child between vfork and exec.
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t parent = getpid();
    pid_t pid = vfork();
    if (pid == 0) {
        for (int sig = 1; sig < NSIG; sig++) {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = SIG_DFL;
            sigaction(sig, &action, NULL);
        }
        setsid();
#ifdef __linux__
        // Nothing of Muster's but the three standard streams may leak into a service.
        syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
#endif
        if (stdin_fd != 0 && dup2(stdin_fd, 0) < 0) goto fail;
        if (dup2(output_fd, 1) < 0) goto fail;
        if (dup2(error_fd < 0 ? output_fd : error_fd, 2) < 0) goto fail;
        if (cwd != NULL && chdir(cwd) != 0) goto fail;
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execve(path, (char *const *)argv, (char *const *)envp);
    fail:
        failure = errno;
        _exit(127);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (pid < 0) {
        *child_errno = fork_errno;
        return -1;
    }
    if (failure != 0) {
        // exec failed: the child has exited with 127 and is reaped like any other child.
        *child_errno = failure;
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

int muster_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
