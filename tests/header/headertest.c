/* The public header must compile on its own, with -pedantic. */
#include "threadmap.h"

int tm_headertest_dummy(void);
int tm_headertest_dummy(void) {
  tm_options o = TM_OPTIONS_INIT;
  return (int)o.version;
}
