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
