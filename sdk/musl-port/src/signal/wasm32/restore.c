#include <features.h>

/* WALI engines ignore sa_restorer: signal handlers are called by the engine
 * through the function table and simply return. */
hidden void __restore()
{
}

hidden void __restore_rt()
{
}
