#define _GNU_SOURCE
#include "CMusterSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/syscall.h>
#ifdef __linux__
#include <linux/close_range.h>
#include <sys/prctl.h>
#endif

static pid_t spawn_child(const char *path, const char *const argv[], const char *const envp[],
                         const char *cwd, int stdin_fd, int output_fd, int error_fd, int terminal,
                         int dies_with_parent, int *child_errno) {
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
        if (dies_with_parent) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) _exit(127);
        }
#endif
        if (stdin_fd != 0 && dup2(stdin_fd, 0) < 0) goto fail;
        if (dup2(output_fd, 1) < 0) goto fail;
        if (dup2(error_fd < 0 ? output_fd : error_fd, 2) < 0) goto fail;
        if (terminal && ioctl(0, TIOCSCTTY, 0) < 0) goto fail;
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

pid_t muster_spawn(const char *path, const char *const argv[], const char *const envp[],
                   const char *cwd, int stdin_fd, int output_fd, int error_fd, int *child_errno) {
    return spawn_child(path, argv, envp, cwd, stdin_fd, output_fd, error_fd, 0, 1, child_errno);
}

pid_t muster_spawn_detached(const char *path, const char *const argv[], const char *const envp[],
                            const char *cwd, int stdin_fd, int output_fd, int *child_errno) {
    return spawn_child(path, argv, envp, cwd, stdin_fd, output_fd, output_fd, 0, 0, child_errno);
}

pid_t muster_spawn_on_terminal(const char *path, const char *const argv[], const char *const envp[],
                               const char *cwd, int terminal_fd, int *child_errno) {
    return spawn_child(path, argv, envp, cwd, terminal_fd, terminal_fd, terminal_fd, 1, 1, child_errno);
}

int muster_open_pty(int *master_fd, int *slave_fd, unsigned short rows, unsigned short columns) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    char name[128];
    if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, sizeof name) != 0) {
        int saved = errno;
        close(master);
        errno = saved;
        return -1;
    }
    int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        int saved = errno;
        close(master);
        errno = saved;
        return -1;
    }
    struct winsize size = {.ws_row = rows, .ws_col = columns};
    ioctl(master, TIOCSWINSZ, &size);
    // The child's own bytes pass through untouched: no CR added before each LF (ONLCR), so a
    // tty service's lines end as they would on a pipe.
    struct termios modes;
    if (tcgetattr(slave, &modes) == 0) {
        modes.c_oflag &= ~ONLCR;
        tcsetattr(slave, TCSANOW, &modes);
    }
    *master_fd = master;
    *slave_fd = slave;
    return 0;
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
