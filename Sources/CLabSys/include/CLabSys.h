#ifndef CLABSYS_H
#define CLABSYS_H

/// Atomically exchanges two existing paths (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np
/// RENAME_SWAP). Returns 0, or -1 with errno set (ENOSYS where the system has no such call).
int clabsys_rename_exchange(const char *from, const char *to);

/// Sends `signal` to this process when its parent process exits: a small thread waits on a pidfd of
/// the parent (Linux 5.3+; else it checks getppid() every second). Not PR_SET_PDEATHSIG, which fires
/// when the parent *thread* that spawned us exits, and a test runner's pool threads come and go.
/// Returns 0, or -1 where unsupported.
int clabsys_die_with_parent(int signal);

/// Creates `path` (which must not exist, mode 0644) and writes `count` bytes to it, without syncing.
/// Returns 0, or -1 with errno set.
int clabsys_write_new_file(const char *path, const void *bytes, long count);

/// How many directory entries this process's `readdir` has handed out as a copy (see CLabSys.c: the guard
/// against swift-corelibs-foundation's 256-byte over-read of `d_name` in Process.run). For its test.
long clabsys_readdir_copies(void);

#endif
