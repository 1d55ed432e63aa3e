/* Calendar dates as the banking app takes them from clients and statement
 * files: checked here, so PostgreSQL never sees a date it would refuse
 * (which would surface as a 500) or read differently. */
#ifndef APPS_BANKING_DATE_H
#define APPS_BANKING_DATE_H

#include <stdbool.h>

#include "core/str.h"

/* True when year-month-day is a day of the proleptic Gregorian calendar
 * (PostgreSQL's) in years 1 to 9999: what a four-digit year can name, and
 * no year 0. */
bool date_valid(int year, int month, int day);

/* True when s is exactly YYYY-MM-DD, ten bytes of digits and two '-' (no
 * sign, no blanks), naming a date_valid day. */
bool date_iso_valid(str_t s);

#endif
