// The fixed Python text of an exported Keras script. The only varying part, the settings, is
// prepended by keras-script.ts as `SETTINGS = json.loads("…")`; nothing here is built from user
// input. The split code is a line-for-line port of src/core/random.ts and
// src/trainer/data/splits.ts, so the script trains, validates and tests on the same rows as
// MNIST Lab (a unit test compares the two); training itself is Keras's own.

export const PYTHON_HEADER = String.raw`#!/usr/bin/env python3
"""Standalone Keras reproduction of an MNIST Lab experiment, written by mnist-lab export-keras.

Needs Python 3.9+, numpy, tensorflow (or tensorflow-cpu) and keras. Reads the same IDX files
as MNIST Lab (nothing is downloaded) and splits them with the same seeded rules, so train,
validation and test hold the same images. Prints each trial's test accuracy, then one JSON
line with every result (the last line of stdout).

  python3 THIS_FILE.py [--threads N] [--mnist-dir DIR] [--verbose] [--dump-splits]
"""
import argparse
import gzip
import json
import math
import os
import sys
import time
`;

export const PYTHON_BODY = String.raw`
M32 = 0xFFFFFFFF


def mulberry32(seed):
    """MNIST Lab's seeded PRNG (src/core/random.ts), in unsigned 32-bit arithmetic."""
    state = [seed & M32]

    def next_float():
        state[0] = (state[0] + 0x6D2B79F5) & M32
        t = state[0]
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296.0

    return next_float


def shuffle_in_place(values, rnd):
    for i in range(len(values) - 1, 0, -1):
        j = math.floor(rnd() * (i + 1))
        values[i], values[j] = values[j], values[i]
    return values


def js_round(x):
    # JavaScript's Math.round: halves go up, unlike Python's round().
    return math.floor(x + 0.5)


def stratified_split(split, fraction, rnd, stratify=True):
    """Holds out round(fraction * n) rows, shared among classes by size (largest remainders first)."""
    refs, classes = split
    groups = {}
    for i in range(len(refs)):
        groups.setdefault(classes[i] if stratify else 0, []).append(i)
    keys = sorted(groups)
    wanted = js_round(len(refs) * fraction)
    exact = [len(groups[k]) * fraction for k in keys]
    take = [math.floor(e) for e in exact]
    leftover = wanted - sum(take)
    order = sorted(range(len(keys)), key=lambda i: (-(exact[i] - take[i]), i))
    for i in order[: max(leftover, 0)]:
        take[i] += 1
    rest, held = [], []
    for i, key in enumerate(keys):
        members = shuffle_in_place(groups[key], rnd)
        held.extend(members[: take[i]])
        rest.extend(members[take[i]:])
    shuffle_in_place(rest, rnd)
    shuffle_in_place(held, rnd)
    return pick(split, rest), pick(split, held)


def pick(split, positions):
    refs, classes = split
    return [refs[p] for p in positions], [classes[p] for p in positions]


def stratified_subset(split, limit, rnd, stratify=True):
    if limit is None or limit >= len(split[0]):
        return split
    return stratified_split(split, limit / len(split[0]), rnd, stratify)[1]


def select_classes(labels, wanted, offset):
    class_of = {label: i for i, label in enumerate(wanted)}
    refs, classes = [], []
    for i, label in enumerate(labels):
        c = class_of.get(label)
        if c is not None:
            refs.append(i + offset)
            classes.append(c)
    return refs, classes


def prepare_splits(dataset, data, seed):
    """Row references (a training-file row r, or train_count + a test-file row) per split."""
    rnd = mulberry32((seed & M32) ^ 0x5EED)
    train_labels, test_labels = dataset["train_labels"], dataset["test_labels"]
    missing = [c for c in data["classes"] if c not in set(train_labels)]
    if missing:
        raise SystemExit(f"{dataset['dir']}: the training labels contain no {', '.join(map(str, missing))} (data.classes lists them)")
    official_train = select_classes(train_labels, data["classes"], 0)
    official_test = select_classes(test_labels, data["classes"], len(train_labels))
    if data["split"] == "pooled":
        pooled = (official_train[0] + official_test[0], official_train[1] + official_test[1])
        pool, test = stratified_split(pooled, data["testFraction"], rnd, data["stratify"])
    else:
        pool, test = official_train, official_test
    limit = data.get("limit") or {}
    pool = stratified_subset(pool, limit.get("train"), rnd, data["stratify"])
    test = stratified_subset(test, limit.get("test"), rnd, data["stratify"])
    train, validation = stratified_split(pool, data["validationFraction"], rnd, data["stratify"])
    return {"train": train, "validation": validation, "test": test}


# ---- IDX files -------------------------------------------------------------------------------

PARTS = {
    "train_images": ("train-images", "idx3"),
    "train_labels": ("train-labels", "idx1"),
    "test_images": ("t10k-images", "idx3"),
    "test_labels": ("t10k-labels", "idx1"),
}


def find_part(folder, stem, kind):
    names = set(os.listdir(folder))
    wanted = [f"{stem}-{kind}-ubyte", f"{stem}.{kind}-ubyte"]
    for w in wanted:
        for candidate in (w, w + ".gz"):
            if candidate in names:
                return os.path.join(folder, candidate)
    raise SystemExit(f"{folder}: no {stem} file found; expected one of {', '.join(w + s for w in wanted for s in ('', '.gz'))}")


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    start = 4 + 4 * ndim
    size = 1
    for d in dims:
        size *= d
    if len(raw) - start < size:
        raise SystemExit(f"{path}: header promises {size} bytes of data, the file has {len(raw) - start}")
    return dims, raw[start: start + size]


def load_dataset(folder, with_images=True):
    if not os.path.isdir(folder):
        raise SystemExit(f"{folder}: dataset folder does not exist")
    out = {"dir": folder}
    for key, (stem, kind) in PARTS.items():
        if key.endswith("images") and not with_images:
            continue
        dims, data = read_idx(find_part(folder, stem, kind))
        out[key] = list(data) if key.endswith("labels") else (dims, data)
    return out


def data_dir(trial, args):
    return trial["data"]["dir"] or args.mnist_dir or SETTINGS["mnistDir"]


# ---- Keras -----------------------------------------------------------------------------------

def keras_initializer(keras, spec, seed):
    name = spec["name"]
    if name == "randomNormal":
        return keras.initializers.RandomNormal(mean=spec.get("mean", 0.0), stddev=spec.get("stddev", 0.05), seed=seed)
    if name == "randomUniform":
        return keras.initializers.RandomUniform(minval=spec.get("minval", -0.05), maxval=spec.get("maxval", 0.05), seed=seed)
    if name == "zeros":
        return keras.initializers.Zeros()
    cls = {
        "heNormal": keras.initializers.HeNormal,
        "heUniform": keras.initializers.HeUniform,
        "glorotNormal": keras.initializers.GlorotNormal,
        "glorotUniform": keras.initializers.GlorotUniform,
        "leCunNormal": keras.initializers.LecunNormal,
    }[name]
    return cls(seed=seed)


def build_model(keras, trial, input_size):
    model_cfg, seed = trial["model"], trial["training"]["seed"]
    layers = [keras.Input(shape=(input_size,))]
    # Kernel seeds follow MNIST Lab's rule (seed + 1009 * layer number); biases start at zero.
    for i, layer in enumerate(model_cfg["hidden"]):
        layers.append(keras.layers.Dense(layer["units"], activation=layer["activation"], kernel_initializer=keras_initializer(keras, layer["initializer"], seed + 1009 * (i + 1)), bias_initializer="zeros"))
    last = model_cfg["hidden"][-1]["initializer"] if model_cfg["hidden"] else {"name": "glorotUniform"}
    n = len(model_cfg["hidden"]) + 1
    layers.append(keras.layers.Dense(model_cfg["outputUnits"], activation=model_cfg["outputActivation"], kernel_initializer=keras_initializer(keras, last, seed + 1009 * n), bias_initializer="zeros"))
    return keras.Sequential(layers)


def make_optimizer(keras, training):
    lr = training["learningRate"]
    # Keras's defaults, which MNIST Lab also uses (epsilon 1e-7, rho 0.9).
    if training["optimizer"] == "adam":
        return keras.optimizers.Adam(learning_rate=lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    if training["optimizer"] == "sgd":
        return keras.optimizers.SGD(learning_rate=lr)
    return keras.optimizers.RMSprop(learning_rate=lr, rho=0.9, momentum=0.0, epsilon=1e-7)


LOSSES = {"binaryCrossentropy": "binary_crossentropy", "categoricalCrossentropy": "categorical_crossentropy", "meanSquaredError": "mean_squared_error"}


def make_early_stopping(keras, settings):
    class EarlyStopping(keras.callbacks.Callback):
        """Keras's EarlyStopping rule, except that the best weights are restored whenever
        restoreBestWeights is set, also when the epochs run out first (as MNIST Lab does;
        keras.callbacks.EarlyStopping restores only when it stops training itself)."""

        def __init__(self):
            super().__init__()
            self.best, self.best_epoch, self.wait, self.best_weights = math.inf, 0, 0, None
            self.stopped = False

        def on_epoch_end(self, epoch, logs=None):
            value = (logs or {}).get(settings["monitor"])
            if value is None or math.isnan(value):
                raise RuntimeError(f"early stopping monitors {settings['monitor']}, which this run does not compute")
            score = -value if settings["monitor"].endswith("accuracy") else value
            if score < self.best - settings["minDelta"]:
                self.best, self.best_epoch, self.wait = score, epoch + 1, 0
                if settings["restoreBestWeights"]:
                    self.best_weights = self.model.get_weights()
                return
            self.wait += 1
            if self.wait >= settings["patience"]:
                self.stopped = True
                self.model.stop_training = True

        def on_train_end(self, logs=None):
            if settings["restoreBestWeights"] and self.best_weights is not None:
                self.model.set_weights(self.best_weights)

    return EarlyStopping()


EPSILON = 1e-7


def scores(np, probs, classes, units, loss):
    """Loss and accuracy as MNIST Lab evaluates a split (probabilities clipped to [1e-7, 1-1e-7])."""
    classes = np.asarray(classes)
    probs = probs.astype(np.float64)
    if units == 1:
        p = probs[:, 0]
        predicted = (p >= 0.5).astype(np.int64)
        clipped = np.clip(p, EPSILON, 1 - EPSILON)
        if loss == "meanSquaredError":
            per = (classes - p) ** 2
        else:
            per = -(classes * np.log(clipped) + (1 - classes) * np.log(1 - clipped))
    else:
        predicted = probs.argmax(axis=1)
        onehot = np.eye(units)[classes]
        clipped = np.clip(probs, EPSILON, 1 - EPSILON)
        if loss == "categoricalCrossentropy":
            per = -np.log(clipped[np.arange(len(classes)), classes])
        elif loss == "meanSquaredError":
            per = ((onehot - probs) ** 2).mean(axis=1)
        else:
            per = -(onehot * np.log(clipped) + (1 - onehot) * np.log(1 - clipped)).mean(axis=1)
    n = len(classes)
    return (float(per.mean()) if n else math.nan), (float((predicted == classes).mean()) if n else math.nan)


class Data:
    """One dataset's pixels (train rows then test rows) and the splits of each seed and setting."""

    def __init__(self, np, folder):
        raw = load_dataset(folder)
        (tdims, timages), (sdims, simages) = raw["train_images"], raw["test_images"]
        if tdims[1:] != sdims[1:]:
            raise SystemExit(f"{folder}: test images are {sdims[1]}x{sdims[2]}, training images {tdims[1]}x{tdims[2]}")
        self.size = tdims[1] * tdims[2]
        self.raw = raw
        self.images = np.concatenate([np.frombuffer(timages, dtype=np.uint8), np.frombuffer(simages, dtype=np.uint8)]).reshape(-1, self.size)
        self.splits = {}

    def split(self, data, seed):
        key = json.dumps([data, seed], sort_keys=True)
        if key not in self.splits:
            self.splits[key] = prepare_splits(self.raw, data, seed)
        return self.splits[key]


def scaling(np, images, normalization):
    """(scale, offset) from the training rows, as MNIST Lab's computeScaling."""
    if normalization == "divide255":
        return 1 / 255, 0.0
    lo, hi = int(images.min()), int(images.max())
    if normalization == "minmax":
        span = (hi - lo) or 1
        return 1 / span, -lo / span
    n = images.size
    mean = float(images.sum(dtype=np.float64)) / n
    var = float((images.astype(np.float64) ** 2).sum()) / n - mean * mean
    std = math.sqrt(max(var, 1e-12))
    return 1 / std, -mean / std


def train_trial(np, keras, trial, data, args):
    started = time.perf_counter()
    splits = data.split(trial["data"], trial["training"]["seed"])
    units = trial["model"]["outputUnits"]
    train_rows = data.images[np.asarray(splits["train"][0], dtype=np.int64)]
    scale, offset = scaling(np, train_rows, trial["data"]["normalization"])
    # One float32 value per byte value: the same rounding as MNIST Lab's pixel * scale + offset.
    lut = (np.arange(256, dtype=np.float64) * scale + offset).astype(np.float32)

    def arrays(split):
        refs, classes = split
        x = lut[data.images[np.asarray(refs, dtype=np.int64)]] if refs else np.zeros((0, data.size), np.float32)
        c = np.asarray(classes, dtype=np.int64)
        y = c.reshape(-1, 1).astype(np.float32) if units == 1 else np.eye(units, dtype=np.float32)[c]
        return x, y, c

    x, y, _ = arrays(splits["train"])
    del train_rows
    xv, yv, cv = arrays(splits["validation"])
    xt, _, ct = arrays(splits["test"])
    training = trial["training"]
    if len(x) == 0:
        raise SystemExit("the training split is empty; check data.classes, data.limit and data.validationFraction")
    if training["batchSize"] > len(x):
        raise SystemExit(f"training.batchSize {training['batchSize']} is larger than the {len(x)} training samples")

    keras.utils.set_random_seed(training["seed"])
    model = build_model(keras, trial, data.size)
    accuracy = keras.metrics.BinaryAccuracy(name="accuracy", threshold=0.5) if units == 1 else keras.metrics.CategoricalAccuracy(name="accuracy")
    model.compile(optimizer=make_optimizer(keras, training), loss=LOSSES[training["loss"]], metrics=[accuracy])
    stopper = make_early_stopping(keras, training["earlyStopping"]) if training["earlyStopping"] else None
    history = model.fit(
        x, y,
        batch_size=training["batchSize"],
        epochs=training["epochs"],
        validation_data=(xv, yv) if len(xv) else None,
        shuffle=True,
        callbacks=[stopper] if stopper else [],
        verbose=2 if args.verbose else 0,
    )
    h = history.history
    epochs_run = len(h["loss"])
    if stopper and stopper.best_epoch > 0:
        best_epoch = stopper.best_epoch
    else:
        # Without early stopping the last weights stay, but the best epoch is the first with the
        # lowest finite validation loss (training loss without a validation split), as
        # src/core/best.ts marks it.
        curve = h.get("val_loss") or h["loss"]
        finite = [i for i in range(len(curve)) if math.isfinite(curve[i])]
        best_epoch = 1 + min(finite, key=lambda i: curve[i]) if finite else None
    predict_batch = max(training["batchSize"], 1024)
    test_loss, test_accuracy = scores(np, model.predict(xt, batch_size=predict_batch, verbose=0), ct, units, training["loss"])
    val_loss, val_accuracy = scores(np, model.predict(xv, batch_size=predict_batch, verbose=0), cv, units, training["loss"]) if len(xv) else (None, None)
    return {
        "index": trial["index"],
        "label": trial["label"],
        "testAccuracy": test_accuracy,
        "testLoss": test_loss,
        "valAccuracy": val_accuracy,
        "valLoss": val_loss,
        "epochsRun": epochs_run,
        "bestEpoch": best_epoch,
        "stoppedEarly": epochs_run < training["epochs"],
        "sizes": {"train": len(x), "validation": len(xv), "test": len(xt)},
        "history": {k: [float(v) for v in vs] for k, vs in h.items()},
        "seconds": time.perf_counter() - started,
    }


# ---- the backprop walkthrough (2-3-1) ----------------------------------------------------------

WEIGHTS = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"]
BIASES = ["b1", "b2", "b3", "bOut"]
# Where each named parameter sits in the Keras layers: w1, w2 feed h1 from x1, x2; w7..w9 feed the output.
SLOTS = {
    "w1": (0, (0, 0)), "w2": (0, (1, 0)), "w3": (0, (0, 1)), "w4": (0, (1, 1)), "w5": (0, (0, 2)), "w6": (0, (1, 2)),
    "b1": (1, (0,)), "b2": (1, (1,)), "b3": (1, (2,)),
    "w7": (2, (0, 0)), "w8": (2, (1, 0)), "w9": (2, (2, 0)), "bOut": (3, (0,)),
}


def backprop_walkthrough(np, keras, tf, cfg):
    """Gradient descent on the 2-3-1 net with autodiff, updating only the chosen parameters."""
    started = time.perf_counter()
    keras.config.set_floatx("float64")
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(3, activation=cfg["hiddenActivation"]),
        keras.layers.Dense(1, activation=cfg["outputActivation"]),
    ])
    values = {**cfg["weights"], **cfg["biases"]}
    arrays = [np.zeros((2, 3)), np.zeros(3), np.zeros((3, 1)), np.zeros(1)]
    for name, (k, at) in SLOTS.items():
        arrays[k][at] = values[name]
    model.set_weights(arrays)
    masks = [np.zeros_like(a) for a in arrays]
    for name in cfg["update"]:
        k, at = SLOTS[name]
        masks[k][at] = 1.0
    x = tf.constant([cfg["inputs"]], dtype=tf.float64)
    y = tf.constant([[cfg["target"]]], dtype=tf.float64)

    def loss_of():
        y_hat = model(x)
        if cfg["loss"] == "mse":
            return tf.reduce_mean(tf.square(y_hat - y))  # (y_hat - y)^2: one output, no 1/2
        return -tf.reduce_mean(y * tf.math.log(y_hat) + (1 - y) * tf.math.log(1 - y_hat))

    losses, first_gradients = [], None
    for step in range(cfg["steps"]):
        with tf.GradientTape() as tape:
            loss = loss_of()
        grads = tape.gradient(loss, model.trainable_variables)
        if step == 0:
            losses.append(float(loss))
            first_gradients = {name: float(grads[k].numpy()[at]) for name, (k, at) in SLOTS.items()}
        for var, g, mask in zip(model.trainable_variables, grads, masks):
            var.assign_sub(cfg["learningRate"] * g * mask)
        losses.append(float(loss_of()))
    final = [v.numpy() for v in model.trainable_variables]
    return {
        "losses": losses,
        "gradients": first_gradients,
        "final": {name: float(final[k][at]) for name, (k, at) in SLOTS.items()},
        "seconds": time.perf_counter() - started,
    }


# ---- command line ----------------------------------------------------------------------------

def percent(v):
    return "n/a" if v is None or math.isnan(v) else f"{100 * v:.2f} %"


def main():
    parser = argparse.ArgumentParser(description="Keras reproduction of the MNIST Lab experiment " + json.dumps(SETTINGS["name"]))
    parser.add_argument("--threads", type=int, default=0, help="TensorFlow intra/inter-op threads (0: TensorFlow's default, all cores)")
    parser.add_argument("--mnist-dir", default=None, help="folder of MNIST's IDX files when the experiment uses the embedded MNIST (default: where mnist-lab found it)")
    parser.add_argument("--verbose", action="store_true", help="Keras's per-epoch log")
    parser.add_argument("--dump-splits", action="store_true", help="print each trial's split rows as JSON and exit (needs neither numpy nor TensorFlow)")
    args = parser.parse_args()
    started = time.perf_counter()
    trials = SETTINGS["trials"]

    if args.dump_splits:
        labels, splits, out = {}, {}, []
        for trial in trials:
            folder = data_dir(trial, args)
            if folder not in labels:
                labels[folder] = load_dataset(folder, with_images=False)
            key = json.dumps([folder, trial["data"], trial["training"]["seed"]], sort_keys=True)
            if key not in splits:
                splits[key] = prepare_splits(labels[folder], trial["data"], trial["training"]["seed"])
            out.append({k: v[0] for k, v in splits[key].items()})
        print(json.dumps(out))
        return

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import numpy as np
    import tensorflow as tf

    if args.threads > 0:
        # Must happen before TensorFlow creates its thread pools, i.e. before any op runs.
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras

    summary = {"experiment": SETTINGS["name"], "kind": SETTINGS["kind"], "keras": keras.__version__, "tensorflow": tf.__version__, "threads": args.threads or None}
    if SETTINGS["kind"] == "backprop":
        result = backprop_walkthrough(np, keras, tf, SETTINGS["backprop"])
        print(f"{SETTINGS['name']}: loss {result['losses'][0]:.6g} -> {result['losses'][-1]:.6g} after {len(result['losses']) - 1} step(s)")
        summary.update(result)
    else:
        datasets, results = {}, []
        for n, trial in enumerate(trials):
            folder = data_dir(trial, args)
            if folder not in datasets:
                datasets[folder] = Data(np, folder)
            r = train_trial(np, keras, trial, datasets[folder], args)
            keras.backend.clear_session()
            results.append(r)
            prefix = f"[{n + 1}/{len(trials)} {trial['label']}] " if len(trials) > 1 else ""
            print(f"{prefix}test accuracy {percent(r['testAccuracy'])}, test loss {r['testLoss']:.4f}, {r['epochsRun']} epochs (best {r['bestEpoch']}), {r['seconds']:.1f} s", flush=True)
        summary["trials"] = results
    summary["seconds"] = time.perf_counter() - started
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
`;
