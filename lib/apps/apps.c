/* Every app's tasks, registered once by each program that enqueues or runs them. */
#include "apps/apps.h"
#include "apps/banking/banking.h"
#include "apps/core/core.h"

void
apps_register_tasks(void)
{
    static int done;
    if (done++)
        return;
    core_tasks_register();
    banking_tasks_register();
}
