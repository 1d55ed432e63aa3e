/* Reading fields of a JSON body and reporting problems in DRF's shape:
 * 400 {"email": ["This field is required."], "password": [...]}. */
#ifndef HTTP_FIELDS_H
#define HTTP_FIELDS_H

#include <json-c/json.h>

#include "core/buf.h"
#include "http/request.h"

typedef struct {
    buf_t body;
    int count;
} field_errors_t;

void field_errors_init(field_errors_t *fe);
void field_errors_free(field_errors_t *fe);
/* Records one message for a field (the first one per field is kept). */
void field_error(field_errors_t *fe, const char *field, const char *message);
/* Replies 400 with the recorded errors; returns 400. Frees fe. */
int field_errors_reply(http_req_t *r, field_errors_t *fe);

/* A required string field: on success *value and *len point into obj (valid
 * while obj lives) and true is returned; otherwise the DRF message is
 * recorded ("This field is required.", "This field may not be null.",
 * "Not a valid string.", "This field may not be blank.") and false returned.
 * max_len > 0 also checks "Ensure this field has no more than N characters."
 * (counted in characters, as Python does). */
bool field_string(field_errors_t *fe, json_object *obj, const char *name, size_t max_len,
                  bool allow_blank, const char **value, size_t *len);

/* An optional string: false only when present and invalid (recorded);
 * *present tells whether it was there. */
bool field_string_optional(field_errors_t *fe, json_object *obj, const char *name, size_t max_len,
                           const char **value, size_t *len, bool *present);

#endif
