#!/usr/bin/env python3
"""A real, dependency-free training script for sagemaker-bench's local mode (python3 standard library only).

It learns to read digits: softmax regression, trained by mini-batch SGD, on 8x8 images of the ten
digits drawn from a 5x7 font, shifted, with uneven ink, noise and flipped pixels. It runs as a
SageMaker training container's entry point does, through the contract of the SageMaker training
toolkit, so the same file runs locally and in a real job:

- hyperparameters from ``$SM_HPS`` (JSON) or ``<base>/input/config/hyperparameters.json`` (the
  request's strings, each parsed as JSON where it parses, as the toolkit does), where ``<base>`` is
  ``$SAGEMAKER_BASE_DIR`` or ``/opt/ml``:

  ``epochs`` (5), ``batch-size`` or ``batch_size`` (64), ``learning-rate`` (0.1), ``seed`` (42),
  ``validation-split`` (0.2: the held-out share of the data), ``sleep-per-epoch`` (0: seconds
  slept per epoch, spread over its steps, to make a run as long as a test needs). Any other
  hyperparameter (``sagemaker_program`` and the like) is ignored.
- the training channel: every ``*.csv`` in ``$SM_CHANNEL_TRAINING`` (or
  ``<base>/input/data/training``); each row ``label,p0,...,p63``, a header row allowed. When the
  channel holds no CSV, the data set is generated in memory (same generator as ``--generate``).
- ``$SM_MODEL_DIR`` (or ``<base>/model``) gets ``model.json`` (the weights); ``$SM_OUTPUT_DATA_DIR``
  (or ``<base>/output/data``) gets ``metrics.json`` (every epoch's metrics).

Per epoch it prints what tf.keras 2 ``fit(verbose=2)`` prints, byte for byte, with the real
elapsed time and step count (so sagemaker-bench's ``parseTrainingLog`` reads its epochs)::

    Epoch 1/5
    25/25 - 0s - loss: 1.7820 - accuracy: 0.6881 - val_loss: 1.3982 - val_accuracy: 0.7400 - 106ms/epoch - 4ms/step

A bad hyperparameter (or unreadable data) writes the reason to ``<base>/output/failure`` (SageMaker
reports its first 1024 characters as the job's FailureReason) and exits 1. SIGTERM (what
StopTrainingJob and MaxRuntimeInSeconds send) prints a note, saves the current weights to
``<base>/checkpoints/checkpoint.json`` when that directory exists, and exits 143 at once.

Run it by hand:

    # write a data set (train.csv) into a directory
    python3 examples/local/train.py --generate /tmp/data

    # lay out a SageMaker-like tree and train in it
    mkdir -p /tmp/ml/input/config /tmp/ml/input/data
    python3 examples/local/train.py --generate /tmp/ml/input/data/training
    echo '{"epochs": "5", "batch-size": "64", "learning-rate": "0.1"}' > /tmp/ml/input/config/hyperparameters.json
    SAGEMAKER_BASE_DIR=/tmp/ml python3 examples/local/train.py
"""

import argparse
import json
import math
import os
import random
import signal
import sys
import time

NUM_CLASSES = 10
SIDE = 8
NUM_FEATURES = SIDE * SIDE

# The ten digits of a 5x7 font ('#' is ink), placed on the 8x8 canvas at one of four offsets.
GLYPHS = [
    [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
    ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
    ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
    ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
    ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
    [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
    [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
]

DEFAULTS = {
    "epochs": 5,
    "batch-size": 64,
    "learning-rate": 0.1,
    "seed": 42,
    "validation-split": 0.2,
    "sleep-per-epoch": 0.0,
}


class ConfigError(Exception):
    """A hyperparameter, the channel or the data is not usable: the job fails with this reason."""


class Terminated(Exception):
    """SIGTERM arrived."""


# --------------------------------------------------------------------------------------------
# Data


def generate(samples, seed):
    """Returns `samples` (label, pixels) pairs: digits shifted on the canvas, uneven ink, noise."""
    rng = random.Random(seed)
    data = []
    for i in range(samples):
        label = i % NUM_CLASSES
        glyph = GLYPHS[label]
        dx = rng.randint(1, 2)  # the 5x7 glyph lands one or two columns in, one row up or down
        dy = rng.randint(0, SIDE - 7)
        ink = rng.uniform(0.55, 1.0)
        pixels = [0.0] * NUM_FEATURES
        for r, row in enumerate(glyph):
            for c, ch in enumerate(row):
                if ch == "#":
                    pixels[(r + dy) * SIDE + (c + dx)] = ink
        for k in range(NUM_FEATURES):
            if rng.random() < 0.06:
                pixels[k] = ink - pixels[k]  # a flipped pixel
            pixels[k] = min(1.0, max(0.0, pixels[k] + rng.gauss(0.0, 0.15)))
        data.append((label, pixels))
    rng.shuffle(data)
    return data


def write_csv(path, data):
    with open(path, "w") as f:
        f.write("label," + ",".join("p%d" % k for k in range(NUM_FEATURES)) + "\n")
        for label, pixels in data:
            f.write("%d,%s\n" % (label, ",".join("%.3f" % p for p in pixels)))


def read_channel(channel):
    """Every row of every *.csv in the channel (sorted by name); [] when there is none."""
    if not os.path.isdir(channel):
        return []
    names = sorted(n for n in os.listdir(channel) if n.endswith(".csv") and os.path.isfile(os.path.join(channel, n)))
    data = []
    width = None
    for name in names:
        path = os.path.join(channel, name)
        with open(path) as f:
            for lineno, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                cells = line.split(",")
                try:
                    values = [float(x) for x in cells]
                except ValueError:
                    if lineno == 1:
                        continue  # a header
                    raise ConfigError("%s line %d: not a row of numbers: %.60s" % (path, lineno, line))
                if width is None:
                    width = len(values)
                    if width < 2:
                        raise ConfigError("%s line %d: a row needs a label and at least one feature" % (path, lineno))
                if len(values) != width:
                    raise ConfigError("%s line %d: %d columns, the first row had %d" % (path, lineno, len(values), width))
                label = values[0]
                if label != int(label) or label < 0:
                    raise ConfigError("%s line %d: the label must be a class number >= 0, got %s" % (path, lineno, cells[0]))
                data.append((int(label), values[1:]))
    return data


# --------------------------------------------------------------------------------------------
# Configuration (the SageMaker training toolkit's contract)


def base_dir():
    return os.environ.get("SAGEMAKER_BASE_DIR", "/opt/ml")


def parse_value(value):
    """As the toolkit's read_hyperparameters: a string that parses as JSON is its JSON value."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def read_hyperparameters():
    hps_env = os.environ.get("SM_HPS")
    if hps_env is not None and hps_env.strip() != "":
        source = "$SM_HPS"
        try:
            raw = json.loads(hps_env)
        except ValueError as e:
            raise ConfigError("$SM_HPS is not JSON: %s" % e)
    else:
        path = os.path.join(base_dir(), "input", "config", "hyperparameters.json")
        source = path
        if not os.path.exists(path):
            raw = {}
        else:
            try:
                with open(path) as f:
                    raw = json.load(f)
            except ValueError as e:
                raise ConfigError("%s is not JSON: %s" % (path, e))
    if not isinstance(raw, dict):
        raise ConfigError("%s must hold a JSON object, got %s" % (source, type(raw).__name__))
    hps = {}
    given = {}
    for key, value in raw.items():
        name = key.replace("_", "-")
        if name not in DEFAULTS:
            continue  # sagemaker_program, sagemaker_region, ... or the user's own
        value = parse_value(value)
        if name in given and given[name][1] != value:
            raise ConfigError("hyperparameters %r and %r disagree: %r and %r" % (given[name][0], key, given[name][1], value))
        given[name] = (key, value)
    for name, default in DEFAULTS.items():
        key, value = given.get(name, (name, default))
        hps[name] = check(name, key, value)
    return hps


def check(name, key, value):
    given = json.dumps(value)

    def bad(what):
        return ConfigError("hyperparameter %s must be %s, got %s" % (key, what, given))

    if name in ("epochs", "batch-size", "seed"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            raise bad("an integer")
        value = int(value)
        if name != "seed" and value < 1:
            raise bad("at least 1")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise bad("a number")
    value = float(value)
    if name == "learning-rate" and value <= 0:
        raise bad("greater than 0")
    if name == "validation-split" and not 0 <= value < 1:
        raise bad("at least 0 and less than 1")
    if name == "sleep-per-epoch" and value < 0:
        raise bad("at least 0")
    return value


def write_failure(reason):
    """<base>/output/failure, as SageMaker's contract has it (its first 1024 characters become FailureReason)."""
    try:
        out = os.path.join(base_dir(), "output")
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "failure"), "w") as f:
            f.write(reason)
    except OSError as e:
        sys.stderr.write("could not write the failure file: %s\n" % e)


# --------------------------------------------------------------------------------------------
# The model: softmax regression, W[c] . x + b[c]


def standardizer(rows, num_features):
    """Each feature's mean and standard deviation over the training rows (1 where it is constant)."""
    n = len(rows)
    mean = [sum(x[k] for _, x in rows) / n for k in range(num_features)]
    std = []
    for k in range(num_features):
        var = sum((x[k] - mean[k]) ** 2 for _, x in rows) / n
        std.append(math.sqrt(var) if var > 1e-12 else 1.0)
    return mean, std


def standardize(rows, mean, std):
    return [(label, [(v - m) / s for v, m, s in zip(x, mean, std)]) for label, x in rows]


def predict(weights, bias, x):
    scores = [sum(map(float.__mul__, w, x)) + b for w, b in zip(weights, bias)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def evaluate(weights, bias, data):
    loss = 0.0
    correct = 0
    for label, x in data:
        p = predict(weights, bias, x)
        loss -= math.log(max(p[label], 1e-12))
        correct += p.index(max(p)) == label
    n = max(len(data), 1)
    return loss / n, correct / n


def keras_number(value):
    """Progbar's metric format: 4 decimals, or scientific notation at or below 1e-3."""
    return ("%.4f" if value > 1e-3 else "%.4e") % value


def keras_time(seconds, unit):
    """Progbar._format_time."""
    if seconds >= 1 or seconds == 0:
        return " %.0fs/%s" % (seconds, unit)
    if seconds >= 1e-3:
        return " %.0fms/%s" % (seconds * 1e3, unit)
    return " %.0fus/%s" % (seconds * 1e6, unit)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Trainer:
    def __init__(self, hps, train, val, num_classes, num_features, mean, std):
        self.hps = hps
        self.mean = mean
        self.std = std
        self.train = train
        self.val = val
        self.weights = [[0.0] * num_features for _ in range(num_classes)]
        self.bias = [0.0] * num_classes
        self.epoch = 0  # epochs finished
        self.history = []

    def run(self):
        hps = self.hps
        epochs, batch, lr = hps["epochs"], hps["batch-size"], hps["learning-rate"]
        rng = random.Random(hps["seed"] + 1)
        steps = max(1, math.ceil(len(self.train) / batch))
        pause = hps["sleep-per-epoch"] / steps
        order = list(range(len(self.train)))
        for epoch in range(epochs):
            if epochs > 1:  # tf.keras prints no header for fit(epochs=1)
                say("Epoch %d/%d" % (epoch + 1, epochs))
            start = time.time()
            rng.shuffle(order)
            seen = 0
            loss_sum = 0.0
            correct = 0
            for step in range(steps):
                rows = [self.train[i] for i in order[step * batch:(step + 1) * batch]]
                grad_w = [[0.0] * len(self.weights[0]) for _ in self.weights]
                grad_b = [0.0] * len(self.bias)
                for label, x in rows:
                    p = predict(self.weights, self.bias, x)
                    loss_sum -= math.log(max(p[label], 1e-12))
                    correct += p.index(max(p)) == label
                    p[label] -= 1.0
                    for c, d in enumerate(p):
                        if d > 1e-6 or d < -1e-6:
                            g = grad_w[c]
                            grad_w[c] = [gi + d * xi for gi, xi in zip(g, x)]
                            grad_b[c] += d
                scale = lr / len(rows)
                for c in range(len(self.weights)):
                    self.weights[c] = [w - scale * g for w, g in zip(self.weights[c], grad_w[c])]
                    self.bias[c] -= scale * grad_b[c]
                seen += len(rows)
                if pause > 0:
                    time.sleep(pause)
            train_end = time.time()
            logs = {"loss": loss_sum / seen, "accuracy": correct / seen}
            if self.val:
                logs["val_loss"], logs["val_accuracy"] = evaluate(self.weights, self.bias, self.val)
            now = time.time()
            # tf.keras 2 Progbar, verbose=2: count, elapsed, metrics, then time per epoch and per step
            # (measured to the end of the last training step, validation excluded).
            line = "%d/%d - %.0fs" % (steps, steps, now - start)
            for k, v in logs.items():
                line += " - %s: %s" % (k, keras_number(v))
            line += " -" + keras_time(train_end - start, "epoch") + " -" + keras_time((train_end - start) / steps, "step")
            say(line)
            self.epoch = epoch + 1
            self.history.append(dict(epoch=epoch + 1, seconds=round(now - start, 3), steps=steps, **logs))

    def model(self):
        return {
            "model": "softmax-regression",
            "classes": len(self.bias),
            "features": len(self.weights[0]),
            "epochs": self.epoch,
            "hyperparameters": self.hps,
            "input": "x -> (x - mean) / std, then softmax(weights . x + bias)",
            "mean": self.mean,
            "std": self.std,
            "weights": self.weights,
            "bias": self.bias,
        }


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def on_sigterm(signum, frame):
    raise Terminated()


def train():
    trainer = None
    try:
        hps = read_hyperparameters()
        channel = os.environ.get("SM_CHANNEL_TRAINING") or os.path.join(base_dir(), "input", "data", "training")
        data = read_channel(channel)
        if not data:
            say("No CSV in the training channel %s: generating 2000 digits (seed %d)" % (channel, hps["seed"]))
            data = generate(2000, hps["seed"])
        num_features = len(data[0][1])
        num_classes = max(label for label, _ in data) + 1
        rows = list(data)
        random.Random(hps["seed"]).shuffle(rows)
        n_val = int(len(rows) * hps["validation-split"])
        if len(rows) - n_val < 1:
            raise ConfigError("validation-split %s leaves no training rows out of %d" % (hps["validation-split"], len(rows)))
        val, train_rows = rows[:n_val], rows[n_val:]
        mean, std = standardizer(train_rows, num_features)
        train_rows = standardize(train_rows, mean, std)
        val = standardize(val, mean, std)
        trainer = Trainer(hps, train_rows, val, num_classes, num_features, mean, std)
        trainer.run()
        model_dir = os.environ.get("SM_MODEL_DIR") or os.path.join(base_dir(), "model")
        output_data = os.environ.get("SM_OUTPUT_DATA_DIR") or os.path.join(base_dir(), "output", "data")
        write_json(os.path.join(model_dir, "model.json"), trainer.model())
        final = trainer.history[-1]
        write_json(
            os.path.join(output_data, "metrics.json"),
            {"epochs": trainer.history, "final": {k: final[k] for k in ("loss", "accuracy", "val_loss", "val_accuracy") if k in final},
             "train_samples": len(train_rows), "validation_samples": len(val)},
        )
        return 0
    except Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        checkpoints = os.path.join(base_dir(), "checkpoints")
        if trainer is None:
            note = "SIGTERM: stopping before training started"
        elif trainer.epoch < trainer.hps["epochs"]:
            note = "SIGTERM: stopping in epoch %d/%d (%d finished)" % (trainer.epoch + 1, trainer.hps["epochs"], trainer.epoch)
        else:
            note = "SIGTERM: stopping after the last epoch, before the model was saved"
        if trainer is not None and os.path.isdir(checkpoints):
            try:
                write_json(os.path.join(checkpoints, "checkpoint.json"), trainer.model())
                note += "; weights saved to %s" % os.path.join(checkpoints, "checkpoint.json")
            except OSError as e:
                note += "; no checkpoint (%s)" % e
        say(note)
        return 143
    except ConfigError as e:
        reason = str(e)
        sys.stderr.write("Training failed: %s\n" % reason)
        write_failure(reason)
        return 1
    except Exception as e:  # anything else still leaves a reason behind, as the toolkit does
        reason = "%s: %s" % (type(e).__name__, e)
        sys.stderr.write("Training failed: %s\n" % reason)
        write_failure(reason)
        raise


def main(argv):
    parser = argparse.ArgumentParser(description="Softmax regression on synthetic digits, as a SageMaker training container runs it.")
    parser.add_argument("--generate", metavar="DIR", help="write DIR/train.csv (a synthetic digits data set) and exit")
    parser.add_argument("--samples", type=int, default=2000, help="rows --generate writes (default 2000)")
    parser.add_argument("--seed", type=int, default=42, help="seed of --generate (default 42)")
    # A container's entry point is called with 'train' (docker run IMAGE train): accept and ignore it.
    parser.add_argument("mode", nargs="?", choices=["train"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate is not None:
        if args.samples < 1:
            parser.error("--samples must be at least 1")
        os.makedirs(args.generate, exist_ok=True)
        path = os.path.join(args.generate, "train.csv")
        write_csv(path, generate(args.samples, args.seed))
        say("Wrote %d rows to %s" % (args.samples, path))
        return 0
    signal.signal(signal.SIGTERM, on_sigterm)
    return train()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
