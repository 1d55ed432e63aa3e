// ops/bench/graphql-micro/micro.js: the same documents, data shape and
// phases as micro.c, done by graphql-js (the reference implementation).
//   node micro.js SCHEMA.graphql QUERIES.json ITERATIONS
"use strict";
const fs = require("fs");
const g = require("graphql");

const LINKS = 1000, VOTES_PER_LINK = 5, USERS = 100;
const users = [], links = [], votes = [];
for (let i = 0; i < USERS; i++) users.push({ id: i + 1, email: `user${i + 1}@example.com` });
for (let i = 0; i < LINKS; i++)
  links.push({ id: i + 1, url: `https://example.com/${i + 1}`, description: `Link number ${i + 1}`, user: i % USERS, index: i });
for (let i = 0; i < LINKS * VOTES_PER_LINK; i++)
  votes.push({ id: i + 1, user: i % USERS, link: Math.floor(i / VOTES_PER_LINK) });

const resolvers = {
  Query: {
    links: (_, args) => links.slice(-(Math.min(args.first ?? LINKS, LINKS))).reverse(),
    users: () => users,
    votes: () => votes.slice(0, 200),
  },
  Link: {
    postedBy: (l) => users[l.user],
    votes: (l) => votes.slice(l.index * VOTES_PER_LINK, (l.index + 1) * VOTES_PER_LINK),
  },
  User: {
    firstName: () => "", lastName: () => "", isStaff: () => false, isActive: () => false,
    linkSet: (u) => { const out = []; for (let k = 0; k < LINKS / USERS; k++) out.push(links[u.id - 1 + k * USERS]); return out; },
    voteSet: () => [],
  },
  Vote: { user: (v) => users[v.user], link: (v) => links[v.link] },
};

const [sdlPath, queriesPath, iterArg] = process.argv.slice(2);
const schema = g.buildSchema(fs.readFileSync(sdlPath, "utf8"));
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName);
  for (const [name, fn] of Object.entries(fields)) type.getFields()[name].resolve = fn;
}
const iterations = Number(iterArg);
const now = () => Number(process.hrtime.bigint()) / 1000;
for (const doc of JSON.parse(fs.readFileSync(queriesPath, "utf8"))) {
  const sum = { parse: 0, validate: 0, execute: 0, print: 0 };
  let bytes = 0;
  for (let k = 0; k < iterations; k++) {
    const t0 = now();
    const ast = g.parse(doc.query);
    const t1 = now();
    const errors = g.validate(schema, ast);
    const t2 = now();
    if (errors.length) throw new Error(`${doc.name}: ${errors[0].message}`);
    const result = g.execute({ schema, document: ast, variableValues: doc.variables });
    const t3 = now();
    if (result.errors) throw new Error(`${doc.name}: ${result.errors[0].message}`);
    bytes = JSON.stringify(result).length;
    const t4 = now();
    sum.parse += t1 - t0; sum.validate += t2 - t1; sum.execute += t3 - t2; sum.print += t4 - t3;
  }
  const f = (x) => Number((x / iterations).toFixed(2));
  console.log(JSON.stringify({ name: doc.name, parse_us: f(sum.parse), validate_us: f(sum.validate),
    execute_us: f(sum.execute), print_us: f(sum.print),
    total_us: f(sum.parse + sum.validate + sum.execute + sum.print), bytes }));
}
