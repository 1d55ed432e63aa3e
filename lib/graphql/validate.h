/* Validation of an executable document against a schema: every rule of
 * the specification's section 5 (graphql-js's specifiedRules), with
 * graphql-js 16's messages and locations so the differential test can
 * compare them. */
#ifndef GRAPHQL_VALIDATE_H
#define GRAPHQL_VALIDATE_H

#include <stddef.h>

#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/schema.h"

/* Runs every rule; returns the number of errors added to errs. Safe on any
 * parsed document (fragment cycles, unknown names, type system
 * definitions): never loops, never recurses without bound. */
size_t gql_validate(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);

/* The rules, in groups (validate_*.c); gql_validate runs them all. */
void gql_validate_documents(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
void gql_validate_fields(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
void gql_validate_fragments(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
void gql_validate_variables(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
void gql_validate_directives(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
void gql_validate_arguments(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
/* ValuesOfCorrectType, UniqueInputFieldNames, VariablesInAllowedPosition */
void gql_validate_values(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
/* OverlappingFieldsCanBeMerged */
void gql_validate_overlap(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);
/* MaxIntrospectionDepth (graphql-js 16.15 ends specifiedRules with it) */
void gql_validate_introspection(const gql_schema_t *s, const gql_document_t *doc,
                                gql_errors_t *errs);

#endif
