"""Flask baseline (run under gunicorn): POST /models/<name>/invocations with the same JSON Kiln takes."""
from flask import Flask, abort, jsonify, request

from common import score

app = Flask(__name__)


@app.post("/models/<name>/invocations")
def invocations(name):
    result = score(name, request.get_json(force=True))
    if result is None:
        abort(404)
    return jsonify(result)
