#define _GNU_SOURCE
#include "CLabSys.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
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

int clabsys_die_with_parent(int signal) {
#if defined(__linux__)
  return prctl(PR_SET_PDEATHSIG, signal);
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
