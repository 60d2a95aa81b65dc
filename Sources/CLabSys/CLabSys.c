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
