"""Wraps the benchmark ONNX models as MLflow model folders (column-based signature f0..f19) and writes request bodies.

usage: make_mlflow_models.py <benchmark-models-dir> <out-dir>
"""
import json
import os
import shutil
import sys

models_dir, out_dir = sys.argv[1], sys.argv[2]
features = [f"f{i}" for i in range(20)]
signature_inputs = json.dumps([{"type": "double", "name": f, "required": True} for f in features])
signature_outputs = json.dumps([
    {"name": "label", "type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}},
    {"name": "probabilities", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}},
])
for name in ("random_forest", "mlp"):
    folder = os.path.join(out_dir, name)
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(models_dir, f"{name}.onnx"), os.path.join(folder, "model.onnx"))
    with open(os.path.join(models_dir, f"{name}.sample.json")) as f:
        sample = json.load(f)
    rows = sample["rows"]
    rows = [[float(v) for v in row] for row in rows]
    with open(os.path.join(folder, "input_example.json"), "w") as f:
        json.dump({"columns": features, "data": rows[:2]}, f)
    with open(os.path.join(folder, "MLmodel"), "w") as f:
        f.write(f"""artifact_path: model
flavors:
  onnx:
    data: model.onnx
    onnx_version: 1.12.0
  python_function:
    data: model.onnx
    loader_module: mlflow.onnx
mlflow_version: 2.17.0
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  type: dataframe
signature:
  inputs: '{signature_inputs}'
  outputs: '{signature_outputs}'
  params: null
""")
    with open(os.path.join(out_dir, f"{name}.request.json"), "w") as f:
        json.dump({"dataframe_split": {"columns": features, "data": [rows[0]]}}, f)
