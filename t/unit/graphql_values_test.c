/* The value rules (ValuesOfCorrectType, UniqueInputFieldNames,
 * VariablesInAllowedPosition) and OverlappingFieldsCanBeMerged against
 * graphql-js 16's answers on graphql-js's validation harness schema
 * (t/data/graphql/values_schema.graphql); the table below is printed by
 * t/data/graphql/values_cases.js. Then hostile documents, timed. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "graphql/ast.h"
#include "graphql/schema.h"
#include "graphql/validate.h"
#include "tap.h"

enum { GROUP_VALUES, GROUP_OVERLAP };

typedef struct {
    int group;
    const char *doc;
    const char *errors; /* as gql_errors_print_json prints them */
} values_case_t;

static const values_case_t cases[] = {
    {GROUP_VALUES, "{ complicatedArgs { intArgField(intArg: \"x\") } }",
     "[{\"message\":\"Int cannot represent non-integer value: "
     "\\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":41}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: intArgField(intArg: 2147483648) b: intArgField(intArg: -2147483649) "
     "c: intArgField(intArg: 2147483647) d: intArgField(intArg: -2147483648) e: "
     "intArgField(intArg: 1.5) } }",
     "[{\"message\":\"Int cannot represent non 32-bit signed integer value: "
     "2147483648\",\"locations\":[{\"line\":1,\"column\":44}]},{\"message\":\"Int cannot represent "
     "non 32-bit signed integer value: "
     "-2147483649\",\"locations\":[{\"line\":1,\"column\":79}]},{\"message\":\"Int cannot "
     "represent non-integer value: 1.5\",\"locations\":[{\"line\":1,\"column\":186}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: floatArgField(floatArg: \"1.5\") b: floatArgField(floatArg: 1) c: "
     "floatArgField(floatArg: 1e3) d: floatArgField(floatArg: true) } }",
     "[{\"message\":\"Float cannot represent non numeric value: "
     "\\\"1.5\\\"\",\"locations\":[{\"line\":1,\"column\":48}]},{\"message\":\"Float cannot "
     "represent non numeric value: true\",\"locations\":[{\"line\":1,\"column\":144}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: stringArgField(stringArg: 1) b: stringArgField(stringArg: FOO) c: "
     "booleanArgField(booleanArg: 1) d: idArgField(idArg: 1.5) e: idArgField(idArg: 1) f: "
     "idArgField(idArg: \"x\") g: idArgField(idArg: true) } }",
     "[{\"message\":\"String cannot represent a non string value: "
     "1\",\"locations\":[{\"line\":1,\"column\":50}]},{\"message\":\"String cannot represent a non "
     "string value: FOO\",\"locations\":[{\"line\":1,\"column\":82}]},{\"message\":\"Boolean "
     "cannot represent a non boolean value: "
     "1\",\"locations\":[{\"line\":1,\"column\":118}]},{\"message\":\"ID cannot represent a "
     "non-string and non-integer value: "
     "1.5\",\"locations\":[{\"line\":1,\"column\":142}]},{\"message\":\"ID cannot represent a "
     "non-string and non-integer value: true\",\"locations\":[{\"line\":1,\"column\":218}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: enumArgField(enumArg: \"BROWN\") b: enumArgField(enumArg: brown) c: "
     "enumArgField(enumArg: 1) d: enumArgField(enumArg: PURPLE) e: enumArgField(enumArg: BLACK) } "
     "}",
     "[{\"message\":\"Enum \\\"FurColor\\\" cannot represent non-enum value: \\\"BROWN\\\". Did "
     "you mean the enum value "
     "\\\"BROWN\\\"?\",\"locations\":[{\"line\":1,\"column\":46}]},{\"message\":\"Value "
     "\\\"brown\\\" does not exist in \\\"FurColor\\\" enum. Did you mean the enum value "
     "\\\"BROWN\\\"?\",\"locations\":[{\"line\":1,\"column\":80}]},{\"message\":\"Enum "
     "\\\"FurColor\\\" cannot represent non-enum value: "
     "1.\",\"locations\":[{\"line\":1,\"column\":112}]},{\"message\":\"Value \\\"PURPLE\\\" does "
     "not exist in \\\"FurColor\\\" enum.\",\"locations\":[{\"line\":1,\"column\":140}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) intArgField(intArg: null) } }",
     "[{\"message\":\"Expected value of type \\\"Int!\\\", found "
     "null.\",\"locations\":[{\"line\":1,\"column\":55}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: stringListArgField(stringListArg: [\"a\", 1, null]) b: "
     "stringListArgField(stringListArg: \"one\") c: "
     "stringListNonNullArgField(stringListNonNullArg: [\"x\", null]) d: "
     "stringListArgField(stringListArg: [[\"nested\"]]) } }",
     "[{\"message\":\"String cannot represent a non string value: "
     "1\",\"locations\":[{\"line\":1,\"column\":64}]},{\"message\":\"Expected value of type "
     "\\\"String!\\\", found "
     "null.\",\"locations\":[{\"line\":1,\"column\":175}]},{\"message\":\"String cannot represent "
     "a non string value: [\\\"nested\\\"]\",\"locations\":[{\"line\":1,\"column\":220}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: intArgField(intArg: [1, \"x\"]) b: nonNullIntArgField(nonNullIntArg: "
     "[1]) c: complexArgField(complexArg: [{requiredField: true}]) } }",
     "[{\"message\":\"Int cannot represent non-integer value: [1, "
     "\\\"x\\\"]\",\"locations\":[{\"line\":1,\"column\":44}]},{\"message\":\"Int cannot represent "
     "non-integer value: [1]\",\"locations\":[{\"line\":1,\"column\":91}]},{\"message\":\"Expected "
     "value of type \\\"ComplexInput\\\", found [{requiredField: "
     "true}].\",\"locations\":[{\"line\":1,\"column\":127}]}]"},
    {GROUP_VALUES, "{ complicatedArgs { complexArgField(complexArg: {intField: 4}) } }",
     "[{\"message\":\"Field \\\"ComplexInput.requiredField\\\" of required type \\\"Boolean!\\\" "
     "was not provided.\",\"locations\":[{\"line\":1,\"column\":49}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, intFeild: 1, nested: "
     "{requiredField: false, stringField: 2}}) } }",
     "[{\"message\":\"Field \\\"intFeild\\\" is not defined by type \\\"ComplexInput\\\". Did you "
     "mean \\\"intField\\\"?\",\"locations\":[{\"line\":1,\"column\":71}]},{\"message\":\"String "
     "cannot represent a non string value: 2\",\"locations\":[{\"line\":1,\"column\":128}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: intArgField(intArg: {a: 1, a: 2}) b: customArgField(customArg: {a: 1, "
     "a: 2, a: 3, b: [{c: 1, c: 2}]}) c: complexArgField(complexArg: {requiredField: true, "
     "requiredField: false}) } }",
     "[{\"message\":\"Int cannot represent non-integer value: {a: 1, a: "
     "2}\",\"locations\":[{\"line\":1,\"column\":44}]},{\"message\":\"There can be only one input "
     "field named "
     "\\\"a\\\".\",\"locations\":[{\"line\":1,\"column\":45},{\"line\":1,\"column\":51}]},{"
     "\"message\":\"There can be only one input field named "
     "\\\"a\\\".\",\"locations\":[{\"line\":1,\"column\":88},{\"line\":1,\"column\":94}]},{"
     "\"message\":\"There can be only one input field named "
     "\\\"a\\\".\",\"locations\":[{\"line\":1,\"column\":88},{\"line\":1,\"column\":100}]},{"
     "\"message\":\"There can be only one input field named "
     "\\\"c\\\".\",\"locations\":[{\"line\":1,\"column\":111},{\"line\":1,\"column\":117}]},{"
     "\"message\":\"There can be only one input field named "
     "\\\"requiredField\\\".\",\"locations\":[{\"line\":1,\"column\":158},{\"line\":1,\"column\":"
     "179}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: customArgField(customArg: [1, \"x\", {y: ENUM}, null]) b: "
     "unknownField(x: {a: 1, a: 2}) c: intArgField(unknownArg: \"x\") } }",
     "[{\"message\":\"There can be only one input field named "
     "\\\"a\\\".\",\"locations\":[{\"line\":1,\"column\":97},{\"line\":1,\"column\":103}]}]"},
    {GROUP_VALUES,
     "query Q($a: Int = \"x\", $b: Int! = null, $c: ComplexInput = {intField: \"y\"}, $d: [Int] = "
     "[1, \"z\"], $e: Unknown = 1) { dog { name } }",
     "[{\"message\":\"Int cannot represent non-integer value: "
     "\\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":19}]},{\"message\":\"Expected value of "
     "type \\\"Int!\\\", found "
     "null.\",\"locations\":[{\"line\":1,\"column\":35}]},{\"message\":\"Field "
     "\\\"ComplexInput.requiredField\\\" of required type \\\"Boolean!\\\" was not "
     "provided.\",\"locations\":[{\"line\":1,\"column\":60}]},{\"message\":\"Int cannot represent "
     "non-integer value: "
     "\\\"y\\\"\",\"locations\":[{\"line\":1,\"column\":71}]},{\"message\":\"Int cannot represent "
     "non-integer value: \\\"z\\\"\",\"locations\":[{\"line\":1,\"column\":93}]}]"},
    {GROUP_VALUES,
     "{ dog @include(if: \"yes\") { name @skip(if: 1) @withArg(value: \"x\", list: [1]) } }",
     "[{\"message\":\"Boolean cannot represent a non boolean value: "
     "\\\"yes\\\"\",\"locations\":[{\"line\":1,\"column\":20}]},{\"message\":\"Boolean cannot "
     "represent a non boolean value: "
     "1\",\"locations\":[{\"line\":1,\"column\":44}]},{\"message\":\"Int cannot represent "
     "non-integer value: "
     "\\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":63}]},{\"message\":\"String cannot "
     "represent a non string value: 1\",\"locations\":[{\"line\":1,\"column\":75}]}]"},
    {GROUP_VALUES, "{ complicatedArgs { intArgField(intArg: 1) @unknown(intArg: \"x\") } }",
     "[{\"message\":\"Int cannot represent non-integer value: "
     "\\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":61}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: intArgField(intArg: \"\"\"block\"\"\") b: intArgField(intArg: "
     "\"a\\\"b\\n\\u0001\\u0085\\t\") c: intArgField(intArg: \"\"\"  indented\n  two\"\"\") d: "
     "intArgField(intArg: \"\"\"contains \\\"\"\" triple\"\"\") e: enumArgField(enumArg: \"tan\") "
     "} }",
     "[{\"message\":\"Int cannot represent non-integer value: "
     "\\\"\\\"\\\"block\\\"\\\"\\\"\",\"locations\":[{\"line\":1,\"column\":44}]},{\"message\":"
     "\"Int cannot represent non-integer value: "
     "\\\"a\\\\\\\"b\\\\n\\\\u0001\\\\u0085\\\\t\\\"\",\"locations\":[{\"line\":1,\"column\":80}]},"
     "{\"message\":\"Int cannot represent non-integer value: \\\"\\\"\\\"\\n  "
     "indented\\ntwo\\n\\\"\\\"\\\"\",\"locations\":[{\"line\":1,\"column\":127}]},{\"message\":"
     "\"Int cannot represent non-integer value: \\\"\\\"\\\"contains \\\\\\\"\\\"\\\" "
     "triple\\\"\\\"\\\"\",\"locations\":[{\"line\":2,\"column\":34}]},{\"message\":\"Enum "
     "\\\"FurColor\\\" cannot represent non-enum value: \\\"tan\\\". Did you mean the enum value "
     "\\\"TAN\\\"?\",\"locations\":[{\"line\":2,\"column\":87}]}]"},
    {GROUP_VALUES, "query ($v: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } }",
     "[{\"message\":\"Variable \\\"$v\\\" of type \\\"Int\\\" used in position expecting type "
     "\\\"Int!\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":71}]}]"},
    {GROUP_VALUES,
     "query ($v: Int = 1, $w: Int = null, $x: Int) { complicatedArgs { a: "
     "nonNullIntArgField(nonNullIntArg: $v) b: nonNullIntArgField(nonNullIntArg: $w) c: "
     "nonNullFieldWithDefault(arg: $x) } }",
     "[{\"message\":\"Variable \\\"$w\\\" of type \\\"Int\\\" used in position expecting type "
     "\\\"Int!\\\".\",\"locations\":[{\"line\":1,\"column\":21},{\"line\":1,\"column\":144}]}]"},
    {GROUP_VALUES,
     "query ($s: String, $l: [String], $n: String!, $ll: [[String]]) { complicatedArgs { a: "
     "intArgField(intArg: $s) b: stringListNonNullArgField(stringListNonNullArg: $l) c: "
     "stringListNonNullArgField(stringListNonNullArg: [$n, $s]) d: "
     "stringListArgField(stringListArg: $ll) e: stringArgField(stringArg: $l) f: "
     "stringListArgField(stringListArg: $n) } }",
     "[{\"message\":\"Variable \\\"$s\\\" of type \\\"String\\\" used in position expecting type "
     "\\\"Int\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":107}]},{"
     "\"message\":\"Variable \\\"$l\\\" of type \\\"[String]\\\" used in position expecting type "
     "\\\"[String!]\\\".\",\"locations\":[{\"line\":1,\"column\":20},{\"line\":1,\"column\":162}]},"
     "{\"message\":\"Variable \\\"$s\\\" of type \\\"String\\\" used in position expecting type "
     "\\\"String!\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":222}]},{"
     "\"message\":\"Variable \\\"$ll\\\" of type \\\"[[String]]\\\" used in position expecting "
     "type "
     "\\\"[String]\\\".\",\"locations\":[{\"line\":1,\"column\":47},{\"line\":1,\"column\":264}]},{"
     "\"message\":\"Variable \\\"$l\\\" of type \\\"[String]\\\" used in position expecting type "
     "\\\"String\\\".\",\"locations\":[{\"line\":1,\"column\":20},{\"line\":1,\"column\":298}]},{"
     "\"message\":\"Variable \\\"$n\\\" of type \\\"String!\\\" used in position expecting type "
     "\\\"[String]\\\".\",\"locations\":[{\"line\":1,\"column\":34},{\"line\":1,\"column\":339}]}"
     "]"},
    {GROUP_VALUES,
     "query Q($v: Int) { ...F dog { ...G } } query R($v: Int!) { ...F } fragment F on QueryRoot { "
     "complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } } fragment G on Dog { "
     "isAtLocation(x: $v) }",
     "[{\"message\":\"Variable \\\"$v\\\" of type \\\"Int\\\" used in position expecting type "
     "\\\"Int!\\\".\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":145}]}]"},
    {GROUP_VALUES,
     "query ($b: Boolean, $c: Boolean) { complicatedArgs { complexArgField(complexArg: "
     "{requiredField: $b, nonNullField: $c, stringListField: [$b]}) } }",
     "[{\"message\":\"Variable \\\"$b\\\" of type \\\"Boolean\\\" used in position expecting type "
     "\\\"Boolean!\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":98}]},{"
     "\"message\":\"Variable \\\"$b\\\" of type \\\"Boolean\\\" used in position expecting type "
     "\\\"String\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":138}]}]"},
    {GROUP_VALUES,
     "query ($v: String, $w: String!) { __type(name: $v) { name } b: __type(name: $w) { name } dog "
     "@include(if: $v) { name @withArg(value: $v) } }",
     "[{\"message\":\"Variable \\\"$v\\\" of type \\\"String\\\" used in position expecting type "
     "\\\"String!\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":48}]},{"
     "\"message\":\"Variable \\\"$v\\\" of type \\\"String\\\" used in position expecting type "
     "\\\"Boolean!\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":107}]},{"
     "\"message\":\"Variable \\\"$v\\\" of type \\\"String\\\" used in position expecting type "
     "\\\"Int!\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":134}]}]"},
    {GROUP_VALUES,
     "query ($v: Int, $v: Int!) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } }",
     "[]"},
    {GROUP_VALUES,
     "query ($v: Dog) { complicatedArgs { stringArgField(stringArg: $v) intArgField(intArg: "
     "$undefined) } }",
     "[{\"message\":\"Variable \\\"$v\\\" of type \\\"Dog\\\" used in position expecting type "
     "\\\"String\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":63}]}]"},
    {GROUP_VALUES,
     "query { ...A } fragment A on QueryRoot { ...B complicatedArgs { intArgField(intArg: \"a\") } "
     "} fragment B on QueryRoot { ...A complicatedArgs { intArgField(intArg: \"b\") } }",
     "[{\"message\":\"Int cannot represent non-integer value: "
     "\\\"a\\\"\",\"locations\":[{\"line\":1,\"column\":85}]},{\"message\":\"Int cannot represent "
     "non-integer value: \\\"b\\\"\",\"locations\":[{\"line\":1,\"column\":163}]}]"},
    {GROUP_OVERLAP, "{ dog { name: nickname name } }",
     "[{\"message\":\"Fields \\\"name\\\" conflict because \\\"nickname\\\" and \\\"name\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":24}]}]"},
    {GROUP_OVERLAP,
     "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) doesKnowCommand } "
     "}",
     "[{\"message\":\"Fields \\\"doesKnowCommand\\\" conflict because they have differing "
     "arguments. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":42}]},{"
     "\"message\":\"Fields \\\"doesKnowCommand\\\" conflict because they have differing arguments. "
     "Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":76}]},{"
     "\"message\":\"Fields \\\"doesKnowCommand\\\" conflict because they have differing arguments. "
     "Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":42},{\"line\":1,\"column\":76}]}]"},
    {GROUP_OVERLAP,
     "{ dog { isAtLocation(x: 0, y: 1) isAtLocation(y: 1, x: 0) a: isAtLocation(x: 0) a: "
     "isAtLocation(x: 0) } }",
     "[]"},
    {GROUP_OVERLAP, "{ catOrDog { ... on Dog { x: barkVolume } ... on Cat { x: name } } }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because they return conflicting types \\\"Int\\\" "
     "and \\\"String\\\". Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":27},{\"line\":1,\"column\":56}]}]"},
    {GROUP_OVERLAP, "{ dog { mother { name: nickname } mother { name } } }",
     "[{\"message\":\"Fields \\\"mother\\\" conflict because subfields \\\"name\\\" conflict "
     "because \\\"nickname\\\" and \\\"name\\\" are different fields. Use different aliases on the "
     "fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":18},{\"line\":"
     "1,\"column\":35},{\"line\":1,\"column\":44}]}]"},
    {GROUP_OVERLAP,
     "{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: nickname }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":43},{\"line\":1,\"column\":73}]}]"},
    {GROUP_OVERLAP, "{ dog { x: name ...B } } fragment B on Dog { x: barks }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because \\\"name\\\" and \\\"barks\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":46}]}]"},
    {GROUP_OVERLAP, "{ pet { ... on Dog { name: nickname } ... on Cat { name } } }", "[]"},
    {GROUP_OVERLAP,
     "{ dog { mother { mother { x: name y: barks } } mother { mother { x: nickname y: barkVolume } "
     "} } }",
     "[{\"message\":\"Fields \\\"mother\\\" conflict because subfields \\\"mother\\\" conflict "
     "because subfields \\\"x\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are different "
     "fields and subfields \\\"y\\\" conflict because \\\"barks\\\" and \\\"barkVolume\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":18},{\"line\":"
     "1,\"column\":27},{\"line\":1,\"column\":35},{\"line\":1,\"column\":48},{\"line\":1,"
     "\"column\":57},{\"line\":1,\"column\":66},{\"line\":1,\"column\":78}]}]"},
    {GROUP_OVERLAP,
     "{ dog { ...A } } fragment A on Dog { ...B name } fragment B on Dog { ...A name: nickname }",
     "[{\"message\":\"Fields \\\"name\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":43},{\"line\":1,\"column\":75}]},{"
     "\"message\":\"Fields \\\"name\\\" conflict because \\\"nickname\\\" and \\\"name\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":75},{\"line\":1,\"column\":43}]}]"},
    {GROUP_OVERLAP, "{ dog { ...Missing x: unknown x: name } unknownRoot { a b a: b } }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because \\\"unknown\\\" and \\\"name\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":20},{\"line\":1,\"column\":31}]},{"
     "\"message\":\"Fields \\\"a\\\" conflict because \\\"a\\\" and \\\"b\\\" are different "
     "fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":55},{\"line\":1,\"column\":59}]}]"},
    {GROUP_OVERLAP, "{ catOrDog { ... on Dog { x: mother { name } } ... on Cat { x: name } } }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because they return conflicting types \\\"Dog\\\" "
     "and \\\"String\\\". Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":27},{\"line\":1,\"column\":61}]}]"},
    {GROUP_OVERLAP, "{ dog { name: __typename name } }",
     "[{\"message\":\"Fields \\\"name\\\" conflict because \\\"__typename\\\" and \\\"name\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":26}]}]"},
    {GROUP_OVERLAP, "{ dog { ... on Dog { name } ... { name: nickname } } }",
     "[{\"message\":\"Fields \\\"name\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":22},{\"line\":1,\"column\":35}]}]"},
    {GROUP_OVERLAP,
     "{ human { relatives { name } relatives { name: pets } } pet { ... on Dog { name } ...on Cat "
     "{ name(surname: true) } } }",
     "[{\"message\":\"Fields \\\"relatives\\\" conflict because subfields \\\"name\\\" conflict "
     "because \\\"name\\\" and \\\"pets\\\" are different fields. Use different aliases on the "
     "fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":11},{\"line\":1,\"column\":23},{"
     "\"line\":1,\"column\":30},{\"line\":1,\"column\":42}]}]"},
    {GROUP_OVERLAP,
     "{ dog { doesKnowCommand(dogCommand: SIT) ... on Dog { doesKnowCommand(dogCommand: $c) } } }",
     "[{\"message\":\"Fields \\\"doesKnowCommand\\\" conflict because they have differing "
     "arguments. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":55}]}]"},
    {GROUP_OVERLAP,
     "query A { dog { x: name } ...F } query B { dog { x: nickname } } fragment F on QueryRoot { "
     "dog { x: barks } }",
     "[{\"message\":\"Fields \\\"dog\\\" conflict because subfields \\\"x\\\" conflict because "
     "\\\"name\\\" and \\\"barks\\\" are different fields. Use different aliases on the fields to "
     "fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":11},{\"line\":1,\"column\":17},{"
     "\"line\":1,\"column\":92},{\"line\":1,\"column\":98}]}]"},
    {GROUP_OVERLAP, "{ dog { x: name } dog { x: nickname } dog { x: barks } }",
     "[{\"message\":\"Fields \\\"dog\\\" conflict because subfields \\\"x\\\" conflict because "
     "\\\"name\\\" and \\\"nickname\\\" are different fields. Use different aliases on the fields "
     "to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":3},{\"line\":1,\"column\":9},{\"line\":"
     "1,\"column\":19},{\"line\":1,\"column\":25}]},{\"message\":\"Fields \\\"dog\\\" conflict "
     "because subfields \\\"x\\\" conflict because \\\"name\\\" and \\\"barks\\\" are different "
     "fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":3},{\"line\":1,\"column\":9},{\"line\":"
     "1,\"column\":39},{\"line\":1,\"column\":45}]},{\"message\":\"Fields \\\"dog\\\" conflict "
     "because subfields \\\"x\\\" conflict because \\\"nickname\\\" and \\\"barks\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":19},{\"line\":1,\"column\":25},{"
     "\"line\":1,\"column\":39},{\"line\":1,\"column\":45}]}]"},
    {GROUP_OVERLAP,
     "{ a: dog { name } a: cat { name } b: human { name } b: human { name(surname: true) } }",
     "[{\"message\":\"Fields \\\"a\\\" conflict because \\\"dog\\\" and \\\"cat\\\" are different "
     "fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":3},{\"line\":1,\"column\":19}]},{"
     "\"message\":\"Fields \\\"b\\\" conflict because subfields \\\"name\\\" conflict because they "
     "have differing arguments. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":35},{\"line\":1,\"column\":46},{"
     "\"line\":1,\"column\":53},{\"line\":1,\"column\":64}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: oneOfArgField(oneOfArg: {stringField: \"a\", intField: 1}) b: "
     "oneOfArgField(oneOfArg: {stringField: null}) c: oneOfArgField(oneOfArg: {}) d: "
     "oneOfArgField(oneOfArg: {stringField: \"a\"}) e: oneOfArgField(oneOfArg: {intField: 1, "
     "intField: null}) } }",
     "[{\"message\":\"OneOf Input Object \\\"OneOfInput\\\" must specify exactly one "
     "key.\",\"locations\":[{\"line\":1,\"column\":48}]},{\"message\":\"Field "
     "\\\"OneOfInput.stringField\\\" must be "
     "non-null.\",\"locations\":[{\"line\":1,\"column\":108}]},{\"message\":\"OneOf Input Object "
     "\\\"OneOfInput\\\" must specify exactly one "
     "key.\",\"locations\":[{\"line\":1,\"column\":156}]},{\"message\":\"Field "
     "\\\"OneOfInput.intField\\\" must be "
     "non-null.\",\"locations\":[{\"line\":1,\"column\":234}]},{\"message\":\"There can be only "
     "one input field named "
     "\\\"intField\\\".\",\"locations\":[{\"line\":1,\"column\":235},{\"line\":1,\"column\":248}]}"
     "]"},
    {GROUP_VALUES,
     "query ($s: String, $t: String!, $o: OneOfInput) { complicatedArgs { a: "
     "oneOfArgField(oneOfArg: {stringField: $s}) b: oneOfArgField(oneOfArg: {stringField: $t}) c: "
     "oneOfArgField(oneOfArg: $o) d: oneOfListArgField(oneOfListArg: [{intField: $s}]) } }",
     "[{\"message\":\"Variable \\\"$s\\\" is of type \\\"String\\\" but must be non-nullable to be "
     "used for OneOf Input Object "
     "\\\"OneOfInput\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":110}]},"
     "{\"message\":\"Variable \\\"$s\\\" of type \\\"String\\\" used in position expecting type "
     "\\\"Int\\\".\",\"locations\":[{\"line\":1,\"column\":8},{\"line\":1,\"column\":239}]}]"},
    {GROUP_OVERLAP, "{ someBox { ... on IntBox { scalar } ... on NonNullStringBox1 { scalar } } }",
     "[{\"message\":\"Fields \\\"scalar\\\" conflict because they return conflicting types "
     "\\\"Int\\\" and \\\"String!\\\". Use different aliases on the fields to fetch both if this "
     "was intentional.\",\"locations\":[{\"line\":1,\"column\":29},{\"line\":1,\"column\":65}]}]"},
    {GROUP_OVERLAP, "{ someBox { ... on IntBox { scalar } ... on StringBox { scalar } } }",
     "[{\"message\":\"Fields \\\"scalar\\\" conflict because they return conflicting types "
     "\\\"Int\\\" and \\\"String\\\". Use different aliases on the fields to fetch both if this "
     "was intentional.\",\"locations\":[{\"line\":1,\"column\":29},{\"line\":1,\"column\":57}]}]"},
    {GROUP_OVERLAP,
     "{ someBox { ... on IntBox { box: listStringBox { scalar } } ... on StringBox { box: "
     "stringBox { scalar } } } }",
     "[{\"message\":\"Fields \\\"box\\\" conflict because they return conflicting types "
     "\\\"[StringBox]\\\" and \\\"StringBox\\\". Use different aliases on the fields to fetch both "
     "if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":29},{\"line\":1,\"column\":80}]}]"},
    {GROUP_OVERLAP,
     "{ someBox { ... on NonNullStringBox1 { scalar } ... on StringBox { scalar } } }",
     "[{\"message\":\"Fields \\\"scalar\\\" conflict because they return conflicting types "
     "\\\"String!\\\" and \\\"String\\\". Use different aliases on the fields to fetch both if "
     "this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":40},{\"line\":1,\"column\":68}]}]"},
    {GROUP_OVERLAP,
     "{ someBox { ... on IntBox { box: stringBox { val: scalar val: unrelatedField } } ... on "
     "StringBox { box: stringBox { val: scalar } } } }",
     "[{\"message\":\"Fields \\\"val\\\" conflict because \\\"scalar\\\" and "
     "\\\"unrelatedField\\\" are different fields. Use different aliases on the fields to fetch "
     "both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":46},{\"line\":1,\"column\":58}]}]"},
    {GROUP_OVERLAP,
     "{ someBox { ...on IntBox { deepBox { scalar } } ...on StringBox { deepBox { scalar } } } }",
     "[{\"message\":\"Fields \\\"deepBox\\\" conflict because subfields \\\"scalar\\\" conflict "
     "because they return conflicting types \\\"Int\\\" and \\\"String\\\". Use different aliases "
     "on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":28},{\"line\":1,\"column\":38},{"
     "\"line\":1,\"column\":67},{\"line\":1,\"column\":77}]}]"},
    {GROUP_OVERLAP,
     "{ someBox { ... on NonNullStringBox1 { scalar } ... on NonNullStringBox2 { scalar } } }",
     "[]"},
    {GROUP_OVERLAP,
     "{ connection { ...edgeID edges { node { id: name } } } } fragment edgeID on Connection { "
     "edges { node { id } } }",
     "[{\"message\":\"Fields \\\"edges\\\" conflict because subfields \\\"node\\\" conflict "
     "because subfields \\\"id\\\" conflict because \\\"name\\\" and \\\"id\\\" are different "
     "fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":26},{\"line\":1,\"column\":34},{"
     "\"line\":1,\"column\":41},{\"line\":1,\"column\":90},{\"line\":1,\"column\":98},{\"line\":1,"
     "\"column\":105}]}]"},
    {GROUP_OVERLAP,
     "{ someBox { ... on IntBox { listStringBox { scalar } } ... on StringBox { listStringBox { "
     "scalar: unrelatedField } } } }",
     "[]"},
    {GROUP_OVERLAP, "{ someBox { unrelatedField ... on StringBox { unrelatedField: scalar } } }",
     "[{\"message\":\"Fields \\\"unrelatedField\\\" conflict because \\\"unrelatedField\\\" and "
     "\\\"scalar\\\" are different fields. Use different aliases on the fields to fetch both if "
     "this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":13},{\"line\":1,\"column\":47}]}]"},
    {GROUP_OVERLAP,
     "{ field: dog { name } field: dog { name: nickname } ...F } fragment F on QueryRoot { field: "
     "cat { name } }",
     "[{\"message\":\"Fields \\\"field\\\" conflict because subfields \\\"name\\\" conflict "
     "because \\\"name\\\" and \\\"nickname\\\" are different fields. Use different aliases on the "
     "fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":3},{\"line\":1,\"column\":16},{\"line\":"
     "1,\"column\":23},{\"line\":1,\"column\":36}]},{\"message\":\"Fields \\\"field\\\" conflict "
     "because \\\"dog\\\" and \\\"cat\\\" are different fields. Use different aliases on the "
     "fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":3},{\"line\":1,\"column\":86}]},{"
     "\"message\":\"Fields \\\"field\\\" conflict because \\\"dog\\\" and \\\"cat\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":23},{\"line\":1,\"column\":86}]}]"},
    {GROUP_VALUES,
     "type Foo @withArg(value: \"x\") { f(a: Int = \"y\" @withArg(value: {a: 1, a: 2})): Int "
     "@skip(if: 1) }\nscalar S @include(if: \"no\") @unknown(if: 1)\ninput I { a: Int = {b: 1, b: "
     "2} }\nenum E { A @withArg(value: null) }\nschema @withArg(value: \"s\") { query: QueryRoot "
     "}\ndirective @d(a: Int = {c: 1, c: 1} @withArg(value: \"q\")) on FIELD\nextend type Dog "
     "@withArg(value: \"e\")",
     "[{\"message\":\"Int cannot represent non-integer value: "
     "\\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":26}]},{\"message\":\"Int cannot represent "
     "non-integer value: {a: 1, a: "
     "2}\",\"locations\":[{\"line\":1,\"column\":64}]},{\"message\":\"There can be only one input "
     "field named "
     "\\\"a\\\".\",\"locations\":[{\"line\":1,\"column\":65},{\"line\":1,\"column\":71}]},{"
     "\"message\":\"Boolean cannot represent a non boolean value: "
     "1\",\"locations\":[{\"line\":1,\"column\":94}]},{\"message\":\"Boolean cannot represent a "
     "non boolean value: "
     "\\\"no\\\"\",\"locations\":[{\"line\":2,\"column\":23}]},{\"message\":\"There can be only "
     "one input field named "
     "\\\"b\\\".\",\"locations\":[{\"line\":3,\"column\":21},{\"line\":3,\"column\":27}]},{"
     "\"message\":\"Expected value of type \\\"Int!\\\", found "
     "null.\",\"locations\":[{\"line\":4,\"column\":28}]},{\"message\":\"Int cannot represent "
     "non-integer value: "
     "\\\"s\\\"\",\"locations\":[{\"line\":5,\"column\":24}]},{\"message\":\"There can be only one "
     "input field named "
     "\\\"c\\\".\",\"locations\":[{\"line\":6,\"column\":24},{\"line\":6,\"column\":30}]},{"
     "\"message\":\"Int cannot represent non-integer value: "
     "\\\"q\\\"\",\"locations\":[{\"line\":6,\"column\":52}]},{\"message\":\"Int cannot represent "
     "non-integer value: \\\"e\\\"\",\"locations\":[{\"line\":7,\"column\":33}]}]"},
    {GROUP_VALUES,
     "{ __type(name: 1) { name fields(includeDeprecated: \"yes\") { name } } __schema { types { "
     "name } } __typename(x: 1) }",
     "[{\"message\":\"String cannot represent a non string value: "
     "1\",\"locations\":[{\"line\":1,\"column\":16}]},{\"message\":\"Boolean cannot represent a "
     "non boolean value: \\\"yes\\\"\",\"locations\":[{\"line\":1,\"column\":52}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: enumArgField(enumArg: \"\303\251\360\237\230\200\") b: "
     "intArgField(intArg: \"\360\237\230\200x\177\") c: intArgField(intArg: \"\"\"a very long "
     "block string that goes on and on past seventy characters in all\"\"\") d: "
     "intArgField(intArg: \"\"\" leading space\"\"\") e: enumArgField(enumArg: \"NO-FUR\") f: "
     "enumArgField(enumArg: B) g: enumArgField(enumArg: \"\") } }",
     "[{\"message\":\"Enum \\\"FurColor\\\" cannot represent non-enum value: "
     "\\\"\303\251\360\237\230\200\\\".\",\"locations\":[{\"line\":1,\"column\":46}]},{\"message\":"
     "\"Int cannot represent non-integer value: "
     "\\\"\360\237\230\200x\\\\u007F\\\"\",\"locations\":[{\"line\":1,\"column\":76}]},{"
     "\"message\":\"Int cannot represent non-integer value: \\\"\\\"\\\"\\na very long block "
     "string that goes on and on past seventy characters in "
     "all\\n\\\"\\\"\\\"\",\"locations\":[{\"line\":1,\"column\":107}]},{\"message\":\"Int cannot "
     "represent non-integer value: \\\"\\\"\\\" leading "
     "space\\\"\\\"\\\"\",\"locations\":[{\"line\":1,\"column\":213}]},{\"message\":\"Enum "
     "\\\"FurColor\\\" cannot represent non-enum value: \\\"NO-FUR\\\". Did you mean the enum "
     "value \\\"NO_FUR\\\"?\",\"locations\":[{\"line\":1,\"column\":260}]},{\"message\":\"Value "
     "\\\"B\\\" does not exist in \\\"FurColor\\\" "
     "enum.\",\"locations\":[{\"line\":1,\"column\":295}]},{\"message\":\"Enum \\\"FurColor\\\" "
     "cannot represent non-enum value: \\\"\\\".\",\"locations\":[{\"line\":1,\"column\":323}]}]"},
    {GROUP_OVERLAP,
     "{ __schema { types { name } types { name: description } } __type(name: \"Dog\") { fields { "
     "name } f: fields { name } } }",
     "[{\"message\":\"Fields \\\"types\\\" conflict because subfields \\\"name\\\" conflict "
     "because \\\"name\\\" and \\\"description\\\" are different fields. Use different aliases on "
     "the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":14},{\"line\":1,\"column\":22},{"
     "\"line\":1,\"column\":29},{\"line\":1,\"column\":37}]}]"},
    {GROUP_OVERLAP, "{ dog { ... on Dog { ... on Dog { x: name } } ... { x: nickname } } }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are "
     "different fields. Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":35},{\"line\":1,\"column\":53}]}]"},
    {GROUP_OVERLAP, "fragment A on Dog { x: name ... on Cat { x: meows } } { catOrDog { ...A } }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because they return conflicting types "
     "\\\"String\\\" and \\\"Boolean\\\". Use different aliases on the fields to fetch both if "
     "this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":21},{\"line\":1,\"column\":42}]}]"},
    {GROUP_OVERLAP,
     "{ dog { isAtLocation(x: 1) isAtLocation(x: 1.0) b: isAtLocation(x: $v) b: isAtLocation(x: "
     "$w) c: isAtLocation(x: \"s\") c: isAtLocation(x: \"\"\"s\"\"\") } }",
     "[{\"message\":\"Fields \\\"isAtLocation\\\" conflict because they have differing arguments. "
     "Use different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":28}]},{"
     "\"message\":\"Fields \\\"b\\\" conflict because they have differing arguments. Use different "
     "aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":49},{\"line\":1,\"column\":72}]},{"
     "\"message\":\"Fields \\\"c\\\" conflict because they have differing arguments. Use different "
     "aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":95},{\"line\":1,\"column\":119}]}]"},
    {GROUP_OVERLAP,
     "{ complicatedArgs { complexArgField(complexArg: {a: 1, b: [2]}) complexArgField(complexArg: "
     "{b: [2], a: 1}) x: complexArgField(complexArg: {a: 1}) x: complexArgField(complexArg: {a: 1, "
     "a: 1}) } }",
     "[{\"message\":\"Fields \\\"x\\\" conflict because they have differing arguments. Use "
     "different aliases on the fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":109},{\"line\":1,\"column\":148}]}]"},
    {GROUP_VALUES,
     "{ complicatedArgs { a: enumArgField(enumArg: BLAC) b: enumArgField(enumArg: \"TA\") c: "
     "enumArgField(enumArg: NOFUR) d: enumArgField(enumArg: UNKNOWNN) e: enumArgField(enumArg: N) "
     "f: enumArgField(enumArg: brOWN) g: complexArgField(complexArg: {requiredField: true, "
     "stringFeld: \"x\", Intfield: 1, boolField: true, field: 1, nest: null}) } }",
     "[{\"message\":\"Value \\\"BLAC\\\" does not exist in \\\"FurColor\\\" enum. Did you mean the "
     "enum value \\\"BLACK\\\"?\",\"locations\":[{\"line\":1,\"column\":46}]},{\"message\":\"Enum "
     "\\\"FurColor\\\" cannot represent non-enum value: \\\"TA\\\". Did you mean the enum value "
     "\\\"TAN\\\"?\",\"locations\":[{\"line\":1,\"column\":77}]},{\"message\":\"Value "
     "\\\"NOFUR\\\" does not exist in \\\"FurColor\\\" enum. Did you mean the enum value "
     "\\\"NO_FUR\\\"?\",\"locations\":[{\"line\":1,\"column\":108}]},{\"message\":\"Value "
     "\\\"UNKNOWNN\\\" does not exist in \\\"FurColor\\\" enum. Did you mean the enum value "
     "\\\"UNKNOWN\\\"?\",\"locations\":[{\"line\":1,\"column\":140}]},{\"message\":\"Value "
     "\\\"N\\\" does not exist in \\\"FurColor\\\" "
     "enum.\",\"locations\":[{\"line\":1,\"column\":175}]},{\"message\":\"Value \\\"brOWN\\\" does "
     "not exist in \\\"FurColor\\\" enum. Did you mean the enum value "
     "\\\"BROWN\\\"?\",\"locations\":[{\"line\":1,\"column\":203}]},{\"message\":\"Field "
     "\\\"stringFeld\\\" is not defined by type \\\"ComplexInput\\\". Did you mean "
     "\\\"stringField\\\", \\\"intField\\\", or "
     "\\\"stringListField\\\"?\",\"locations\":[{\"line\":1,\"column\":263}]},{\"message\":\"Field "
     "\\\"Intfield\\\" is not defined by type \\\"ComplexInput\\\". Did you mean \\\"intField\\\" "
     "or \\\"stringField\\\"?\",\"locations\":[{\"line\":1,\"column\":280}]},{\"message\":\"Field "
     "\\\"boolField\\\" is not defined by type \\\"ComplexInput\\\". Did you mean "
     "\\\"booleanField\\\" or "
     "\\\"intField\\\"?\",\"locations\":[{\"line\":1,\"column\":293}]},{\"message\":\"Field "
     "\\\"field\\\" is not defined by type \\\"ComplexInput\\\". Did you mean "
     "\\\"intField\\\"?\",\"locations\":[{\"line\":1,\"column\":310}]},{\"message\":\"Field "
     "\\\"nest\\\" is not defined by type \\\"ComplexInput\\\". Did you mean "
     "\\\"nested\\\"?\",\"locations\":[{\"line\":1,\"column\":320}]}]"},
    {GROUP_OVERLAP,
     "{ dog { "
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: name "
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: nickname } }",
     "[{\"message\":\"Fields "
     "\\\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\\\" conflict "
     "because \\\"name\\\" and \\\"nickname\\\" are different fields. Use different aliases on the "
     "fields to fetch both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":1021}]}]"},
    {GROUP_OVERLAP,
     "{ dog { mother { f0: name f1: name f2: name f3: name f4: name f5: name f6: name f7: name f8: "
     "name f9: name f10: name f11: name f12: name f13: name f14: name f15: name f16: name f17: "
     "name f18: name f19: name f20: name f21: name f22: name f23: name f24: name f25: name f26: "
     "name f27: name f28: name f29: name f30: name f31: name f32: name f33: name f34: name f35: "
     "name f36: name f37: name f38: name f39: name } mother { f0: nickname f1: nickname f2: "
     "nickname f3: nickname f4: nickname f5: nickname f6: nickname f7: nickname f8: nickname f9: "
     "nickname f10: nickname f11: nickname f12: nickname f13: nickname f14: nickname f15: nickname "
     "f16: nickname f17: nickname f18: nickname f19: nickname f20: nickname f21: nickname f22: "
     "nickname f23: nickname f24: nickname f25: nickname f26: nickname f27: nickname f28: nickname "
     "f29: nickname f30: nickname f31: nickname f32: nickname f33: nickname f34: nickname f35: "
     "nickname f36: nickname f37: nickname f38: nickname f39: nickname } } }",
     "[{\"message\":\"Fields \\\"mother\\\" conflict because subfields \\\"f0\\\" conflict because "
     "\\\"name\\\" and \\\"nickname\\\" are different fields and subfields \\\"f1\\\" conflict "
     "because \\\"name\\\" and \\\"nickname\\\" are different fields and subfields \\\"f2\\\" "
     "conflict because \\\"name\\\" and \\\"nickname\\\" are different fields and subfields "
     "\\\"f3\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are different fields and "
     "subfields \\\"f4\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are different fields "
     "and subfields \\\"f5\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are different "
     "fields and subfields \\\"f6\\\" conflict because \\\"name\\\" and \\\"nickname\\\" are "
     "different fields and subfields \\\"f7\\\" conflict because \\\"name\\\" and \\\"nickname\\\" "
     "are different fields and subfields \\\"f8\\\" conflict because \\\"name\\\" and "
     "\\\"nickname\\\" are different fields and subfields \\\"f9\\\" conflict because \\\"name\\\" "
     "and \\\"nickname\\\" are different fields and subfields \\\"f10\\\" conflict because "
     "\\\"name\\\" and \\\"nickname\\\" are different fields and subfields \\\"f11\\\" conflict "
     "because \\\"name\\\" and \\\"nickname\\\" are different fields and subfields \\\"f12\\\" "
     "conflict because \\\"name\\\" and \\\"nickn.... Use different aliases on the fields to fetch "
     "both if this was "
     "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":1,\"column\":18},{\"line\":"
     "1,\"column\":27},{\"line\":1,\"column\":36},{\"line\":1,\"column\":45},{\"line\":1,"
     "\"column\":54},{\"line\":1,\"column\":63},{\"line\":1,\"column\":72},{\"line\":1,\"column\":"
     "81},{\"line\":1,\"column\":90},{\"line\":1,\"column\":99},{\"line\":1,\"column\":108},{"
     "\"line\":1,\"column\":118},{\"line\":1,\"column\":128},{\"line\":1,\"column\":138},{\"line\":"
     "1,\"column\":148},{\"line\":1,\"column\":158},{\"line\":1,\"column\":168},{\"line\":1,"
     "\"column\":178},{\"line\":1,\"column\":188},{\"line\":1,\"column\":410},{\"line\":1,"
     "\"column\":419},{\"line\":1,\"column\":432},{\"line\":1,\"column\":445},{\"line\":1,"
     "\"column\":458},{\"line\":1,\"column\":471},{\"line\":1,\"column\":484},{\"line\":1,"
     "\"column\":497},{\"line\":1,\"column\":510},{\"line\":1,\"column\":523},{\"line\":1,"
     "\"column\":536},{\"line\":1,\"column\":549},{\"line\":1,\"column\":563},{\"line\":1,"
     "\"column\":577},{\"line\":1,\"column\":591},{\"line\":1,\"column\":605},{\"line\":1,"
     "\"column\":619},{\"line\":1,\"column\":633},{\"line\":1,\"column\":647},{\"line\":1,"
     "\"column\":661}]}]"},
};

static gql_schema_t *
load_schema(void)
{
    const char *srcdir = getenv("srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/t/data/graphql/values_schema.graphql", srcdir ? srcdir : ".");
    FILE *f = fopen(path, "rb");
    static char sdl[1 << 16];
    size_t n = f ? fread(sdl, 1, sizeof sdl, f) : 0;
    if (f)
        fclose(f);
    arena_t *a = arena_new(4096);
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_schema_t *s = n ? gql_schema_from_sdl((str_t){sdl, n}, &errs) : NULL;
    if (!s && errs.first)
        diag(errs.first->message);
    arena_free(a);
    return s;
}

static str_t
view(const buf_t *b)
{
    return (str_t){b->data, b->len};
}

/* CPU time, so a busy machine does not fail the time checks. */
static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Validates doc with one group; the errors as JSON in out, the time in ms. */
static double
run_group(const gql_schema_t *s, int group, str_t doc, buf_t *out)
{
    arena_t *a = arena_new(1 << 16);
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_document_t parsed;
    gql_parse_limits_t limits = {0};
    double ms = 0;
    buf_reset(out);
    if (gql_parse(a, doc, &limits, &parsed, &errs) == 0) {
        double start = now_ms();
        if (group == GROUP_VALUES)
            gql_validate_values(s, &parsed, &errs);
        else
            gql_validate_overlap(s, &parsed, &errs);
        ms = now_ms() - start;
    }
    gql_errors_print_json(&errs, out);
    arena_free(a);
    return ms;
}

/* The document's start for a test's name, in printable ASCII (TAP lines
 * are read by a shell loop that wants nothing else). */
static const char *
ascii_start(const char *doc)
{
    static char out[61];
    size_t n = 0;
    for (; doc[n] && n < sizeof out - 1; n++)
        out[n] = doc[n] >= 0x20 && doc[n] < 0x7f ? doc[n] : '?';
    out[n] = 0;
    return out;
}

static void
test_cases(const gql_schema_t *s)
{
    buf_t out;
    buf_init(&out);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        run_group(s, cases[i].group, str_from_cstr(cases[i].doc), &out);
        is_str(view(&out), cases[i].errors, "%s %zu: %s",
               cases[i].group == GROUP_VALUES ? "values" : "overlap", i, ascii_start(cases[i].doc));
    }
    buf_free(&out);
}

/* Hostile documents: graphql-js's answers, and how long we take. */
static void
hostile_doc(buf_t *doc, int kind)
{
    buf_reset(doc);
    if (kind == 0 || kind == 1) { /* 2,000 aliases, all the same or all different */
        buf_puts(doc, "{ dog { ");
        for (int i = 0; i < 2000; i++)
            buf_printf(doc, kind == 0 ? "a: name " : "a%d: name ", i);
        buf_puts(doc, "} }");
    } else if (kind == 2 || kind == 3) { /* fragment fan-out, 20 levels */
        buf_puts(doc, kind == 2 ? "{ dog { x: nickname ...F0 } }\n" : "{ dog { ...F0 } }\n");
        for (int i = 0; i < 20; i++)
            buf_printf(doc, "fragment F%d on Dog { ...F%d ...F%d%s }\n", i, i + 1, i + 1,
                       kind == 3 ? " x: name" : "");
        buf_puts(doc, "fragment F20 on Dog { x: name }");
    } else if (kind == 4) { /* an input object of 5,000 fields of one name */
        buf_puts(doc, "{ complicatedArgs { customArgField(customArg: {");
        for (int i = 0; i < 5000; i++)
            buf_printf(doc, "%sa: %d", i ? ", " : "", i);
        buf_puts(doc, "}) } }");
    } else if (kind == 6) { /* 300 operations spreading a chain of 300 fragments */
        for (int i = 0; i < 300; i++)
            buf_printf(doc, "query Q%d($v: Int!) { ...F0 }\n", i);
        for (int i = 0; i < 300; i++)
            buf_printf(doc,
                       "fragment F%d on QueryRoot { ...F%d complicatedArgs { "
                       "nonNullIntArgField(nonNullIntArg: $v) } }\n",
                       i, i + 1);
    } else { /* 300 fields of one name, arguments alternating */
        buf_puts(doc, "{ dog { ");
        for (int i = 0; i < 300; i++)
            buf_printf(doc, "a: doesKnowCommand(dogCommand: %s) ", i % 2 ? "SIT" : "HEEL");
        buf_puts(doc, "} }");
    }
}

static void
test_hostile(const gql_schema_t *s)
{
    static const struct {
        int group;
        const char *what;
        const char *errors; /* NULL: only the count and the time are checked */
        size_t count;
    } hostile[] = {
        {GROUP_OVERLAP, "2,000 identical aliased fields", "[{\"message\":\"Validation aborted.\"}]",
         1},
        {GROUP_OVERLAP, "2,000 distinct aliases", "[]", 0},
        {GROUP_OVERLAP, "fan-out of 20 levels with a conflict at the bottom",
         "[{\"message\":\"Fields \\\"x\\\" conflict because \\\"nickname\\\" and \\\"name\\\" are "
         "different fields. Use different aliases on the fields to fetch both if this was "
         "intentional.\",\"locations\":[{\"line\":1,\"column\":9},{\"line\":22,\"column\":23}]}]",
         1},
        {GROUP_OVERLAP, "fan-out of 20 levels, a field at each", "[]", 0},
        {GROUP_VALUES, "5,000 input fields of one name", NULL, 4999},
        {GROUP_OVERLAP, "300 fields of one name with differing arguments", NULL, 150 * 150},
        {GROUP_VALUES, "300 operations spreading a chain of 300 fragments",
         "[{\"message\":\"Validation aborted.\"}]", 1},
    };
    buf_t doc, out;
    buf_init(&doc);
    buf_init(&out);
    for (int i = 0; i < (int)(sizeof hostile / sizeof *hostile); i++) {
        hostile_doc(&doc, i);
        arena_t *a = arena_new(1 << 16);
        gql_errors_t errs;
        gql_errors_init(&errs, a);
        gql_document_t parsed;
        gql_parse_limits_t limits = {0};
        ok(gql_parse(a, (str_t){doc.data, doc.len}, &limits, &parsed, &errs) == 0, "%s parses",
           hostile[i].what);
        double start = now_ms();
        if (hostile[i].group == GROUP_VALUES)
            gql_validate_values(s, &parsed, &errs);
        else
            gql_validate_overlap(s, &parsed, &errs);
        double ms = now_ms() - start;
        char line[200];
        snprintf(line, sizeof line, "%s: %zu errors in %.1f ms", hostile[i].what, errs.count, ms);
        diag(line);
        is_int(errs.count, hostile[i].count, "%s: as many errors as graphql-js finds",
               hostile[i].what);
        ok(ms < 2000, "%s: validated in %.0f ms", hostile[i].what, ms);
        buf_reset(&out);
        gql_errors_print_json(&errs, &out);
        if (hostile[i].errors)
            is_str(view(&out), hostile[i].errors, "%s: graphql-js's errors", hostile[i].what);
        arena_free(a);
    }
    buf_free(&doc);
    buf_free(&out);
}

int
main(void)
{
    gql_schema_t *s = load_schema();
    ok(s != NULL, "the harness schema builds");
    if (!s)
        return done_testing();
    test_cases(s);
    test_hostile(s);
    gql_schema_free(s);
    return done_testing();
}
