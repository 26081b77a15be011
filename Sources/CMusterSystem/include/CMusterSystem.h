#ifndef C_MUSTER_SYSTEM_H
#define C_MUSTER_SYSTEM_H

#include <sys/types.h>

/// Spawns the executable at `path` with `argv` and `envp` in a new session, so the child leads
/// its own process group. Must be called from a thread that lives as long as Muster: on Linux the
/// child gets SIGKILL as its parent-death signal, which the kernel ties to the spawning thread.
/// The child gets `stdin_fd` as standard input, `output_fd` as standard output, `error_fd` as
/// standard error (-1: the same as `output_fd`), `cwd` as working directory (NULL keeps Muster's), default signal dispositions, an
/// empty signal mask and no other descriptor of Muster's. Returns the pid; or -1 with
/// `*child_errno` set when vfork failed; or minus the pid with `*child_errno` set when the child
/// could not change directory or exec (that child exits with 127 and must still be reaped).
pid_t muster_spawn(const char *path, const char *const argv[], const char *const envp[],
                   const char *cwd, int stdin_fd, int output_fd, int error_fd, int *child_errno);

/// Like `muster_spawn`, without the parent-death signal: for `muster start -d`, whose child
/// must outlive the command that started it.
pid_t muster_spawn_detached(const char *path, const char *const argv[], const char *const envp[],
                            const char *cwd, int stdin_fd, int output_fd, int *child_errno);

/// Like `muster_spawn`, but `terminal_fd` (the slave side of a pseudo-terminal) becomes the
/// child's standard input, output, error and controlling terminal.
pid_t muster_spawn_on_terminal(const char *path, const char *const argv[], const char *const envp[],
                               const char *cwd, int terminal_fd, int *child_errno);

/// Opens a pseudo-terminal of `rows` x `columns`: its master (close-on-exec, for Muster to read)
/// in `*master_fd` and its slave in `*slave_fd`. Returns 0, or -1 with errno set.
int muster_open_pty(int *master_fd, int *slave_fd, unsigned short rows, unsigned short columns);

/// Forks a watchdog process that outlives Muster by a moment: it reads process-group ids from
/// the read end of a pipe whose write end stays with Muster, and when that end closes (Muster
/// exited or was killed, even with SIGKILL) it sends SIGKILL to every group still registered.
/// Returns the write end (close-on-exec), or -1 with errno set. `*watchdog_pid` receives its pid.
int muster_watchdog_start(pid_t *watchdog_pid);

/// Tells the watchdog behind `fd` to guard (`add` != 0) or forget (`add` == 0) process group `pgid`.
int muster_watchdog_update(int fd, pid_t pgid, int add);

/// Makes Muster a child subreaper (Linux), so orphaned grandchildren are re-parented to it and
/// can be cleaned up at shutdown. Returns 0 on success, -1 where unsupported.
int muster_become_subreaper(void);

/// Waits for any child to change state; returns its pid and fills `*status`, or -1 with errno.
pid_t muster_wait_any(int *status);

/// Decoders for the status returned by waitpid.
int muster_wifexited(int status);
int muster_wexitstatus(int status);
int muster_wifsignaled(int status);
int muster_wtermsig(int status);

/// Lists the pids whose parent is `parent` by scanning /proc (Linux). Writes at most `capacity`
/// pids into `pids` and returns how many there are in all, or -1 where /proc is unavailable.
int muster_list_children(pid_t parent, pid_t *pids, int capacity);

/// Creates a pipe whose both ends are close-on-exec; 0 on success, -1 with errno.
int muster_pipe_cloexec(int fds[2]);

/// Tells the kernel Muster no longer needs the pages of its own executable code that start-up
/// touched (they are clean, read-only and mapped from the file, so any needed later come back
/// from the page cache on demand). Returns the number of bytes of address range released.
long muster_release_startup_pages(void);

#endif
