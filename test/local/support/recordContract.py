"""A training "script" that records the container contract it was given, for the local-mode tests.

Needs nothing but python3. It writes $SM_OUTPUT_DATA_DIR/contract.json (<base>/output/data when the
variable is missing) with:
  "env":     every SM_*, TRAINING_* and SAGEMAKER_* variable it sees, and CURRENT_HOST and AWS_REGION
  "argv":    its arguments (sys.argv[1:])
  "baseDir": $SAGEMAKER_BASE_DIR, or /opt/ml when it is not set
  "dirs":    every directory under the base dir, relative, '/'-separated, sorted
  "files":   every file under the base dir, the same way (taken before contract.json is written)
  "config":  {file name: parsed content} of every input/config/*.json
then writes <model dir>/model.txt ($SM_MODEL_DIR, or <base>/model) holding "model of <host>\n".
Exits 0, or 1 with a message on stderr when the tree is not there.
"""
import json
import os
import sys

PREFIXES = ("SM_", "TRAINING_", "SAGEMAKER_")
NAMES = ("CURRENT_HOST", "AWS_REGION")


def walk(base):
    dirs, files = [], []
    for root, subdirs, names in os.walk(base):
        rel = os.path.relpath(root, base)
        for d in subdirs:
            dirs.append(d if rel == "." else "/".join(rel.split(os.sep) + [d]))
        for f in names:
            files.append(f if rel == "." else "/".join(rel.split(os.sep) + [f]))
    return sorted(dirs), sorted(files)


def in_base(base, path):
    """Under the stand-in docker (test/support/bin/docker) the variables name /opt/ml paths, as in a
    container, while the tree is at SAGEMAKER_BASE_DIR on this machine: map one onto the other."""
    if base != "/opt/ml" and (path == "/opt/ml" or path.startswith("/opt/ml/")):
        return base + path[len("/opt/ml"):]
    return path


def main():
    base = os.environ.get("SAGEMAKER_BASE_DIR", "/opt/ml")
    if not os.path.isdir(base):
        sys.stderr.write("recordContract.py: no training tree at %s\n" % base)
        return 1
    env = {k: v for k, v in sorted(os.environ.items()) if k.startswith(PREFIXES) or k in NAMES}
    dirs, files = walk(base)
    config_dir = os.path.join(base, "input", "config")
    config = {}
    if os.path.isdir(config_dir):
        for name in sorted(os.listdir(config_dir)):
            if name.endswith(".json"):
                with open(os.path.join(config_dir, name), "r", encoding="utf-8") as f:
                    config[name] = json.load(f)
    record = {"env": env, "argv": sys.argv[1:], "baseDir": base, "dirs": dirs, "files": files, "config": config}

    output_data_dir = in_base(base, os.environ.get("SM_OUTPUT_DATA_DIR", os.path.join(base, "output", "data")))
    os.makedirs(output_data_dir, exist_ok=True)
    with open(os.path.join(output_data_dir, "contract.json"), "w", encoding="utf-8") as f:
        json.dump(record, f, indent=2, sort_keys=True)

    model_dir = in_base(base, os.environ.get("SM_MODEL_DIR", os.path.join(base, "model")))
    os.makedirs(model_dir, exist_ok=True)
    host = os.environ.get("SM_CURRENT_HOST", os.environ.get("CURRENT_HOST", "unknown"))
    with open(os.path.join(model_dir, "model.txt"), "w", encoding="utf-8") as f:
        f.write("model of %s\n" % host)
    print("recorded the contract of %s in %s" % (host, os.path.join(output_data_dir, "contract.json")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
