#!/usr/bin/python3
"""The GitLab pipeline's test (ops/test pipeline), TAP on stdout.

    /usr/bin/python3 t/ci/pipeline.py [.gitlab-ci.yml] [GITLAB_CI_LOCAL]

Two independent readings of .gitlab-ci.yml:
- this file's, with PyYAML: it parses; every `!reference`, `extends`,
  `stage`, `needs` and `dependencies` resolves; the `rules: if:` expressions
  (==, !=, =~ /re/, !~, &&, ||, parentheses, a variable's presence) and
  `workflow: rules` are evaluated for each event below, and the jobs that
  run (with manual ones marked) must be exactly EXPECTED; in each event
  every job's needs and dependencies run too.
- gitlab-ci-local's (npm, t/ci/package.json), when its path is given: GitLab's
  CI JSON schema (which it embeds) and its own evaluation of the rules, which
  must give the same lists (it does not apply workflow rules, so events
  that workflow drops are checked by this file alone).
Then the same checks on broken copies must fail: a need that names no job,
production deployed on an rc tag, and (the schema) a misspelt key.
"""
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

# --- events and what each must run ----------------------------------------
BRANCH = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "feature",
          "CI_COMMIT_REF_NAME": "feature", "CI_DEFAULT_BRANCH": "main"}
TAG = {"CI_PIPELINE_SOURCE": "push", "CI_DEFAULT_BRANCH": "main"}
BUILD = ["test", "image:app", "image:nginx", "spa", "docs"]


def tag(name, protected=True):
    return dict(TAG, CI_COMMIT_TAG=name, CI_COMMIT_REF_NAME=name,
                CI_COMMIT_REF_PROTECTED="true" if protected else "false")


def one_offs(env):
    return ["%s:%s [manual]" % (t, env) for t in ("migrate", "createsuperuser", "collectstatic")]


EVENTS = [
    ("push to a branch", BRANCH, ["test", "spa", "docs"]),
    ("push to a branch with an open merge request (the MR's pipeline runs instead)",
     dict(BRANCH, CI_OPEN_MERGE_REQUESTS="group/project!1"), []),
    ("push to the default branch", dict(BRANCH, CI_COMMIT_BRANCH="main", CI_COMMIT_REF_NAME="main"),
     BUILD + ["pages"]),
    ("merge request", {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "1",
                       "CI_COMMIT_REF_NAME": "feature", "CI_DEFAULT_BRANCH": "main"},
     BUILD + ["cdk:diff"]),
    ("tag rc1", tag("rc1"), BUILD + ["deploy:dev"] + one_offs("dev") + ["destroy:dev [manual]"]),
    ("tag v1.0.0 (protected)", tag("v1.0.0"),
     BUILD + ["deploy:app"] + one_offs("app") + ["destroy:app [manual]"]),
    ("tag v1.0.0 not protected: no destroy", tag("v1.0.0", protected=False),
     BUILD + ["deploy:app"] + one_offs("app")),
    ("schedule with RENOVATE=1", dict(BRANCH, CI_PIPELINE_SOURCE="schedule", CI_COMMIT_BRANCH="main",
                                      CI_COMMIT_REF_NAME="main", RENOVATE="1"), ["renovate"]),
    ("schedule without RENOVATE (a nightly test)",
     dict(BRANCH, CI_PIPELINE_SOURCE="schedule", CI_COMMIT_BRANCH="main", CI_COMMIT_REF_NAME="main"),
     ["test", "spa", "docs"]),
]
# Predefined variables gitlab-ci-local sets from the git repository, unset
# when an event has none.
PREDEFINED = ["CI_COMMIT_BRANCH", "CI_COMMIT_TAG", "CI_MERGE_REQUEST_IID", "CI_OPEN_MERGE_REQUESTS",
              "CI_COMMIT_REF_PROTECTED", "RENOVATE"]
GLOBAL_KEYS = {"default", "include", "stages", "variables", "workflow", "image", "services",
               "cache", "before_script", "after_script"}


class Reference:
    def __init__(self, path):
        self.path = path


class Loader(yaml.SafeLoader):
    pass


Loader.add_constructor("!reference", lambda loader, node: Reference(loader.construct_sequence(node)))


class Broken(Exception):
    pass


def resolve_references(node, top, depth=0):
    if depth > 10:
        raise Broken("!reference nested too deep")
    if isinstance(node, Reference):
        value = top
        for key in node.path:
            if not isinstance(value, dict) or key not in value:
                raise Broken("!reference %s does not resolve" % node.path)
            value = value[key]
        return resolve_references(copy.deepcopy(value), top, depth + 1)
    if isinstance(node, dict):
        return {k: resolve_references(v, top, depth) for k, v in node.items()}
    if isinstance(node, list):
        out = []
        for item in node:
            value = resolve_references(item, top, depth)
            # A reference to a list, inside a list (rules, script), is spliced in.
            out.extend(value if isinstance(item, Reference) and isinstance(value, list) else [value])
        return out
    return node


def deep_merge(base, over):
    out = dict(base)
    for k, v in over.items():
        out[k] = deep_merge(out[k], v) if isinstance(out.get(k), dict) and isinstance(v, dict) else v
    return out


def expand(name, raw, seen=()):
    if name in seen:
        raise Broken("extends loops through %s" % name)
    job = raw[name]
    parents = job.get("extends", [])
    parents = [parents] if isinstance(parents, str) else parents
    merged = {}
    for p in parents:
        if p not in raw or not isinstance(raw[p], dict):
            raise Broken("%s extends %s, which does not exist" % (name, p))
        merged = deep_merge(merged, expand(p, raw, seen + (name,)))
    merged = deep_merge(merged, {k: v for k, v in job.items() if k != "extends"})
    return merged


# --- rules: if: -------------------------------------------------------------
TOKEN = re.compile(r'\s*(?:(\$[A-Za-z_][A-Za-z0-9_]*)|"([^"]*)"|\'([^\']*)\'|/((?:\\.|[^/])*)/([a-z]*)'
                   r'|(==|!=|=~|!~|&&|\|\||\(|\))|(null))')


def tokenize(expr):
    pos, out = 0, []
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise Broken("cannot read %r at %d" % (expr, pos))
        var, dq, sq, rx, flags, op, null = m.groups()
        if var:
            out.append(("var", var[1:]))
        elif dq is not None or sq is not None:
            out.append(("str", dq if dq is not None else sq))
        elif rx is not None:
            out.append(("re", (rx, flags)))
        elif null:
            out.append(("null", None))
        else:
            out.append(("op", op))
        pos = m.end()
    return out


def evaluate(expr, env):
    tokens = tokenize(expr)
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else ("end", None)

    def take():
        t = peek()
        pos[0] += 1
        return t

    def operand():
        kind, value = take()
        if kind == "op" and value == "(":
            v = disjunction()
            if take() != ("op", ")"):
                raise Broken("missing ) in %r" % expr)
            return ("bool", v)
        if kind == "var":
            return ("val", env.get(value))
        if kind in ("str", "null", "re"):
            return (kind, value)
        raise Broken("unexpected %s in %r" % (value, expr))

    def comparison():
        left = operand()
        kind, op = peek()
        if kind == "op" and op in ("==", "!=", "=~", "!~"):
            take()
            right = operand()
            lv = left[1]
            if op in ("==", "!="):
                rv = right[1]
                return (lv == rv) == (op == "==")
            if right[0] != "re":
                raise Broken("=~ needs a /regex/ in %r" % expr)
            pattern, flags = right[1]
            found = lv is not None and re.search(pattern, lv, re.I if "i" in flags else 0) is not None
            return found == (op == "=~")
        if left[0] == "bool":
            return left[1]
        return bool(left[1])  # a variable's presence: defined and not empty

    def conjunction():
        v = comparison()
        while peek() == ("op", "&&"):
            take()
            v = comparison() and v
        return v

    def disjunction():
        v = conjunction()
        while peek() == ("op", "||"):
            take()
            v = conjunction() or v
        return v

    value = disjunction()
    if pos[0] != len(tokens):
        raise Broken("trailing tokens in %r" % expr)
    return value


def rules_when(rules, env, default="on_success"):
    """The job's `when` for this event, or None when it is not added."""
    for rule in rules:
        unknown = set(rule) - {"if", "when", "allow_failure", "variables"}
        if unknown:
            raise Broken("rules with %s are not evaluated here" % sorted(unknown))
        if "if" not in rule or evaluate(rule["if"], env):
            when = rule.get("when", default)
            return None if when == "never" else when
    return None


# --- the checks -----------------------------------------------------------------
def load(path):
    with open(path, encoding="utf-8") as f:
        raw = yaml.load(f, Loader=Loader)
    if not isinstance(raw, dict):
        raise Broken("the file is not a mapping")
    raw = resolve_references(raw, raw)
    jobs = {}
    for name, value in raw.items():
        if name in GLOBAL_KEYS or name.startswith(".") or not isinstance(value, dict):
            continue
        jobs[name] = expand(name, raw)
    return raw, jobs


def structure(raw, jobs):
    """Problems with stages, needs and dependencies (a list of strings)."""
    problems = []
    stages = raw.get("stages", ["build", "test", "deploy"])
    for name, job in jobs.items():
        if "script" not in job and "trigger" not in job:
            problems.append("%s has no script" % name)
        if job.get("stage", "test") not in stages + [".pre", ".post"]:
            problems.append("%s: stage %s is not in stages" % (name, job.get("stage")))
        if "only" in job or "except" in job:
            problems.append("%s uses only/except (rules only, which this test evaluates)" % name)
        for need in job.get("needs", []):
            target = need["job"] if isinstance(need, dict) else need
            if target not in jobs:
                problems.append("%s needs %s, which is no job" % (name, target))
        for dep in job.get("dependencies", []):
            if dep not in jobs:
                problems.append("%s depends on %s, which is no job" % (name, dep))
            elif "needs" in job and dep not in [n["job"] if isinstance(n, dict) else n
                                                for n in job["needs"]]:
                problems.append("%s: dependency %s is not in its needs" % (name, dep))
        script = " ".join(str(line) for line in job.get("script", []))
        environment = job.get("environment") or {}
        if "cdk deploy" in script and not (environment.get("name") and environment.get("url")):
            problems.append("%s deploys without an environment name and url" % name)
        if "cdk destroy" in script and environment.get("action") != "stop":
            problems.append("%s destroys without environment action: stop" % name)
    return problems


def pipeline(raw, jobs, env):
    """{job: when} that run for this event ({} when workflow drops it)."""
    if rules_when(raw.get("workflow", {}).get("rules", [{"when": "always"}]), env, "always") is None:
        return {}
    out = {}
    for name, job in jobs.items():
        when = rules_when(job["rules"], env, job.get("when", "on_success")) if "rules" in job \
            else job.get("when", "on_success")
        if when is not None:
            out[name] = when
    return out


def listing(running):
    return [n + (" [manual]" if w == "manual" else "") for n, w in running.items()]


def needs_present(jobs, running):
    problems = []
    for name in running:
        for need in jobs[name].get("needs", []) + jobs[name].get("dependencies", []):
            optional = isinstance(need, dict) and need.get("optional")
            target = need["job"] if isinstance(need, dict) else need
            if target not in running and not optional:
                problems.append("%s needs %s, which does not run then" % (name, target))
    return problems


def gitlab_ci_local(tool, path, env):
    """gitlab-ci-local's list of jobs for this event, or raises Broken."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["git", "init", "-q", d], check=True)
        with open(path, encoding="utf-8") as src, open(os.path.join(d, ".gitlab-ci.yml"), "w") as dst:
            dst.write(src.read())
        args = [os.path.abspath(tool), "--list-json", "--json-schema-validation"]
        for k, v in env.items():
            args += ["--variable", "%s=%s" % (k, v)]
        for k in PREDEFINED:
            if k not in env:
                args += ["--unset-variable", k]
        p = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=d,
                           env=dict(os.environ, HOME=d, NO_COLOR="1"))
        text = p.stdout
        start = text.find("\n[")
        start = 0 if text.startswith("[") else start + 1
        if p.returncode != 0 or start <= 0 and not text.startswith("["):
            said = (p.stderr + text).split("For further troubleshooting")[0].splitlines()
            said = [line.strip() for line in said if line.strip() and not re.match(
                r"\s*(Using fallback|Unable to retrieve|The default|parsing and|json schema|.*WARN)", line)]
            raise Broken("gitlab-ci-local exit %d: %s" % (p.returncode, " ".join(said)[:600]))
        listed = json.loads(text[start:])
        return [j["name"] + (" [manual]" if j["when"] == "manual" else "")
                for j in listed if j["when"] != "never"]


def check(path, tool, report):
    """Runs every check on path; report(ok, name, detail) per test."""
    try:
        raw, jobs = load(path)
    except (Broken, yaml.YAMLError) as e:
        report(False, "%s parses and its !reference and extends resolve" % path, str(e))
        return
    report(True, "%s parses; !reference and extends resolve (%d jobs)" % (path, len(jobs)), "")
    problems = structure(raw, jobs)
    report(not problems, "every job has a script; every stage, needs and dependencies names a stage or "
           "a job; each cdk deploy has an environment with its url", "; ".join(problems))
    for title, env, expected in EVENTS:
        try:
            running = pipeline(raw, jobs, env)
        except Broken as e:
            report(False, "%s: rules evaluate" % title, str(e))
            continue
        got = listing(running)
        report(got == expected, "%s runs %s" % (title, " ".join(expected) or "nothing"),
               "got: %s" % " ".join(got))
        problems = needs_present(jobs, running)
        report(not problems, "%s: every needed job runs too" % title, "; ".join(problems))
        if tool and running:
            try:
                theirs = gitlab_ci_local(tool, path, env)
            except (Broken, ValueError, subprocess.SubprocessError) as e:
                report(False, "%s: gitlab-ci-local (GitLab's schema) agrees" % title, str(e))
                continue
            report(theirs == expected, "%s: gitlab-ci-local (GitLab's schema) lists the same" % title,
                   "gitlab-ci-local: %s" % " ".join(theirs))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else ".gitlab-ci.yml"
    tool = sys.argv[2] if len(sys.argv) > 2 else None
    results = []

    def report(ok, name, detail):
        results.append((ok, name, detail))
        print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
        if not ok and detail:
            print("#   " + detail.replace("\n", "\n#   "))
        sys.stdout.flush()

    check(path, tool, report)
    # The checks must be able to fail: two broken copies.
    with open(path, encoding="utf-8") as f:
        text = f.read()
    broken = [
        ("a need that names no job", "needs: [deploy:dev]", "needs: [deploy:devel]",
         "migrate:dev needs deploy:devel", "deploy:devel"),
        ("production deployed on an rc tag", "rules: !reference [.rules, app]",
         "rules: !reference [.rules, dev]", "tag rc1 runs", "tag rc1: gitlab-ci-local"),
    ]
    if tool:
        broken.append(("a key GitLab's schema does not know", "  timeout: 90 minutes\n",
                       "  timeout: 90 minutes\n  timeuot: 1\n", "gitlab-ci-local", "timeuot"))
    for title, old, new, expect, theirs in broken:
        if old not in text:
            report(False, "the broken copy (%s) can be made" % title, "%r is not in %s" % (old, path))
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
            f.write(text.replace(old, new, 1))
        failed = []
        check(f.name, tool, lambda ok, name, detail: failed.append(name + ": " + detail)
              if not ok else None)
        os.unlink(f.name)
        report(any(expect in x for x in failed), "a broken copy fails: %s" % title,
               "failures: %s" % " | ".join(failed))
        if tool:
            report(any("gitlab-ci-local" in x and theirs in x for x in failed),
                   "and gitlab-ci-local sees it too (%s)" % title, " | ".join(failed))
    print("1..%d" % len(results))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
