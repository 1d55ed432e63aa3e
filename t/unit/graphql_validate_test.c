/* The validation rules of h-valid's groups against graphql-js 16 on the
 * schema of t/data/graphql/validation_schema.graphql (after graphql-js's
 * own validation harness). Each case's expected errors were printed by
 * graphql-js's validate, all rules on (so h-values's groups take part):
 * one line per error, "message @line:column,...". Groups run one after another
 * while graphql-js visits once with all rules, so the lines are compared
 * sorted. Then hostile documents: they must stay cheap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "graphql/ast.h"
#include "graphql/schema.h"
#include "graphql/validate.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *doc;
    const char *want; /* graphql-js's errors, one a line */
} vcase_t;

static const vcase_t cases[] = {
    {"ExecutableDefinitions valid", "fragment Frag on Dog { name } { ...Frag }",
     "Fragment \"Frag\" cannot be spread here as objects of type \"QueryRoot\" can never be of "
     "type \"Dog\". @1:33"},
    {"ExecutableDefinitions type",
     "query Foo { dog { name } }\ntype Cow { name: String }\nextend type Dog { color: String }",
     "The \"Cow\" definition is not executable. @2:1\nThe \"Dog\" definition is not executable. "
     "@3:1"},
    {"ExecutableDefinitions schema",
     "schema { query: QueryRoot }\ndirective @foo on FIELD\n{ dog { name } }",
     "The schema definition is not executable. @1:1\nThe \"foo\" definition is not executable. "
     "@2:1"},
    {"UniqueOperationNames valid", "query Foo { dog { name } } query Bar { cat { name } }", ""},
    {"UniqueOperationNames dup",
     "query Foo { dog { name } }\nquery Foo { cat { name } }\nmutation Foo { adopt }\nsubscription "
     "Foo { newDog { name } }",
     "There can be only one operation named \"Foo\". @1:7,2:7\nThere can be only one operation "
     "named \"Foo\". @1:7,3:10\nThere can be only one operation named \"Foo\". @1:7,4:14"},
    {"LoneAnonymousOperation valid", "{ dog { name } }", ""},
    {"LoneAnonymousOperation multiple",
     "{ dog { name } }\n{ cat { name } }\nquery Named { alien { name } }",
     "This anonymous operation must be the only defined operation. @1:1\nThis anonymous operation "
     "must be the only defined operation. @2:1"},
    {"SingleFieldSubscriptions valid", "subscription { newDog { name } } ", ""},
    {"SingleFieldSubscriptions two",
     "subscription ImportantEmails { newDog { name } newCat { name } }",
     "Subscription \"ImportantEmails\" must select only one top level field. @1:48"},
    {"SingleFieldSubscriptions fragments",
     "subscription { ...F newCat { name } ... on SubscriptionRoot { dogBarks } dogBarks @skip(if: "
     "true) }\nfragment F on SubscriptionRoot { newDog { name } newCat { name } }",
     "Anonymous Subscription must select only one top level field. @2:50,1:21,1:63"},
    {"SingleFieldSubscriptions anon introspection", "subscription { __typename }",
     "Anonymous Subscription must not select an introspection top level field. @1:16"},
    {"SingleFieldSubscriptions named introspection",
     "subscription Intro { a: __typename b: __typename }",
     "Subscription \"Intro\" must select only one top level field. @1:36\nSubscription \"Intro\" "
     "must not select an introspection top level field. @1:22\nSubscription \"Intro\" must not "
     "select an introspection top level field. @1:36"},
    {"SingleFieldSubscriptions alias", "subscription { a: newDog { name } a: newDog { nickname } }",
     ""},
    {"SingleFieldSubscriptions include false",
     "subscription { newDog { name } newCat @include(if: false) { name } }", ""},
    {"KnownTypeNames valid",
     "query Foo($var: String, $required: [Int!]!, $c: ComplexInput) { human(id: 4) { pets { ... on "
     "Pet { name }, ...PetFields, ... { name } } } }\nfragment PetFields on Pet { name }",
     "Variable \"$var\" is never used in operation \"Foo\". @1:11\nVariable \"$required\" is never "
     "used in operation \"Foo\". @1:25\nVariable \"$c\" is never used in operation \"Foo\". @1:45"},
    {"KnownTypeNames unknown",
     "query Foo($var: JumbledUpLetters, $l: [[Strin!]]!) { human(id: 4) { name pets { ... on "
     "Badger { name }, ...PetFields } } }\nfragment PetFields on Peat { name }",
     "Unknown type \"JumbledUpLetters\". @1:17\nUnknown type \"Strin\". Did you mean \"String\"? "
     "@1:41\nUnknown type \"Badger\". @1:88\nVariable \"$var\" is never used in operation \"Foo\". "
     "@1:11\nVariable \"$l\" is never used in operation \"Foo\". @1:35\nUnknown type \"Peat\". Did "
     "you mean \"Pet\" or \"Cat\"? @2:23"},
    {"KnownTypeNames doc defined",
     "query Foo($var: Cow) { dog { name } } type Cow { name: String }",
     "The \"Cow\" definition is not executable. @1:39\nVariable \"$var\" is never used in "
     "operation \"Foo\". @1:11"},
    {"FragmentsOnCompositeTypes valid",
     "fragment validFragment on Dog { barks } fragment u on CatOrDog { __typename } fragment i on "
     "Pet { name } { dog { ...validFragment ... on Dog { barks } ... { barks } } catOrDog { ...u } "
     "pet { ...i } }",
     ""},
    {"FragmentsOnCompositeTypes scalar",
     "fragment scalarFragment on Boolean { bad }\nfragment inputFragment on ComplexInput { "
     "stringField }\nfragment enumFragment on FurColor { x }\n{ dog { ... on String { x } "
     "...scalarFragment ...inputFragment ...enumFragment } }",
     "Fragment \"scalarFragment\" cannot condition on non composite type \"Boolean\". "
     "@1:28\nFragment \"inputFragment\" cannot condition on non composite type \"ComplexInput\". "
     "@2:27\nFragment \"enumFragment\" cannot condition on non composite type \"FurColor\". "
     "@3:26\nFragment cannot condition on non composite type \"String\". @4:16"},
    {"VariablesAreInputTypes valid",
     "query Foo($a: String, $b: [Boolean!]!, $c: ComplexInput, $d: FurColor) { complicatedArgs { "
     "stringArgField(stringArg: $a) booleanArgField(booleanArg: $b) complexArgField(complexArg: "
     "$c) enumArgField(enumArg: $d) } }",
     "Variable \"$b\" of type \"[Boolean!]!\" used in position expecting type \"Boolean\". "
     "@1:23,1:150"},
    {"VariablesAreInputTypes output",
     "query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { dog(a: $a, b: $b, c: $c) { name } }",
     "Variable \"$a\" cannot be non-input type \"Dog\". @1:15\nVariable \"$b\" cannot be non-input "
     "type \"[[CatOrDog!]]!\". @1:24\nVariable \"$c\" cannot be non-input type \"Pet\". "
     "@1:44\nUnknown argument \"a\" on field \"QueryRoot.dog\". @1:55\nUnknown argument \"b\" on "
     "field \"QueryRoot.dog\". @1:62\nUnknown argument \"c\" on field \"QueryRoot.dog\". @1:69"},
    {"ScalarLeafs valid", "{ dog { barks name } __typename }", ""},
    {"ScalarLeafs missing",
     "query directQueryOnObjectWithoutSubFields { human }\n{ human { pets } dog { mother } }",
     "Field \"human\" of type \"Human\" must have a selection of subfields. Did you mean \"human { "
     "... }\"? @1:45\nThis anonymous operation must be the only defined operation. @2:1\nField "
     "\"pets\" of type \"[Pet]\" must have a selection of subfields. Did you mean \"pets { ... "
     "}\"? @2:11\nField \"mother\" of type \"Dog\" must have a selection of subfields. Did you "
     "mean \"mother { ... }\"? @2:24"},
    {"ScalarLeafs leaf with selection",
     "{ dog { barks { sinceWhen } name(surname: true) { x } } human { relatives { name { a } } } }",
     "Field \"barks\" must not have a selection since type \"Boolean\" has no subfields. "
     "@1:15\nField \"name\" must not have a selection since type \"String\" has no subfields. "
     "@1:49\nField \"name\" must not have a selection since type \"String\" has no subfields. "
     "@1:82"},
    {"ScalarLeafs meta", "{ __typename { x } __schema __type(name: \"Dog\") }",
     "Field \"__typename\" must not have a selection since type \"String!\" has no subfields. "
     "@1:14\nField \"__schema\" of type \"__Schema!\" must have a selection of subfields. Did you "
     "mean \"__schema { ... }\"? @1:20\nField \"__type\" of type \"__Type\" must have a selection "
     "of subfields. Did you mean \"__type { ... }\"? @1:29"},
    {"FieldsOnCorrectType valid",
     "fragment f on Pet { __typename name } { dog { ...f } catOrDog { __typename ... on Dog { name "
     "} } __schema { queryType { name } } __type(name: \"Dog\") { name } }",
     ""},
    {"FieldsOnCorrectType typo",
     "{ dog { nam barkVolum meowVolume unknown_field } human { pets { nam } } }",
     "Cannot query field \"nam\" on type \"Dog\". Did you mean \"name\"? @1:9\nCannot query field "
     "\"barkVolum\" on type \"Dog\". Did you mean \"barkVolume\"? @1:13\nCannot query field "
     "\"meowVolume\" on type \"Dog\". Did you mean \"barkVolume\"? @1:23\nCannot query field "
     "\"unknown_field\" on type \"Dog\". @1:34\nCannot query field \"nam\" on type \"Pet\". Did "
     "you mean \"name\"? @1:65"},
    {"FieldsOnCorrectType abstract suggestion",
     "{ pet { barkVolume meowsVolume } catOrDog { name barks } being { iq mother } dogOrHuman { "
     "name } }",
     "Cannot query field \"barkVolume\" on type \"Pet\". Did you mean to use an inline fragment on "
     "\"Dog\"? @1:9\nCannot query field \"meowsVolume\" on type \"Pet\". Did you mean to use an "
     "inline fragment on \"Cat\"? @1:20\nCannot query field \"name\" on type \"CatOrDog\". Did you "
     "mean to use an inline fragment on \"Being\", \"Pet\", \"Canine\", \"Cat\", or \"Dog\"? "
     "@1:45\nCannot query field \"barks\" on type \"CatOrDog\". Did you mean to use an inline "
     "fragment on \"Dog\"? @1:50\nCannot query field \"iq\" on type \"Being\". Did you mean to use "
     "an inline fragment on \"Intelligent\", \"Alien\", or \"Human\"? @1:66\nCannot query field "
     "\"mother\" on type \"Being\". Did you mean to use an inline fragment on \"Mammal\", "
     "\"Canine\", or \"Dog\"? @1:69\nCannot query field \"name\" on type \"DogOrHuman\". Did you "
     "mean to use an inline fragment on \"Being\", \"Canine\", \"Human\", \"Pet\", or \"Dog\"? "
     "@1:91"},
    {"FieldsOnCorrectType meta wrong place",
     "{ dog { __schema { queryType { name } } __type(name: \"X\") { name } } }",
     "Cannot query field \"__schema\" on type \"Dog\". @1:9\nCannot query field \"__type\" on type "
     "\"Dog\". @1:41"},
    {"FieldsOnCorrectType many suggestions",
     "{ complicatedArgs { multipleRe multipleOpt stringListArgFiel } }",
     "Cannot query field \"multipleRe\" on type \"ComplicatedArgs\". Did you mean \"multipleReqs\" "
     "or \"multipleOpts\"? @1:21\nCannot query field \"multipleOpt\" on type \"ComplicatedArgs\". "
     "Did you mean \"multipleOpts\" or \"multipleReqs\"? @1:32\nCannot query field "
     "\"stringListArgFiel\" on type \"ComplicatedArgs\". Did you mean \"stringListArgField\" or "
     "\"stringArgField\"? @1:44"},
    {"FieldsOnCorrectType unknown parent", "{ dog { ... on Cow { x } } unknown { a { b } } }",
     "Unknown type \"Cow\". Did you mean \"Cat\" or \"Dog\"? @1:16\nCannot query field \"unknown\" "
     "on type \"QueryRoot\". @1:28"},
    {"FieldsOnCorrectType mutation", "mutation { renameDog(name: \"x\") { name } adopt kill }",
     "Cannot query field \"kill\" on type \"MutationRoot\". @1:48"},
    {"FieldsOnCorrectType nested unknown type",
     "query ($v: Int) { human { relatives { pets { ... on Dog { barks barkz } } } } }",
     "Cannot query field \"barkz\" on type \"Dog\". Did you mean \"barks\"? @1:65\nVariable \"$v\" "
     "is never used. @1:8"},
    {"UniqueFragmentNames valid",
     "{ dog { ...fragA ...fragB } } fragment fragA on Dog { name } fragment fragB on Dog { "
     "nickname }",
     ""},
    {"UniqueFragmentNames dup",
     "{ dog { ...fragA } }\nfragment fragA on Dog { name }\nfragment fragA on Dog { barks "
     "}\nfragment fragA on Dog { nickname }",
     "There can be only one fragment named \"fragA\". @2:10,3:10\nThere can be only one fragment "
     "named \"fragA\". @2:10,4:10"},
    {"KnownFragmentNames unknown",
     "{ human(id: 4) { ...HumanFields1 ... on Human { ...UnknownFragment2 } ...  UnknownFragment1 "
     "} }\nfragment HumanFields1 on Human { name ...UnknownFragment3 }",
     "Unknown fragment \"UnknownFragment2\". @1:52\nUnknown fragment \"UnknownFragment1\". "
     "@1:76\nUnknown fragment \"UnknownFragment3\". @2:42"},
    {"NoUnusedFragments unused",
     "query Foo { human(id: 4) { ...HumanFields1 } }\nfragment HumanFields1 on Human { name "
     "...HumanFields3 }\nfragment HumanFields2 on Human { name }\nfragment HumanFields3 on Human { "
     "name }\nfragment Unused1 on Human { name }\nfragment Unused2 on Human { name ...Unused1 }",
     "Fragment \"HumanFields2\" is never used. @3:1\nFragment \"Unused1\" is never used. "
     "@5:1\nFragment \"Unused2\" is never used. @6:1"},
    {"NoUnusedFragments no operations", "fragment A on Dog { name }",
     "Fragment \"A\" is never used. @1:1"},
    {"PossibleFragmentSpreads valid",
     "fragment objectWithinObject on Dog { ...dogFragment }\nfragment dogFragment on Dog { "
     "barkVolume }\nfragment objectWithinInterface on Pet { ...dogFragment }\nfragment "
     "objectWithinUnion on CatOrDog { ...dogFragment }\nfragment unionWithinObject on Dog { "
     "...catOrDogFragment }\nfragment catOrDogFragment on CatOrDog { __typename }\nfragment "
     "interfaceWithinInterface on Canine { ...beingFragment }\nfragment beingFragment on Being { "
     "name }\n{ dog { ...objectWithinObject ...unionWithinObject } pet { ...objectWithinInterface "
     "} catOrDog { ...objectWithinUnion } canine { ...interfaceWithinInterface } }",
     ""},
    {"PossibleFragmentSpreads invalid",
     "fragment invalidObjectWithinObject on Cat { ...dogFragment }\nfragment dogFragment on Dog { "
     "barkVolume }\nfragment invalidInline on Cat { ... on Dog { barkVolume } }\nfragment "
     "invalidUnion on CatOrDog { ... on Human { name } ...humanOrAlien }\nfragment humanOrAlien on "
     "HumanOrAlien { __typename }\nfragment invalidInterface on Pet { ... on Intelligent { iq } "
     "... on Alien { name } }\nfragment unknownSpread on Dog { ...nope ... on Nope { x } }\n{ cat "
     "{ ...invalidObjectWithinObject ...invalidInline } catOrDog { ...invalidUnion } pet { "
     "...invalidInterface } dog { ...unknownSpread } }",
     "Fragment \"dogFragment\" cannot be spread here as objects of type \"Cat\" can never be of "
     "type \"Dog\". @1:45\nFragment cannot be spread here as objects of type \"Cat\" can never be "
     "of type \"Dog\". @3:33\nFragment cannot be spread here as objects of type \"CatOrDog\" can "
     "never be of type \"Human\". @4:37\nFragment \"humanOrAlien\" cannot be spread here as "
     "objects of type \"CatOrDog\" can never be of type \"HumanOrAlien\". @4:59\nFragment cannot "
     "be spread here as objects of type \"Pet\" can never be of type \"Intelligent\". "
     "@6:36\nFragment cannot be spread here as objects of type \"Pet\" can never be of type "
     "\"Alien\". @6:62\nUnknown fragment \"nope\". @7:36\nUnknown type \"Nope\". @7:48"},
    {"NoFragmentCycles valid",
     "{ dog { ...fragA } } fragment fragA on Dog { ...fragB } fragment fragB on Dog { name "
     "...fragC } fragment fragC on Dog { name }",
     ""},
    {"NoFragmentCycles self", "{ dog { ...fragA } } fragment fragA on Dog { ...fragA }",
     "Cannot spread fragment \"fragA\" within itself. @1:46"},
    {"NoFragmentCycles deep",
     "{ dog { ...fragA } }\nfragment fragA on Dog { ...fragB }\nfragment fragB on Dog { ...fragC "
     "}\nfragment fragC on Dog { ...fragO }\nfragment fragX on Dog { ...fragY }\nfragment fragY on "
     "Dog { ...fragZ }\nfragment fragZ on Dog { ...fragO }\nfragment fragO on Dog { ...fragP "
     "}\nfragment fragP on Dog { ...fragA, ...fragX }",
     "Cannot spread fragment \"fragA\" within itself via \"fragB\", \"fragC\", \"fragO\", "
     "\"fragP\". @2:25,3:25,4:25,8:25,9:25\nCannot spread fragment \"fragO\" within itself via "
     "\"fragP\", \"fragX\", \"fragY\", \"fragZ\". @8:25,9:35,5:25,6:25,7:25"},
    {"NoFragmentCycles multiple",
     "{ dog { ...fragA ...fragB } }\nfragment fragA on Dog { ...fragB, ...fragC }\nfragment fragB "
     "on Dog { ...fragA }\nfragment fragC on Dog { mother { ...fragA father { ...fragB } } "
     "...fragC }",
     "Cannot spread fragment \"fragA\" within itself via \"fragB\". @2:25,3:25\nCannot spread "
     "fragment \"fragC\" within itself. @4:65\nCannot spread fragment \"fragA\" within itself via "
     "\"fragC\". @2:35,4:34"},
    {"NoFragmentCycles nested stack order",
     "fragment A on Dog { mother { ...C } father { ...D } ...B }\nfragment B on Dog { ...A "
     "}\nfragment C on Dog { ...A }\nfragment D on Dog { ...A }\n{ dog { ...A } }",
     "Cannot spread fragment \"A\" within itself via \"B\". @1:53,2:21\nCannot spread fragment "
     "\"A\" within itself via \"D\". @1:46,4:21\nCannot spread fragment \"A\" within itself via "
     "\"C\". @1:30,3:21"},
    {"UniqueVariableNames dup",
     "query A($x: Int, $x: Int, $x: String) { __typename }\nquery B($x: String, $y: String, $x: "
     "Int) { __typename }\nquery C($x: Int, $y: Int) { __typename }",
     "There can be only one variable named \"$x\". @1:10,1:19,1:28\nVariable \"$x\" is never used "
     "in operation \"A\". @1:9\nVariable \"$x\" is never used in operation \"A\". @1:18\nVariable "
     "\"$x\" is never used in operation \"A\". @1:27\nThere can be only one variable named \"$x\". "
     "@2:10,2:34\nVariable \"$x\" is never used in operation \"B\". @2:9\nVariable \"$y\" is never "
     "used in operation \"B\". @2:21\nVariable \"$x\" is never used in operation \"B\". "
     "@2:33\nVariable \"$x\" is never used in operation \"C\". @3:9\nVariable \"$y\" is never used "
     "in operation \"C\". @3:18"},
    {"NoUndefinedVariables valid",
     "query Foo($a: String, $b: String, $c: String) { ...FragA } fragment FragA on QueryRoot { "
     "complicatedArgs { stringArgField(stringArg: $a) } ...FragB } fragment FragB on QueryRoot { "
     "human(id: $b) { ...FragC } } fragment FragC on Human { name(surname: $c) }",
     "Variable \"$b\" of type \"String\" used in position expecting type \"ID\". "
     "@1:23,1:191\nVariable \"$c\" of type \"String\" used in position expecting type \"Boolean\". "
     "@1:35,1:250"},
    {"NoUndefinedVariables undefined",
     "query Foo($a: String, $b: String) { field(a: $a, b: $b, c: $c, d: $d) }\nquery { field(a: "
     "$a) @include(if: $cond) ...FragA }\nfragment FragA on QueryRoot { dog { name(surname: $x) } "
     "...FragB ...FragA }\nfragment FragB on QueryRoot { cat { name(surname: $y) } dog { "
     "isAtLocation(x: [$z], y: {a: $w}) } }\nquery Bar { ...FragB }",
     "Cannot query field \"field\" on type \"QueryRoot\". @1:37\nVariable \"$c\" is not defined by "
     "operation \"Foo\". @1:60,1:1\nVariable \"$d\" is not defined by operation \"Foo\". "
     "@1:67,1:1\nThis anonymous operation must be the only defined operation. @2:1\nCannot query "
     "field \"field\" on type \"QueryRoot\". @2:9\nVariable \"$a\" is not defined. "
     "@2:18,2:1\nVariable \"$cond\" is not defined. @2:35,2:1\nVariable \"$x\" is not defined. "
     "@3:51,2:1\nVariable \"$y\" is not defined. @4:51,2:1\nVariable \"$z\" is not defined. "
     "@4:80,2:1\nVariable \"$w\" is not defined. @4:92,2:1\nCannot spread fragment \"FragA\" "
     "within itself. @3:66\nInt cannot represent non-integer value: [$z] @4:79\nInt cannot "
     "represent non-integer value: {a: $w} @4:88\nVariable \"$y\" is not defined by operation "
     "\"Bar\". @4:51,5:1\nVariable \"$z\" is not defined by operation \"Bar\". @4:80,5:1\nVariable "
     "\"$w\" is not defined by operation \"Bar\". @4:92,5:1"},
    {"NoUnusedVariables unused",
     "query Foo($a: String, $b: String, $c: String) { ...FragA }\nfragment FragA on QueryRoot { "
     "dog { name(surname: $a) } }\nquery ($x: Int, $y: Int @onVariableDefinition) { dog { "
     "isAtLocation(x: $x) } }\nquery Bar($d: Boolean) { dog @include(if: $d) { name } }",
     "Variable \"$b\" is never used in operation \"Foo\". @1:23\nVariable \"$c\" is never used in "
     "operation \"Foo\". @1:35\nVariable \"$a\" of type \"String\" used in position expecting type "
     "\"Boolean\". @1:11,2:51\nThis anonymous operation must be the only defined operation. "
     "@3:1\nVariable \"$y\" is never used. @3:17\nVariable \"$d\" of type \"Boolean\" used in "
     "position expecting type \"Boolean!\". @4:11,4:43"},
    {"KnownDirectives valid",
     "query Foo($var: Boolean @onVariableDefinition) @onQuery { dog @include(if: true) { name "
     "@onField ...F @onFragmentSpread ... @onInlineFragment { name } } }\nfragment F on Dog "
     "@onFragmentDefinition { name }\nmutation @onMutation { adopt }\nsubscription @onSubscription "
     "{ newDog { name } }",
     "Variable \"$var\" is never used in operation \"Foo\". @1:11\nThis anonymous operation must "
     "be the only defined operation. @3:1\nThis anonymous operation must be the only defined "
     "operation. @4:1"},
    {"KnownDirectives unknown",
     "{ dog @unknown(directive: \"value\") { name @deprecated } human @onQuery { name } }",
     "Unknown directive \"@unknown\". @1:7\nDirective \"@deprecated\" may not be used on FIELD. "
     "@1:43\nDirective \"@onQuery\" may not be used on FIELD. @1:63"},
    {"KnownDirectives misplaced",
     "query Foo($var: Boolean @onQuery) @include(if: true) @onField { dog @onQuery { name ...F "
     "@onField ... @onFragmentSpread { name } } }\nfragment F on Dog @onInlineFragment { name "
     "}\nmutation @onQuery { adopt }\nsubscription @onMutation { newDog { name } }",
     "Directive \"@onQuery\" may not be used on VARIABLE_DEFINITION. @1:25\nDirective \"@include\" "
     "may not be used on QUERY. @1:35\nDirective \"@onField\" may not be used on QUERY. "
     "@1:54\nDirective \"@onQuery\" may not be used on FIELD. @1:69\nDirective \"@onField\" may "
     "not be used on FRAGMENT_SPREAD. @1:90\nDirective \"@onFragmentSpread\" may not be used on "
     "INLINE_FRAGMENT. @1:103\nVariable \"$var\" is never used in operation \"Foo\". "
     "@1:11\nDirective \"@onInlineFragment\" may not be used on FRAGMENT_DEFINITION. @2:19\nThis "
     "anonymous operation must be the only defined operation. @3:1\nDirective \"@onQuery\" may not "
     "be used on MUTATION. @3:10\nThis anonymous operation must be the only defined operation. "
     "@4:1\nDirective \"@onMutation\" may not be used on SUBSCRIPTION. @4:14"},
    {"UniqueDirectivesPerLocation dup",
     "query @onQuery @onQuery { dog @skip(if: true) @skip(if: false) @include(if: true) @skip(if: "
     "true) { name @repeatable @repeatable @unknown @unknown ...F @onFragmentSpread "
     "@onFragmentSpread } }\nfragment F on Dog @onFragmentDefinition @onFragmentDefinition { name "
     "}",
     "The directive \"@onQuery\" can only be used once at this location. @1:7,1:16\nThe directive "
     "\"@skip\" can only be used once at this location. @1:31,1:47\nThe directive \"@skip\" can "
     "only be used once at this location. @1:31,1:83\nUnknown directive \"@unknown\". "
     "@1:130\nUnknown directive \"@unknown\". @1:139\nThe directive \"@onFragmentSpread\" can only "
     "be used once at this location. @1:153,1:171\nThe directive \"@onFragmentDefinition\" can "
     "only be used once at this location. @2:19,2:41"},
    {"KnownArgumentNames valid",
     "{ dog { doesKnowCommand(dogCommand: SIT) isHouseTrained(atOtherHomes: true) @include(if: "
     "true) name @withArgs(required: 1, optional: \"x\") } __type(name: \"Dog\") { name } }",
     ""},
    {"KnownArgumentNames unknown",
     "{ dog { doesKnowCommand(dogcommand: SIT) name(surnam: true, unknown: 1) barks @skip(iff: "
     "true) @unknown(x: 1) __typename(foo: 1) } human(ID: 1) { name } __type(name: \"Dog\", nam: "
     "\"x\") { name } }",
     "Unknown argument \"dogcommand\" on field \"Dog.doesKnowCommand\". Did you mean "
     "\"dogCommand\"? @1:25\nUnknown argument \"surnam\" on field \"Dog.name\". Did you mean "
     "\"surname\"? @1:47\nUnknown argument \"unknown\" on field \"Dog.name\". @1:61\nUnknown "
     "argument \"iff\" on directive \"@skip\". Did you mean \"if\"? @1:85\nDirective \"@skip\" "
     "argument \"if\" of type \"Boolean!\" is required, but it was not provided. @1:79\nUnknown "
     "directive \"@unknown\". @1:96\nUnknown argument \"foo\" on field \"Dog.__typename\". "
     "@1:122\nUnknown argument \"ID\" on field \"QueryRoot.human\". Did you mean \"id\"? "
     "@1:138\nUnknown argument \"nam\" on field \"QueryRoot.__type\". Did you mean \"name\"? "
     "@1:174"},
    {"KnownArgumentNames unknown field", "{ dog { unknown(a: 1) } cow(b: 2) }",
     "Cannot query field \"unknown\" on type \"Dog\". @1:9\nCannot query field \"cow\" on type "
     "\"QueryRoot\". Did you mean \"cat\" or \"dog\"? @1:25"},
    {"UniqueArgumentNames dup",
     "{ dog { isAtLocation(x: 1, y: 2, x: 3, y: 4, x: 5) name @include(if: true, if: false) } "
     "unknown(a: 1, a: 2) }",
     "There can be only one argument named \"x\". @1:22,1:34,1:46\nThere can be only one argument "
     "named \"y\". @1:28,1:40\nThere can be only one argument named \"if\". @1:66,1:76\nCannot "
     "query field \"unknown\" on type \"QueryRoot\". @1:89\nThere can be only one argument named "
     "\"a\". @1:97,1:103"},
    {"ProvidedRequiredArguments valid",
     "{ complicatedArgs { multipleReqs(req1: 1, req2: 2) nonNullFieldWithDefault multipleOpts "
     "multipleOptAndReq(req1: 1, req2: 2) } dog @include(if: true) { name } }",
     ""},
    {"ProvidedRequiredArguments missing",
     "{ complicatedArgs { multipleReqs nonNullIntArgField multipleOptAndReq(req2: 1) } dog "
     "@include @skip { name @withArgs(optional: \"x\") } __type { name } human { name @withArgs } "
     "}",
     "Field \"multipleReqs\" argument \"req1\" of type \"Int!\" is required, but it was not "
     "provided. @1:21\nField \"multipleReqs\" argument \"req2\" of type \"Int!\" is required, but "
     "it was not provided. @1:21\nField \"nonNullIntArgField\" argument \"nonNullIntArg\" of type "
     "\"Int!\" is required, but it was not provided. @1:34\nField \"multipleOptAndReq\" argument "
     "\"req1\" of type \"Int!\" is required, but it was not provided. @1:53\nDirective "
     "\"@include\" argument \"if\" of type \"Boolean!\" is required, but it was not provided. "
     "@1:86\nDirective \"@skip\" argument \"if\" of type \"Boolean!\" is required, but it was not "
     "provided. @1:95\nDirective \"@withArgs\" argument \"required\" of type \"Int!\" is required, "
     "but it was not provided. @1:108\nField \"__type\" argument \"name\" of type \"String!\" is "
     "required, but it was not provided. @1:135\nDirective \"@withArgs\" argument \"required\" of "
     "type \"Int!\" is required, but it was not provided. @1:164"},
    {"ProvidedRequiredArguments nested order",
     "{ complicatedArgs { multipleReqs(req1: 1) } dog @withArgs { mother @skip { name @include } } "
     "}",
     "Field \"multipleReqs\" argument \"req2\" of type \"Int!\" is required, but it was not "
     "provided. @1:21\nDirective \"@withArgs\" argument \"required\" of type \"Int!\" is required, "
     "but it was not provided. @1:49\nDirective \"@skip\" argument \"if\" of type \"Boolean!\" is "
     "required, but it was not provided. @1:68\nDirective \"@include\" argument \"if\" of type "
     "\"Boolean!\" is required, but it was not provided. @1:81"},
    {"MaxIntrospectionDepth ok", "{ __schema { types { fields { type { fields { name } } } } } }",
     ""},
    {"MaxIntrospectionDepth fields",
     "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
     "Maximum introspection depth exceeded @1:3"},
    {"MaxIntrospectionDepth fragments",
     "{ __schema { types { ...T } } a: __schema { types { ...T } } }\nfragment T on __Type { "
     "fields { type { ...U } } }\nfragment U on __Type { inputFields { type { possibleTypes { name "
     "} } } ...T }\nquery Q { __type(name: \"Dog\") { ...U interfaces { ...V } } }\nfragment V on "
     "__Type { ... on __Type { interfaces { name } ...V } }",
     "This anonymous operation must be the only defined operation. @1:1\nMaximum introspection "
     "depth exceeded @1:3\nMaximum introspection depth exceeded @1:31\nCannot spread fragment "
     "\"T\" within itself via \"U\". @2:40,3:72\nMaximum introspection depth exceeded "
     "@4:11\nCannot spread fragment \"V\" within itself. @5:60"},
    {"MaxIntrospectionDepth nested and misplaced",
     "{ dog { __type(name: \"x\") { fields { fields { fields { name } } } } } __schema { types { "
     "fields { type { __schema { types { fields { type { fields { type { fields { name } } } } } } "
     "} } } } } }",
     "Cannot query field \"__type\" on type \"Dog\". @1:9\nMaximum introspection depth exceeded "
     "@1:9\nMaximum introspection depth exceeded @1:71\nCannot query field \"__schema\" on type "
     "\"__Type\". @1:106"},
    {"type system definitions",
     "type Cow @onField @deprecated @key { name(a: Strin @deprecated(reason: \"x\") @deprecated): "
     "Strin @skip(if: true) b: [Cow] c: Dog }\nextend type Dog @unknown { x: Int }\nscalar Foo "
     "@specifiedBy(url: \"x\") @specifiedBy(url: \"y\")\ndirective @d(a: Int @onField, b: Hors) on "
     "FIELD\nschema @foo { query: Cow }\nenum E { A @deprecated B @onField @deprecated(reasn: "
     "\"r\") }\ninput I { a: Int @deprecated b: In }\nunion U @deprecated = Cow | Dog\nextend "
     "union U @deprecated\nextend scalar Foo @specifiedBy\n{ dog { name } }",
     "The \"Cow\" definition is not executable. @1:1\nThe \"Dog\" definition is not executable. "
     "@2:1\nThe \"Foo\" definition is not executable. @3:1\nThe \"d\" definition is not "
     "executable. @4:1\nThe schema definition is not executable. @5:1\nThe \"E\" definition is not "
     "executable. @6:1\nThe \"I\" definition is not executable. @7:1\nThe \"U\" definition is not "
     "executable. @8:1\nThe \"U\" definition is not executable. @9:1\nThe \"Foo\" definition is "
     "not executable. @10:1\nDirective \"@onField\" may not be used on OBJECT. @1:10\nDirective "
     "\"@deprecated\" may not be used on OBJECT. @1:19\nUnknown directive \"@key\". @1:31\nThe "
     "directive \"@deprecated\" can only be used once at this location. @1:52,1:77\nUnknown type "
     "\"Strin\". Did you mean \"String\"? @1:46\nUnknown type \"Strin\". Did you mean \"String\"? "
     "@1:91\nDirective \"@skip\" may not be used on FIELD_DEFINITION. @1:97\nUnknown directive "
     "\"@unknown\". @2:17\nThe directive \"@specifiedBy\" can only be used once at this location. "
     "@3:12,3:35\nDirective \"@onField\" may not be used on ARGUMENT_DEFINITION. @4:21\nUnknown "
     "type \"Hors\". @4:34\nUnknown directive \"@foo\". @5:8\nDirective \"@onField\" may not be "
     "used on ENUM_VALUE. @6:26\nUnknown argument \"reasn\" on directive \"@deprecated\". Did you "
     "mean \"reason\"? @6:47\nUnknown type \"In\". Did you mean \"I\", \"ID\", or \"Int\"? "
     "@7:33\nDirective \"@deprecated\" may not be used on UNION. @8:9\nThe directive "
     "\"@deprecated\" can only be used once at this location. @8:9,9:16\nDirective \"@deprecated\" "
     "may not be used on UNION. @9:16\nThe directive \"@specifiedBy\" can only be used once at "
     "this location. @3:12,10:19\nDirective \"@specifiedBy\" argument \"url\" of type \"String!\" "
     "is required, but it was not provided. @10:19"},
    {"mixed everything",
     "query Q($unused: Int, $dup: Int, $dup: Int) @unknownDir { dog { nam ...Missing ...Cycle } "
     "cat { ...DogOnly } }\nfragment Cycle on Dog { ...Cycle name { x } }\nfragment DogOnly on Dog "
     "{ barks }\nfragment Unused on Pet { name }\nquery Q { human { pets } }",
     "There can be only one variable named \"$dup\". @1:24,1:35\nUnknown directive "
     "\"@unknownDir\". @1:45\nCannot query field \"nam\" on type \"Dog\". Did you mean \"name\"? "
     "@1:65\nUnknown fragment \"Missing\". @1:72\nFragment \"DogOnly\" cannot be spread here as "
     "objects of type \"Cat\" can never be of type \"Dog\". @1:97\nVariable \"$unused\" is never "
     "used in operation \"Q\". @1:9\nVariable \"$dup\" is never used in operation \"Q\". "
     "@1:23\nVariable \"$dup\" is never used in operation \"Q\". @1:34\nCannot spread fragment "
     "\"Cycle\" within itself. @2:25\nField \"name\" must not have a selection since type "
     "\"String\" has no subfields. @2:39\nThere can be only one operation named \"Q\". "
     "@1:7,5:7\nField \"pets\" of type \"[Pet]\" must have a selection of subfields. Did you mean "
     "\"pets { ... }\"? @5:19\nFragment \"Unused\" is never used. @4:1"},
};

static gql_schema_t *
load_schema(void)
{
    const char *srcdir = getenv("srcdir");
    char path[1024];
    snprintf(path, sizeof path, "%s/t/data/graphql/validation_schema.graphql",
             srcdir ? srcdir : ".");
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char sdl[1 << 16];
    size_t n = fread(sdl, 1, sizeof sdl, f);
    fclose(f);
    arena_t *a = arena_new(4096);
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_schema_t *s = gql_schema_from_sdl((str_t){sdl, n}, &errs);
    for (const gql_error_t *e = errs.first; e; e = e->next)
        printf("# schema: %s\n", e->message);
    arena_free(a);
    return s;
}

static int
line_cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The lines of text (a copy it cuts), sorted and joined again by \n. */
static char *
sorted_lines(const char *text)
{
    char *copy = strdup(text), *lines[512];
    size_t n = 0;
    for (char *p = copy; *p && n < 512;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    qsort(lines, n, sizeof *lines, line_cmp);
    char *out = calloc(1, strlen(text) + 2);
    for (size_t i = 0; i < n; i++) {
        strcat(out, lines[i]);
        if (i + 1 < n)
            strcat(out, "\n");
    }
    free(copy);
    return out;
}

/* Our errors in the cases' form. */
static void
print_errors(const gql_errors_t *errs, buf_t *out)
{
    for (const gql_error_t *e = errs->first; e; e = e->next) {
        if (e != errs->first)
            buf_putc(out, '\n');
        buf_printf(out, "%s @", e->message);
        for (size_t i = 0; i < e->nlocations; i++)
            buf_printf(out, "%s%u:%u", i ? "," : "", e->locations[i].line, e->locations[i].column);
    }
}

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Parses and validates doc into errs; -1 when it does not parse. The
 * time validation took (parsing left out) in *ms when ms is not NULL. */
static int
validate_text(const gql_schema_t *s, arena_t *a, str_t doc, gql_errors_t *errs, double *ms)
{
    gql_document_t d;
    gql_errors_init(errs, a);
    if (gql_parse(a, doc, NULL, &d, errs) != 0)
        return -1;
    double t0 = now_ms();
    gql_validate(s, &d, errs);
    if (ms)
        *ms = now_ms() - t0;
    return 0;
}

static void
test_cases(const gql_schema_t *s)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena_t *a = arena_new(4096);
        gql_errors_t errs;
        buf_t got;
        buf_init(&got);
        if (validate_text(s, a, str_from_cstr(cases[i].doc), &errs, NULL) != 0)
            buf_puts(&got, "(does not parse)");
        print_errors(&errs, &got);
        char *g = sorted_lines(buf_cstr(&got)), *w = sorted_lines(cases[i].want);
        is_str(str_from_cstr(g), w, "%s", cases[i].name);
        if (strcmp(g, w) != 0)
            printf("# got:\n# %s\n# want:\n# %s\n", g, w);
        free(g);
        free(w);
        buf_free(&got);
        arena_free(a);
    }
}

/* Validates the document built in b; returns the error count, the time in *ms. */
static size_t
timed(const gql_schema_t *s, buf_t *b, gql_errors_t *errs, arena_t *a, double *ms)
{
    if (validate_text(s, a, (str_t){buf_cstr(b), b->len}, errs, ms) != 0)
        return (size_t)-1;
    return errs->count;
}

/* Cheap enough under the sanitizers of the unit build, with room (CPU
 * time, so a busy machine does not fail it). */
enum { HOSTILE_MS = 400 };

static void
test_many_fields(const gql_schema_t *s)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "query ($v: Boolean!) { dog { ");
    for (int i = 0; i < 10000; i++)
        buf_printf(&b, "a%d: name(surname: $v) @include(if: $v) ", i);
    buf_puts(&b, "} }");
    arena_t *a = arena_new(1 << 16);
    gql_errors_t errs;
    double ms = 0;
    is_int(timed(s, &b, &errs, a, &ms), 0, "10,000 fields: no error");
    printf("# 10,000 fields with arguments and directives: %.1f ms\n", ms);
    ok(ms < HOSTILE_MS, "10,000 fields validate in %.1f ms", ms);
    arena_free(a);
    buf_free(&b);
}

/* A chain of n fragments, the last spreading the first. */
static void
test_fragment_chain(const gql_schema_t *s, int n)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "{ dog { ...F0 } }\n");
    for (int i = 0; i < n; i++)
        buf_printf(&b, "fragment F%d on Dog { name ...F%d }\n", i, (i + 1) % n);
    arena_t *a = arena_new(1 << 16);
    gql_errors_t errs;
    double ms = 0;
    /* graphql-js: the cycle, then OverlappingFieldsCanBeMerged runs out of
     * its fragment work and says "Validation aborted.". */
    if (!is_int(timed(s, &b, &errs, a, &ms), 2, "a cycle of %d fragments: two errors", n))
        for (const gql_error_t *e = errs.first; e; e = e->next)
            printf("# %.200s\n", e->message);
    ok(errs.first && errs.first->nlocations == (size_t)n, "with a location per spread");
    ok(errs.first &&
           strncmp(errs.first->message,
                   "Cannot spread fragment \"F0\" within itself via \"F1\", \"F2\"", 55) == 0,
       "the cycle, naming the path");
    ok(errs.last && strcmp(errs.last->message, "Validation aborted.") == 0,
       "then the overlap rule's abort");
    printf("# a cycle of %d fragments: %.1f ms\n", n, ms);
    ok(ms < HOSTILE_MS, "in %.1f ms", ms);
    arena_free(a);
    buf_free(&b);
}

/* Every fragment spreads all those before it and itself: each fragment's
 * spreads are followed once, so this stays quadratic in the text only. */
static void
test_fragment_fan(const gql_schema_t *s)
{
    enum { N = 150 };
    buf_t b;
    buf_init(&b);
    buf_printf(&b, "{ dog { ...F%d } }\n", N - 1);
    for (int i = 0; i < N; i++) {
        buf_printf(&b, "fragment F%d on Dog { name ", i);
        for (int j = 0; j <= i; j++)
            buf_printf(&b, "...F%d ", j);
        buf_puts(&b, "}\n");
    }
    arena_t *a = arena_new(1 << 16);
    gql_errors_t errs;
    double ms = 0;
    size_t n = timed(s, &b, &errs, a, &ms);
    ok(n > 100 && errs.last &&
           strcmp(errs.last->message, "Too many validation errors, error limit reached. "
                                      "Validation aborted.") == 0,
       "%d fragments spreading each other: the error limit (%zu errors)", N, n);
    printf("# %d fragments, %d spreads: %.1f ms\n", N, N * (N + 1) / 2, ms);
    ok(ms < HOSTILE_MS, "in %.1f ms", ms);
    arena_free(a);
    buf_free(&b);
}

/* 300 operations reach 300 fragments with a variable each: graphql-js
 * spends its fragment work budget and says "Validation aborted.". */
static void
test_work_budget(const gql_schema_t *s)
{
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < 300; i++)
        buf_printf(&b, "query Q%d($v: Boolean) { ...F0 }\n", i);
    for (int i = 0; i < 300; i++)
        buf_printf(&b, "fragment F%d on QueryRoot { dog { name(surname: $v) } %s%.0d }\n", i,
                   i < 299 ? "...F" : "", i < 299 ? i + 1 : 0);
    arena_t *a = arena_new(1 << 16);
    gql_errors_t errs;
    double ms = 0;
    timed(s, &b, &errs, a, &ms);
    ok(errs.last && strcmp(errs.last->message, "Validation aborted.") == 0,
       "300 operations reaching 300 fragments: Validation aborted.");
    printf("# 300 operations x 300 fragments: %.1f ms\n", ms);
    ok(ms < HOSTILE_MS, "in %.1f ms", ms);
    arena_free(a);
    buf_free(&b);
}

/* graphql-js overflows its stack on this one; here it is a loop. */
static void
test_introspection_chain(const gql_schema_t *s)
{
    enum { N = 1000 };
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "{ __schema { types { ...F0 } } }\n");
    for (int i = 0; i < N; i++)
        buf_printf(&b, "fragment F%d on __Type { name ...F%d }\n", i, i + 1 < N ? i + 1 : 0);
    arena_t *a = arena_new(1 << 16);
    gql_errors_t errs;
    double ms = 0;
    timed(s, &b, &errs, a, &ms);
    bool deep = false;
    for (const gql_error_t *e = errs.first; e; e = e->next)
        deep |= strcmp(e->message, "Maximum introspection depth exceeded") == 0;
    ok(!deep, "a cycle of %d fragments under __schema is not too deep", N);
    printf("# %d fragments under __schema: %.1f ms\n", N, ms);
    ok(ms < HOSTILE_MS, "in %.1f ms", ms);
    arena_free(a);
    buf_free(&b);
}

static void
test_error_limit(const gql_schema_t *s)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "{ dog { ");
    for (int i = 0; i < 150; i++)
        buf_printf(&b, "x%d ", i);
    buf_puts(&b, "} }");
    arena_t *a = arena_new(1 << 16);
    gql_errors_t errs;
    double ms = 0;
    is_int(timed(s, &b, &errs, a, &ms), 101, "150 unknown fields: 100 errors and the last word");
    ok(errs.last &&
           strcmp(errs.last->message, "Too many validation errors, error limit "
                                      "reached. Validation aborted.") == 0 &&
           errs.last->nlocations == 0,
       "which is graphql-js's, without a location");
    arena_free(a);
    buf_free(&b);
}

int
main(void)
{
    gql_schema_t *s = load_schema();
    if (!ok(s != NULL, "the validation schema builds"))
        return done_testing();
    test_cases(s);
    test_many_fields(s);
    test_fragment_chain(s, 1000);
    test_fragment_fan(s);
    test_work_budget(s);
    test_introspection_chain(s);
    test_error_limit(s);
    gql_schema_free(s);
    return done_testing();
}
