/* The banking app: credit-card statements and their transactions. */
#ifndef APPS_BANKING_H
#define APPS_BANKING_H

/* Registers process_statement_file. */
void banking_tasks_register(void);

#endif
