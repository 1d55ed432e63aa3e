#!/usr/bin/python3
"""renovate.json's test (ops/test pipeline), TAP on stdout.

    /usr/bin/python3 t/ci/renovate.py ROOT [RENOVATE_CONFIG_VALIDATOR]

- renovate-config-validator --strict (npm renovate, t/ci/package.json)
  accepts it, when its path is given;
- every package.json the repository tracks (git ls-files) is read by the npm
  manager: npm enabled, no ignorePaths glob and no includePaths leave it out,
  no packageRule turns its file off; ops/docker/*.Dockerfile by the
  dockerfile manager and .gitlab-ci.yml by gitlabci (their default file
  patterns);
- "automerge": true appears only in packageRules that match devDependencies
  and patch updates, nothing more;
then the same checks must fail on two broken copies (automerge on minor
updates; t/ ignored).
"""
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

# Renovate's default file patterns (lib/modules/manager/*/index.ts).
DEFAULT_FILES = {
    "npm": [r"(^|/)package\.json$"],
    "dockerfile": [r"(^|/|\.)([Dd]ocker|[Cc]ontainer)file$", r"(^|/)([Dd]ocker|[Cc]ontainer)file[^/]*$"],
    "gitlabci": [r"\.gitlab-ci\.ya?ml$"],
}


def glob_re(pattern):
    """minimatch-style glob (**, *, ?) as a regular expression."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile("^" + out + "$")


def path_matches(pattern, path):
    return glob_re(pattern).match(path) is not None or pattern == path


def covered(config, manager, path):
    """Why the manager does not read path, or None when it does."""
    if manager not in config.get("enabledManagers", [manager]):
        return "the %s manager is not enabled" % manager
    patterns = DEFAULT_FILES[manager] + config.get(manager, {}).get("managerFilePatterns", [])
    if not any(re.search(p.strip("/"), path) for p in patterns):
        return "no %s file pattern matches it" % manager
    for glob in config.get("ignorePaths", []):
        if path_matches(glob, path) or path_matches(glob.rstrip("/") + "/**", path):
            return "ignorePaths %s leaves it out" % glob
    include = config.get("includePaths")
    if include and not any(path_matches(g, path) or path_matches(g.rstrip("/") + "/**", path)
                           for g in include):
        return "includePaths leaves it out"
    for rule in config.get("packageRules", []):
        files = rule.get("matchFileNames")
        keys = set(rule) - {"description", "matchFileNames", "enabled"}
        if rule.get("enabled") is False and files and not keys and \
                any(path_matches(g, path) for g in files):
            return "a packageRule turns %s off" % path
    if config.get("enabled") is False:
        return "renovate is disabled"
    return None


def automerge_places(node, where="renovate.json"):
    """Every place with "automerge": true, as (path, the object holding it)."""
    found = []
    if isinstance(node, dict):
        if node.get("automerge") is True:
            found.append((where, node))
        for k, v in node.items():
            found += automerge_places(v, "%s.%s" % (where, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += automerge_places(v, "%s[%d]" % (where, i))
    return found


def automerge_problems(config):
    problems = []
    for where, holder in automerge_places(config):
        rule_ok = re.fullmatch(r"renovate\.json\.packageRules\[\d+\]", where) and \
            holder.get("matchDepTypes") == ["devDependencies"] and \
            holder.get("matchUpdateTypes") == ["patch"]
        if not rule_ok:
            problems.append("automerge at %s is not limited to patch updates of devDependencies" % where)
    for preset in config.get("extends", []):
        if "automerge" in preset.lower():
            problems.append("the preset %s automerges" % preset)
    return problems


def check(root, config, tracked, report):
    problems = []
    packages = [f for f in tracked if f.endswith("package.json") and "node_modules/" not in f]
    for path in packages:
        why = covered(config, "npm", path)
        if why:
            problems.append("%s: %s" % (path, why))
    report(packages and not problems, "every package.json is covered by the npm manager (%d: %s)"
           % (len(packages), " ".join(packages)), "; ".join(problems))
    others = [(f, "dockerfile") for f in tracked if f.startswith("ops/docker/") and f.endswith("Dockerfile")]
    others.append((".gitlab-ci.yml", "gitlabci"))
    problems = ["%s: %s" % (f, covered(config, m, f)) for f, m in others if covered(config, m, f)]
    report(len(others) > 1 and not problems, "the Dockerfiles and the pipeline's images are covered (%s)"
           % " ".join(f for f, _ in others), "; ".join(problems))
    problems = automerge_problems(config)
    report(not problems and automerge_places(config), "automerge only for patch updates of devDependencies",
           "; ".join(problems) or "no automerge at all")


def main():
    root = sys.argv[1]
    validator = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
    results = []

    def report(ok, name, detail):
        results.append(bool(ok))
        print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
        if not ok and detail:
            print("#   " + detail)

    path = os.path.join(root, "renovate.json")
    try:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
        report(True, "renovate.json parses", "")
    except (OSError, ValueError) as e:
        report(False, "renovate.json parses", str(e))
        print("1..%d" % len(results))
        return 1
    if validator:
        p = subprocess.run([validator, "--strict", "--no-global", path], capture_output=True, text=True,
                           cwd=root, timeout=300)
        said = [line for line in (p.stdout + p.stderr).splitlines() if "re2" not in line.lower()]
        report(p.returncode == 0 and "validated successfully" in p.stdout,
               "renovate-config-validator --strict accepts renovate.json",
               "exit %d: %s" % (p.returncode, " | ".join(said[-15:])))
    tracked = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True, text=True,
                             check=True).stdout.split()
    check(root, config, tracked, report)

    # The checks can fail.
    minor = copy.deepcopy(config)
    for rule in minor.get("packageRules", []):
        if rule.get("automerge"):
            rule["matchUpdateTypes"] = ["minor", "patch"]
    failed = []
    check(root, minor, tracked, lambda ok, name, detail: failed.append(name) if not ok else None)
    report(any("automerge" in x for x in failed), "a copy that automerges minor updates fails", "")
    ignored = dict(config, ignorePaths=config.get("ignorePaths", []) + ["t/**"])
    failed = []
    check(root, ignored, tracked, lambda ok, name, detail: failed.append(name) if not ok else None)
    report(any("package.json" in x for x in failed), "a copy that ignores t/ fails (t/*/package.json)", "")
    if validator:
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "renovate.json")
            with open(bad, "w", encoding="utf-8") as f:
                json.dump(dict(config, automerges=True), f)
            p = subprocess.run([validator, "--strict", "--no-global", bad], capture_output=True,
                               text=True, cwd=d, timeout=300)
            report(p.returncode != 0, "and the validator refuses an option Renovate does not know", "")
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
