"""Shared by the Python baselines: load the pickled scikit-learn models and score an MLflow-style request.

The request is the same JSON Kiln gets: {"dataframe_split": {"columns": [...20 names...], "data": [[...], ...]}}.
Columns are put in the model's feature order; the answer is {"predictions": {"probabilities": [[...], ...]}}.
"""
import os
import pickle

import numpy as np

MODELS_DIR = os.environ["BENCH_MODELS_DIR"]
FEATURES = [f"f{i}" for i in range(20)]
MODELS = {}
for name in ("random_forest", "mlp"):
    with open(os.path.join(MODELS_DIR, f"{name}.pkl"), "rb") as f:
        MODELS[name] = pickle.load(f)


def score(name, body):
    model = MODELS.get(name)
    if model is None:
        return None
    split = body["dataframe_split"]
    position = {column: i for i, column in enumerate(split["columns"])}
    order = [position[feature] for feature in FEATURES]
    x = np.asarray(split["data"], dtype=np.float32)[:, order]
    return {"predictions": {"probabilities": model.predict_proba(x).tolist()}}
