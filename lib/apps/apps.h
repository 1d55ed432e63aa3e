/* The apps assembled: what every program that enqueues or runs tasks
 * registers once at start. */
#ifndef APPS_APPS_H
#define APPS_APPS_H

/* Registers the tasks of every app (core, banking) with the queue's
 * registry; a second call does nothing. */
void apps_register_tasks(void);

#endif
