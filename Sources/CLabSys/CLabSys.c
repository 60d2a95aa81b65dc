#define _GNU_SOURCE
#include "CLabSys.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <dirent.h>
#include <dlfcn.h>
#include <malloc.h>
#include <stddef.h>
#include <string.h>
#endif
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

int clabsys_rename_exchange(const char *from, const char *to) {
#if defined(__linux__) && defined(SYS_renameat2)
  return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 2 /* RENAME_EXCHANGE */);
#elif defined(__APPLE__)
  return renamex_np(from, to, 0x00000002 /* RENAME_SWAP */);
#else
  errno = ENOSYS;
  return -1;
#endif
}

struct clabsys_watch {
  pid_t parent;
  int pidfd;
  int signal;
};

static void *clabsys_watch_parent_main(void *arg) {
  struct clabsys_watch watch = *(struct clabsys_watch *)arg;
  free(arg);
  if (watch.pidfd >= 0) {
    // A pidfd becomes readable when the process it names has exited.
    struct pollfd pfd = {.fd = watch.pidfd, .events = POLLIN};
    while (poll(&pfd, 1, -1) < 0 && errno == EINTR) {
    }
  } else {
    while (getppid() == watch.parent) sleep(1);
  }
  kill(getpid(), watch.signal);
  return NULL;
}

int clabsys_die_with_parent(int signal) {
#if defined(__linux__)
  pid_t parent = getppid();
  if (parent <= 1) return -1;
  struct clabsys_watch *watch = malloc(sizeof *watch);
  if (watch == NULL) return -1;
  watch->parent = parent;
  watch->signal = signal;
#if defined(SYS_pidfd_open)
  watch->pidfd = (int)syscall(SYS_pidfd_open, parent, 0);
#else
  watch->pidfd = -1;
#endif
  // The parent may have died before the pidfd was opened; then its pid may name another process.
  if (getppid() != parent) {
    if (watch->pidfd >= 0) close(watch->pidfd);
    free(watch);
    kill(getpid(), signal);
    return 0;
  }
  pthread_t thread;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attributes, 64 * 1024);
  int failed = pthread_create(&thread, &attributes, clabsys_watch_parent_main, watch);
  pthread_attr_destroy(&attributes);
  if (failed) {
    if (watch->pidfd >= 0) close(watch->pidfd);
    free(watch);
    return -1;
  }
  return 0;
#else
  (void)signal;
  return -1;
#endif
}

int clabsys_write_new_file(const char *path, const void *bytes, long count) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  const char *p = (const char *)bytes;
  long left = count;
  while (left > 0) {
    ssize_t n = write(fd, p, (size_t)left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      close(fd);
      errno = saved;
      return -1;
    }
    p += n;
    left -= n;
  }
  return close(fd);
}

#if defined(__GLIBC__)
// readdir, as glibc's, but never handing out an entry whose declared 256-byte d_name runs past the end of the
// directory stream's buffer.
//
// Foundation's Process.run on Linux (swift-corelibs-foundation before PR #5472, so Swift 6.3.1) lists
// /proc/self/fd and copies each entry's whole `d_name[256]`, though glibc packs entries by their real length
// into one 32 KiB buffer. With more than ~1,360 descriptors open the buffer fills and its last entry sits
// within 256 bytes of its end; when the buffer is the last thing on the heap's mapped pages the copy faults:
// SIGSEGV in memcpy inside Process.run (seen in the full test suite at ~1,450 open descriptors, and a server
// with that many connections running git would die the same way). This definition takes precedence over
// libc's for every caller in the process (the executable's symbols come first); an entry that close to the
// end is copied whole into a per-thread `struct dirent` and that copy is returned. It stays valid until the
// next readdir on the same thread, which is within what POSIX promises (until the next call on that stream).
// glibc's DIR is one malloc'd block with the buffer inside, so malloc_usable_size bounds it.

static _Atomic long clabsys_copies = 0;
static __thread struct dirent clabsys_entry_copy;

struct dirent *readdir(DIR *dir) {
  static struct dirent *(*real)(DIR *) = NULL;
  if (real == NULL) real = (struct dirent * (*)(DIR *)) dlsym(RTLD_NEXT, "readdir");
  if (real == NULL) {
    errno = ENOSYS;
    return NULL;
  }
  struct dirent *entry = real(dir);
  if (entry == NULL) return NULL;
  const char *end = (const char *)dir + malloc_usable_size(dir);
  const char *reach = (const char *)entry + sizeof(struct dirent);
  if ((const char *)entry < (const char *)dir || reach <= end) return entry;
  size_t available = (size_t)(end - (const char *)entry);
  size_t length = entry->d_reclen < available ? entry->d_reclen : available;
  memset(&clabsys_entry_copy, 0, sizeof clabsys_entry_copy);
  memcpy(&clabsys_entry_copy, entry, length);
  clabsys_entry_copy.d_name[sizeof clabsys_entry_copy.d_name - 1] = 0;
  clabsys_copies += 1;
  return &clabsys_entry_copy;
}

long clabsys_readdir_copies(void) { return clabsys_copies; }
#else
long clabsys_readdir_copies(void) { return -1; }
#endif
